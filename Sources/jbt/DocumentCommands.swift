import ArgumentParser
import Foundation
import JBTCore
import JBTUseCases
import JBTDocuments
import JBTInput

struct VerslagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verslag",
        abstract: "Leg het verslag van een gehouden gesprek vast (een nieuwe versie); een evaluatiemoment wordt een vervolg in de planning.")
    @OptionGroup var common: Common
    @Argument(help: "Referentie van de zaak.") var reference: String
    @Option(help: "Verslagbestand (YAML of JSON, zie docs/formats.md).") var from: String?
    @Flag(name: .customLong("geschiedenis"), help: "Toon alle versies: wie voegde wat wanneer toe.") var history = false
    func run() throws {
        try reportingErrors {
            let app = try common.app()
            if history { print(Text.history(try app.recordHistory(reference: checkedReference(reference), kind: .verslag))); return }
            guard let from else { throw ValidationError("geef --from BESTAND of --geschiedenis") }
            print(Text.recorded(try app.recordVerslag(reference: checkedReference(reference), path: from)))
        }
    }
}

struct VeiligheidsplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "veiligheidsplan", abstract: "Leg het veiligheidsplan vast (een nieuwe versie).")
    @OptionGroup var common: Common
    @Argument(help: "Referentie van de zaak.") var reference: String
    @Option(help: "Bestand met het veiligheidsplan (YAML of JSON, zie docs/formats.md).") var from: String?
    @Flag(name: .customLong("geschiedenis"), help: "Toon alle versies.") var history = false
    func run() throws {
        try reportingErrors {
            let app = try common.app()
            if history { print(Text.history(try app.recordHistory(reference: checkedReference(reference), kind: .veiligheidsplan))); return }
            guard let from else { throw ValidationError("geef --from BESTAND of --geschiedenis") }
            print(Text.recorded(try app.recordVeiligheidsplan(reference: checkedReference(reference), path: from)))
        }
    }
}

struct ReactieCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reactie",
        abstract: "Voeg de reactie van een ouder of professional toe aan het verslag (een nieuwe versie; eerdere blijven).")
    @OptionGroup var common: Common
    @Argument(help: "Referentie van de zaak.") var reference: String
    @Option(help: "Bestand met de reactie (van, rol, datum, tekst, eventueel gezinsversie).") var from: String
    @Option(name: .customLong("gezinsversie"),
            help: "Leg bij reactie N (1 = de eerste) de gezinsversie vast uit BESTAND (alleen gezinsversie: \"…\").")
    var familyVersionOf: Int?
    func run() throws {
        try reportingErrors {
            let app = try common.app()
            let reference = try checkedReference(reference)
            if let n = familyVersionOf {
                print(Text.recorded(try app.recordReactionFamilyVersion(reference: reference, number: n, path: from)))
                return
            }
            print(Text.recorded(try app.recordReaction(reference: reference, path: from)))
        }
    }
}

struct DocumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "document",
        abstract: "Maak een document: jbt document REF verslag|veiligheidsplan|uitnodiging|wachttijdsignalering, of jbt document --week W --region ID weekagenda.")
    @OptionGroup var common: Common
    @Argument(help: "[REF] SOORT — soort: verslag, veiligheidsplan, uitnodiging, wachttijdsignalering, weekagenda.") var items: [String]
    @Option(help: "Formaat: docx, pdf, html of md.") var format: String = "docx"
    @Option(help: "Uitvoerbestand (standaard in de huidige map, naar zaak en soort).") var out: String?
    @Option(name: .customLong("voor"), help: "Voor wie: professionals, ouder, vertrouwensfiguur of kind.") var audience: String?
    @Option(name: .customLong("versie"), help: "Een eerdere versie van het verslag of veiligheidsplan.") var version: Int?
    @Option(help: "Regio (weekagenda, wachttijdsignalering).") var region: String?
    @Option(help: "ISO-week (weekagenda), bijvoorbeeld 2026-W49.") var week: String?
    @Flag(name: .customLong("ontvangers"), help: "Toon wie welk document van de zaak ontvangt.") var listRecipients = false
    @Option(name: .customLong("vrijgeven"),
            help: "LET JB: een woord of zin die ten onrechte als de jeugdbeschermer werd herkend (herhaalbaar; in het auditlog).")
    var cleared: [String] = []
    func run() throws {
        try reportingErrors {
            let app = try common.app()
            if listRecipients {
                guard let ref = items.first else { throw ValidationError("geef de referentie van de zaak") }
                print(Text.recipients(try app.recipients(reference: checkedReference(ref))))
                return
            }
            guard let kindText = items.last, (1...2).contains(items.count) else {
                throw ValidationError("geef [REF] SOORT, bijvoorbeeld: jbt document JBT-1 verslag")
            }
            guard let kind = DocumentKind(rawValue: kindText) else {
                throw ValidationError("onbekende soort \"\(kindText)\"; kies uit: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let f = DocumentFormat(rawValue: format) else {
                throw ValidationError("--format: onbekend formaat \"\(format)\"; kies uit: docx, pdf, html, md")
            }
            let who = try audience.map { text -> DocumentAudience in
                guard let a = DocumentAudience(rawValue: text) else {
                    throw ValidationError("--voor: \"\(text)\" onbekend; kies uit: \(DocumentAudience.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return a
            }
            var request = App.DocumentRequest(reference: items.count == 2 ? try checkedReference(items[0]) : nil, kind: kind,
                                              audience: who, format: f, version: version, region: region, week: week,
                                              out: out)
            request.cleared = cleared
            let document = try app.document(request)
            let path = out ?? document.name
            // A file named .docx holds Word, .pdf a PDF: a name that says another format is refused.
            let named = (path as NSString).pathExtension.lowercased()
            if let said = DocumentFormat(rawValue: named), said != f {
                throw ValidationError("--out: \(path) heet een .\(named)-bestand, maar --format is \(f.rawValue); "
                    + "kies een naam op .\(f.rawValue) of --format \(named)")
            }
            try app.checkOutput(path)
            do {
                try writeAtomically(document.data, to: URL(fileURLWithPath: path))
            } catch let error as DocumentError {
                throw ServiceError.unavailable(error.errorDescription ?? "kan \(path) niet schrijven")
            } catch {
                throw ServiceError.unavailable("kan \(path) niet schrijven: \(SystemErrors.reason(for: error))")
            }
            print("\(kind.rawValue) geschreven naar \(path) (\(document.data.count) bytes).")
            for failure in document.ruleFailures { print("Let op: " + failure) }
        }
    }
}


struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "templates", abstract: "Sjablonen controleren.", subcommands: [Check.self])
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Toon de plaatshouders van een sjabloon, meld onbekende en niet-gesloten secties met naam en plaats, en probeer het met een volledig en een leeg voorbeeld.")
        @Argument(help: "Sjabloon (verslag.docx, uitnodiging.html.mustache, weekagenda.md.mustache, …).") var file: String
        func run() throws {
            try reportingErrors {
                let report = try App.checkTemplate(path: file)
                print(Text.templateReport(report, path: file))
                if !report.problems.isEmpty { throw ExitCode(1) }
            }
        }
    }
}

import ArgumentParser
import Foundation
import JBTUseCases
import JBTCore
import JBTInput
import JBTStorage


struct Common: ParsableArguments {
    @Option(name: .long, help: "Pad naar de opslag (SQLite). Standaard $JBT_STORE of ~/.local/share/jbt/jbt.sqlite.")
    var store: String?

    @Option(name: .long, help: "Extra map met regio-plugins (herhaalbaar); ook via $JBT_PLUGINS, gescheiden door ':'.")
    var plugins: [String] = []

    func workspace() -> Workspace { Workspace.resolve(store: store, plugins: plugins) }
    func app() throws -> App {
        try SystemEnvironment.validate()
        return try App(workspace: workspace(), dependencies: SystemEnvironment.dependencies())
    }
}

func parseDate(_ text: String, flag: String) throws -> CivilDate {
    guard let date = CivilDate(iso: text) else {
        throw ValidationError("\(flag): \"\(text.prefix(40))\" is geen geldige datum; schrijf JJJJ-MM-DD")
    }
    if let problem = AcceptedDates.problem(date) { throw ValidationError("\(flag): \(problem)") }
    return date
}

/// A number of weeks from the command line, bounded like the planning horizon (1 to 104), so that
/// no count makes a command run for ever or overflow.
func checkedWeeks(_ weeks: Int, flag: String) throws -> Int {
    guard (1...104).contains(weeks) else { throw ValidationError("\(flag) moet tussen 1 en 104 liggen") }
    return weeks
}

/// A case reference given on the command line, normalised like every text that comes in.
func checkedReference(_ text: String, flag: String = "referentie") throws -> String {
    let reference = text.precomposedStringWithCanonicalMapping
    if let problem = CaseReference.problem(reference, maxLength: CaseReference.maxCommandLength) {
        throw ValidationError("\(flag): \(problem)")
    }
    return reference
}

func today() -> CivilDate { SystemEnvironment.clock().today() }

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Runs a command body and turns every error into a Dutch message and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        // Anything unforeseen still gets a message in Dutch and exit code 1, never a crash.
        FileHandle.standardError.write(Data((Text.error(ServiceError(error)) + "\n").utf8))
        throw ExitCode(1)
    }
}

@main
struct JBT: ParsableCommand {
    /// Everything the tool writes is readable by its owner only: this is data about children.
    static func main() {
        umask(0o077)
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exitForCommandLine(error)
        }
        do {
            try command.run()
        } catch {
            exitForRun(error)
        }
    }

    /// A command line the parser refuses: in Dutch, exit code 1 (help and version stay as they are).
    static func exitForCommandLine(_ error: Error) -> Never {
        if exitCode(for: error).isSuccess { exitWithHelp(error) }
        let text = "fout: \(CommandLineErrors.message(for: error))\nZie '\(CommandLineErrors.helpCommand(for: error))'.\n"
        FileHandle.standardError.write(Data(text.utf8))
        Foundation.exit(1)
    }

    /// Help (`--help`, `jbt help …`, a command without its subcommand), with the parser's
    /// English headings and phrases in Dutch.
    static func exitWithHelp(_ error: Error) -> Never {
        print(CommandLineErrors.dutchHelp(fullMessage(for: error)))
        Foundation.exit(0)
    }

    /// What a command's run throws beyond `reportingErrors`: our own usage errors, exit codes, help.
    static func exitForRun(_ error: Error) -> Never {
        switch error {
        case let code as ExitCode:
            Foundation.exit(code.rawValue)
        case let usage as ValidationError:
            FileHandle.standardError.write(Data("fout: \(usage.message)\n".utf8))
            Foundation.exit(1)
        case _ where exitCode(for: error).isSuccess:
            exitWithHelp(error)
        case _ where String(reflecting: type(of: error)).hasPrefix("ArgumentParser."):
            exitForCommandLine(error)
        default:
            FileHandle.standardError.write(Data("fout: \(SystemErrors.message(for: error))\n".utf8))
            Foundation.exit(1)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "jbt",
        abstract: "Planning van Jeugdbeschermingstafels binnen de norm van twee weken.",
        subcommands: [Regions.self, Intake.self, RosterCommand.self, Plan.self, Agenda.self, PlacesCommand.self, PinCommand.self, Cancel.self,
                      Reschedule.self, Signalering.self, Invites.self, Availability.self, VerslagCommand.self,
                      VeiligheidsplanCommand.self, ReactieCommand.self, DocumentCommand.self, Templates.self, Plugins.self,
                      OutboxCommand.self, Log.self, Demo.self])
}

struct Regions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "regions", abstract: "De regio's uit de geladen plugins.",
                                                    subcommands: [List.self, Show.self], defaultSubcommand: List.self)
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Alle regio's met gemeenten, buurregio's en tafeldagen.")
        @OptionGroup var common: Common
        func run() throws { try reportingErrors { print(Text.regionList(try common.app().regionList())) } }
    }
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Eén regio in detail.")
        @OptionGroup var common: Common
        @Argument(help: "Regio-id, bijvoorbeeld food-valley.") var id: String
        func run() throws { try reportingErrors { print(Text.regionDetail(try common.app().regionDetail(id))) } }
    }
}

struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plugins", abstract: "Regio-plugins controleren en hun voorbeelden draaien.",
                                                    subcommands: [Lint.self, Test.self])
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Controleer plugins vóór gebruik: velden, datums, tijden, buurregio's, gemeenten, voorbeelden; waarschuwt als een regel binnenkort eindigt.")
        @OptionGroup var common: Common
        @Argument(help: "Pluginmap(pen) of map(pen) met plugins; standaard alle geladen plugins.") var paths: [String] = []
        @Option(name: .customLong("weken"), help: "Waarschuw voor regels die binnen zoveel weken eindigen.") var weeks = 8
        func run() throws {
            let weeks = try checkedWeeks(weeks, flag: "--weken")
            let outcome = PluginTools.lint(paths: paths, workspace: common.workspace(), today: today(), weeks: weeks)
            print(outcome.text)
            if outcome.failed { throw ExitCode(1) }
        }
    }
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draai de voorbeeldzaken (voorbeelden.yaml) van de plugins en vergelijk met de verwachte boekingen.")
        @OptionGroup var common: Common
        @Argument(help: "Alleen deze regio.") var id: String?
        func run() throws {
            try reportingErrors {
                let outcome: PluginTools.Outcome
                do {
                    outcome = try PluginTools.test(region: id, workspace: common.workspace(), today: today())
                } catch let error as ServiceError where error.code == .notFound {
                    throw ServiceError.notFound(error.message + ". Laad een eigen plugin met --plugins MAP (de pluginmap "
                        + "zelf of een map met pluginmappen; herhaalbaar) of $JBT_PLUGINS, bijvoorbeeld: "
                        + "jbt plugins test \(id ?? "ID") --plugins ./mijn-plugins")
                }
                print(outcome.text)
                if outcome.failed { throw ExitCode(1) }
            }
        }
    }
}

struct Intake: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Registreer aanmeldingen uit een YAML- of JSON-bestand (alles of niets).")
    @OptionGroup var common: Common
    @Argument(help: "Bestand met 'aanmeldingen:'.") var file: String
    func run() throws {
        try reportingErrors {
            let app = try common.app()
            print(Text.intake(try app.intake(path: file), regions: app.regions))
        }
    }
}

struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roster", abstract: "Het rooster: wie zit welke tafel voor, wie is afwezig.",
                                                    subcommands: [Show.self, Import.self, Absent.self, Back.self],
                                                    defaultSubcommand: Show.self)
    struct Absent: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "afwezig",
            abstract: "Leg vast dat iemand uit het rooster afwezig is; toont welke tafeldagen een vervanger krijgen of niet doorgaan.")
        @OptionGroup var common: Common
        @Argument(help: "Persoon uit het rooster (id).") var person: String
        @Option(name: .customLong("van"), help: "Eerste dag (JJJJ-MM-DD).") var from: String
        @Option(name: .customLong("tot"), help: "Laatste dag (JJJJ-MM-DD), standaard dezelfde dag.") var until: String?
        @Option(name: .customLong("reden"), help: "ziek, verlof of afwezig.") var reason = "afwezig"
        func run() throws {
            try reportingErrors {
                let first = try parseDate(from, flag: "--van")
                let last = try until.map { try parseDate($0, flag: "--tot") } ?? first
                let app = try common.app()
                let change = try app.addAbsence(.init(person: person, span: DateSpan(first: first, last: last), reason: reason))
                print(Text.absence(change, regions: app.regions))
            }
        }
    }
    struct Back: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "terug", abstract: "Haal een vastgelegde afwezigheid weer weg.")
        @OptionGroup var common: Common
        @Argument(help: "Persoon uit het rooster (id).") var person: String
        @Option(name: .customLong("van"), help: "Eerste dag van de afwezigheid (JJJJ-MM-DD).") var from: String
        @Option(name: .customLong("tot"), help: "Laatste dag (JJJJ-MM-DD), als er meer afwezigheden op die dag beginnen.")
        var until: String?
        func run() throws {
            try reportingErrors {
                let first = try parseDate(from, flag: "--van")
                let last = try until.map { try parseDate($0, flag: "--tot") }
                let gone = try common.app().removeAbsence(person: person, first: first, last: last)
                print("Afwezigheid van \(person) \(gone.span.first.dutchShort) t/m \(gone.span.last.dutchShort) vervallen.")
            }
        }
    }
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Toon het rooster en de vervangingen van de komende weken.")
        @OptionGroup var common: Common
        @Option(help: "Vanaf datum (JJJJ-MM-DD), standaard vandaag.") var from: String?
        @Option(help: "Aantal weken.") var weeks = 4
        func run() throws {
            try reportingErrors {
                let start = try from.map { try parseDate($0, flag: "--from") } ?? today()
                let app = try common.app()
                print(Text.roster(try app.rosterOverview(from: start, weeks: weeks), regions: app.regions))
            }
        }
    }
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lees een rooster in (vervangt het huidige).")
        @OptionGroup var common: Common
        @Argument(help: "Roosterbestand (YAML of JSON).") var file: String
        func run() throws { try reportingErrors { print(Text.rosterImported(try common.app().importRoster(path: file))) } }
    }
}

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Boek alle open aanmeldingen in tafelplekken; bestaande boekingen blijven staan.")
    @OptionGroup var common: Common
    @Option(help: "Eerste dag (JJJJ-MM-DD), standaard vandaag.") var from: String?
    @Option(help: "Aantal weken vooruit.") var weeks = 8
    @Option(help: "Alleen aanmeldingen uit deze regio (herhaalbaar: een groep regio's samen).") var region: [String] = []
    @Flag(help: "Uitvoer als JSON.") var json = false
    @Flag(name: .customLong("proef"), help: "Alleen tonen, niets opslaan.") var dryRun = false
    func run() throws {
        try reportingErrors {
            let start = try from.map { try parseDate($0, flag: "--from") } ?? today()
            let app = try common.app()
            let report = try app.plan(from: start, weeks: weeks, group: region, dryRun: dryRun)
            if json { try printJSON(report) } else { print(Text.plan(report, regions: app.regions)) }
        }
    }
}

struct Agenda: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "De tafeldag(en) van een regio in een week.")
    @OptionGroup var common: Common
    @Option(help: "Regio-id.") var region: String
    @Option(help: "ISO-week, bijvoorbeeld 2026-W49.") var week: String
    func run() throws {
        try reportingErrors {
            let app = try common.app()
            print(Text.agenda(try app.agenda(region: region, week: week), regions: app.regions))
        }
    }
}

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Annuleer een aanmelding; de plek komt vrij, verder verschuift niets.")
    @OptionGroup var common: Common
    @Argument(help: "Referentie.") var reference: String
    func run() throws {
        try reportingErrors {
            let app = try common.app()
            print(Text.cancellation(try app.cancel(reference: checkedReference(reference)), regions: app.regions))
        }
    }
}

struct Reschedule: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Verplaats één boeking; de oude datum vervalt, verder verschuift niets.")
    @OptionGroup var common: Common
    @Argument(help: "Referentie.") var reference: String
    @Option(name: .customLong("niet-op"), help: "Extra datum waarop het niet kan (herhaalbaar).") var notOn: [String] = []
    @Option(help: "Zoek vanaf (JJJJ-MM-DD), standaard vandaag.") var from: String?
    @Option(help: "Aantal weken vooruit.") var weeks = 8
    @Flag(help: "Uitvoer als JSON.") var json = false
    func run() throws {
        try reportingErrors {
            let start = try from.map { try parseDate($0, flag: "--from") } ?? today()
            let dates = try notOn.map { try parseDate($0, flag: "--niet-op") }
            let app = try common.app()
            let report = try app.reschedule(reference: checkedReference(reference), notOn: dates, from: start, weeks: weeks)
            if json { try printJSON(report) } else { print(Text.plan(report, regions: app.regions)) }
        }
    }
}

struct Signalering: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "De wachttijdsignalering per regio, voor het escalatiecontact bij de gemeente.")
    @OptionGroup var common: Common
    @Option(help: "Alleen deze regio.") var region: String?
    func run() throws { try reportingErrors { print(Text.signalering(try common.app().signalering(region: region))) } }
}

struct Invites: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Schrijf de agenda-uitnodigingen van een week als .ics naar een uitvoermap (nieuw, gewijzigd, geannuleerd).",
                                                    subcommands: [Write.self, Import.self], defaultSubcommand: Write.self)
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lees antwoorden (METHOD:REPLY, .ics of .eml) in.")
        @OptionGroup var common: Common
        @Argument(help: "Bestanden met antwoorden.") var files: [String]
        func run() throws { try reportingErrors { print(Text.replies(try common.app().importReplies(paths: files))) } }
    }
}

struct Availability: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bezette tijden van deelnemers.", subcommands: [Import.self])
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lees bezette tijden uit een .ics (bezette afspraken of VFREEBUSY).")
        @OptionGroup var common: Common
        @Argument(help: "Het .ics-bestand.") var file: String
        @Option(help: "Persoon uit het rooster (id).") var person: String?
        @Option(name: .customLong("case"), help: "Referentie van de zaak (het gezin).") var reference: String?
        func run() throws {
            try reportingErrors {
                guard (person == nil) != (reference == nil) else {
                    throw ServiceError.invalid("geef precies één van --person of --case")
                }
                let reference = try reference.map { try checkedReference($0, flag: "--case") }
                let result = try common.app().importAvailability(path: file, person: person, reference: reference)
                print(Text.availability(result))
            }
        }
    }
}

struct Write: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "write", abstract: "Schrijf de uitnodigingen van een week (standaard).")
    @OptionGroup var common: Common
    @Option(help: "ISO-week, bijvoorbeeld 2026-W49.") var week: String
    @Option(help: "Alleen deze regio.") var region: String?
    @Option(help: "Uitvoermap voor de .ics-bestanden.") var outbox: String = "uitnodigingen"
    @Option(name: .customLong("case"), help: "Alleen deze zaak (referentie).") var reference: String?
    @Flag(help: "Verstuur per e-mail (JBT_SMTP_URL e.a.) en/of publiceer naar de CalDAV-tafelagenda (JBT_CALDAV_URL e.a.).") var send = false
    @Option(name: .customLong("vrijgeven"),
            help: "LET JB: een woord of zin die ten onrechte als de jeugdbeschermer werd herkend (herhaalbaar; in het auditlog).")
    var cleared: [String] = []
    func run() throws {
        try reportingErrors {
            let reference = try reference.map { try checkedReference($0, flag: "--case") }
            let run = try common.app().writeInvites(week: week, region: region, reference: reference, outbox: outbox,
                                                    send: send, cleared: cleared)
            print(Text.invites(run))
            if let delivery = run.delivery, !delivery.failed.isEmpty { throw deliveryFailure(delivery) }
        }
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Het auditlog: wanneer, welk commando, wat veranderde.")
    @OptionGroup var common: Common
    func run() throws { try reportingErrors { print(Text.auditLog(try common.app().auditLog())) } }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Het hoofdwerk op meegeleverde voorbeeldgegevens, in een tijdelijke opslag.")
    @OptionGroup var common: Common
    func run() throws {
        try reportingErrors {
            let roots = Workspace.resolve(store: nil, plugins: common.plugins).pluginRoots
            print(Text.demo(try App.runDemo(pluginRoots: roots, dependencies: SystemEnvironment.dependencies())))
        }
    }
}


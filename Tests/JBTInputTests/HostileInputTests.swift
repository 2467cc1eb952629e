import Foundation
import JBTCore
import Testing
@testable import JBTInput
@testable import JBTPlugins

/// Files that are hostile or malformed: each is refused with a Dutch message naming file and line
/// (and field where there is one), in bounded time and memory, and never crashes.
@Suite("Hostile input: bounded, normalised, refused in Dutch")
struct HostileInputTests {
    static func catalog(_ dir: TempDir) throws -> RegionCatalog {
        dir.write("plugins/west/regio.yaml", manifest(id: "west", municipalities: ["Westdorp", "Émmen"]))
        return try PluginLoader.load(roots: [dir.path + "/plugins"])
    }

    /// One aanmelding with the given fields replaced.
    static func intake(reference: String = "\"R-1\"", name: String = "Lokaal team (fictief)",
                       email: String = "lt@example.org", registered: String = "2026-11-27") -> String {
        """
        aanmeldingen:
          - referentie: \(reference)
            gemeente: Westdorp
            type: vijf-voor-twaalf
            aangemeld: \(registered)
            aanmelder: {naam: \(name), email: \(email)}
        """
    }

    static func message(of body: () throws -> Void) -> String {
        do {
            try body()
            return "geaccepteerd"
        } catch let error as InputErrors {
            return error.description
        } catch let error as InputError {
            return error.description
        } catch {
            return "andere fout: \(error)"
        }
    }

    static let megabyte = String(repeating: "x", count: 1 << 20)

    /// (what, intake text, expected message without the file name)
    static let intakeCases: [(String, String, String)] = [
        ("reference with a slash", intake(reference: "\"../../etc/R-1\""),
         "regel 2, veld aanmeldingen[1].referentie: een referentie bevat alleen letters, cijfers en - _ . "
         + "(geen spaties, / of regeleinden)"),
        ("reference with a newline", intake(reference: "\"R-1\\nR-2\""),
         "regel 2, veld aanmeldingen[1].referentie: een referentie bevat alleen letters, cijfers en - _ . "
         + "(geen spaties, / of regeleinden)"),
        ("reference of 300 characters", intake(reference: String(repeating: "R", count: 300)),
         "regel 2, veld aanmeldingen[1].referentie: de referentie is te lang (ten hoogste 64 tekens)"),
        ("reference of a megabyte", intake(reference: megabyte),
         "regel 2, veld aanmeldingen[1].referentie: de referentie is te lang (ten hoogste 64 tekens)"),
        ("reference starting with a dot", intake(reference: ".R-1"),
         "regel 2, veld aanmeldingen[1].referentie: een referentie begint met een letter of een cijfer"),
        ("name of a megabyte", intake(name: megabyte),
         "regel 6, veld aanmeldingen[1].aanmelder.naam: tekst is te lang (meer dan 200 tekens)"),
        ("name over two lines", intake(name: "\"Lokaal\\nteam\""),
         "regel 6, veld aanmeldingen[1].aanmelder.naam: moet op één regel staan (geen regeleinden of tabs)"),
        ("name with an escape character", intake(name: "\"Lokaal\\eteam\""),
         "regel 6, veld aanmeldingen[1].aanmelder.naam: bevat een stuurteken (U+1B) dat in tekst niet thuishoort"),
        ("e-mail address without a domain", intake(email: "lt@example"),
         "regel 6, veld aanmeldingen[1].aanmelder.email: \"lt@example\" is geen e-mailadres; schrijf naam@domein.nl"),
        ("e-mail address with a header", intake(email: "\"lt@example.org\\nBcc: x@evil.example\""),
         "regel 6, veld aanmeldingen[1].aanmelder.email: \"lt@example.org\nBcc: x@evil.example\" is geen e-mailadres; "
         + "schrijf naam@domein.nl"),
        ("e-mail address with two @", intake(email: "a@b@example.org"),
         "regel 6, veld aanmeldingen[1].aanmelder.email: \"a@b@example.org\" is geen e-mailadres; schrijf naam@domein.nl"),
        ("date in the year 9999", intake(registered: "9999-12-31"),
         "regel 5, veld aanmeldingen[1].aangemeld: datum 9999-12-31 ligt buiten de toegestane jaren 1900 t/m 2200"),
        ("date before 1900", intake(registered: "1899-12-31"),
         "regel 5, veld aanmeldingen[1].aangemeld: datum 1899-12-31 ligt buiten de toegestane jaren 1900 t/m 2200"),
        ("unknown key of 500 characters", "aanmeldingen: []\n" + String(repeating: "x", count: 500) + ": 1\n",
         "regel 2, veld " + String(repeating: "x", count: 80) + "…: onbekend veld \"" + String(repeating: "x", count: 80)
         + "…\"; toegestaan: aanmeldingen"),
        ("key of a megabyte", "aanmeldingen: []\n" + megabyte + ": 1\n",
         "regel 2: geen geldige YAML/JSON: een ':' verwacht na een veldnaam"),
        ("libyaml syntax error", "aanmeldingen:\n  - referentie: a: b\n",
         "regel 2: geen geldige YAML/JSON: een dubbele punt op een plaats waar geen veld kan beginnen "
         + "(staat er een ':' in een tekst zonder aanhalingstekens?)"),
        ("unclosed flow list", "aanmeldingen: [\n",
         "regel 2: geen geldige YAML/JSON: hier ontbreekt een waarde"),
        ("tab in the indentation", "aanmeldingen:\n\t- a\n",
         "regel 2: geen geldige YAML/JSON: een teken waarmee geen waarde kan beginnen (zet de tekst tussen aanhalingstekens)"),
        ("undefined alias", "aanmeldingen: *niets\n",
         "regel 1: alias *niets verwijst naar een anker (&niets) dat er niet (eerder) is"),
        ("two documents", "aanmeldingen: []\n---\naanmeldingen: []\n",
         "regel 2: het bestand bevat meer dan één YAML-document (---); zet alles in één document"),
        ("key twice", "aanmeldingen: []\naanmeldingen: []\n",
         "regel 1: veld \"aanmeldingen\" staat er twee keer"),
    ]

    @Test("Each hostile intake is refused with file, line, field and a Dutch message",
          arguments: 0..<HostileInputTests.intakeCases.count)
    func hostileIntake(index: Int) throws {
        let (what, text, expected) = Self.intakeCases[index]
        let dir = TempDir()
        let regions = try Self.catalog(dir)
        let file = dir.write("intake.yaml", text)
        let got = Self.message { _ = try IntakeFile.read(path: file, regions: regions) }
        #expect(got == file + ", " + expected, "\(what)")
    }

    @Test("A billion laughs (aliases of aliases) is refused at the line where it exceeds the limit")
    func aliasBomb() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...12 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let got = Self.message { _ = try StrictNode.parse(text, file: "bom.yaml") }
        // a5 stands for 1,111,111 values: the limit is passed on line 6.
        #expect(got == "bom.yaml, regel 6: te veel waarden (meer dan 1000000, aliassen meegeteld); "
                + "splits het bestand of gebruik minder aliassen (*naam)")
    }

    @Test("Nesting of 100,000 flow lists or 70 mappings is refused, not a stack overflow")
    func deepNesting() {
        let lists = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.message { _ = try StrictNode.parse(lists, file: "diep.yaml") }
                == "diep.yaml, regel 1: lijsten en velden zijn te diep genest (meer dan 64 niveaus)")
        var block = ""
        for depth in 0..<70 { block += String(repeating: " ", count: depth) + "k\(depth):\n" }
        #expect(Self.message { _ = try StrictNode.parse(block, file: "diep.yaml") }
                == "diep.yaml, regel 65: lijsten en velden zijn te diep genest (meer dan 64 niveaus)")
    }

    @Test("Too many values, a file over the size limit and a folder are refused before being built")
    func sizes() throws {
        let many = "[" + Array(repeating: "1", count: 1_000_001).joined(separator: ",") + "]"
        #expect(Self.message { _ = try StrictNode.parse(many, file: "veel.yaml") }
                == "veel.yaml, regel 1: te veel waarden (meer dan 1000000, aliassen meegeteld); "
                + "splits het bestand of gebruik minder aliassen (*naam)")
        let small = InputLimits(maxBytes: 1_000, maxDepth: 64, maxNodes: 1_000, maxAliases: 10)
        let dir = TempDir()
        let big = dir.write("groot.yaml", "a: " + String(repeating: "x", count: 2_000) + "\n")
        #expect(Self.message { _ = try StrictNode.load(path: big, limits: small) }
                == big + ": het bestand is te groot (meer dan 0 MB); splits het in kleinere bestanden")
        let huge = dir.write("enorm.yaml", "")
        let handle = try #require(FileHandle(forWritingAtPath: huge))
        try handle.truncate(atOffset: 17 << 20)
        try handle.close()
        #expect(Self.message { _ = try StrictNode.load(path: huge) }
                == huge + ": het bestand is te groot (meer dan 16 MB); splits het in kleinere bestanden")
        #expect(Self.message { _ = try StrictNode.load(path: dir.path) }
                == dir.path + ": is een map; geef een YAML- of JSON-bestand")
        #expect(Self.message { _ = try StrictNode.load(path: "/dev/zero") }
                == "/dev/zero: is geen gewoon bestand; geef een YAML- of JSON-bestand")
    }

    @Test("Composed and decomposed É are one reference: the second is a duplicate")
    func normalisedReferences() throws {
        let dir = TempDir()
        let regions = try Self.catalog(dir)
        let composed = "\u{00C9}MMEN-1"
        let decomposed = "E\u{0301}MMEN-1"
        // Swift compares strings by canonical equivalence; SQLite and file names compare bytes.
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let text = "aanmeldingen:\n" + [composed, decomposed].map { reference in
            """
              - referentie: \(reference)
                gemeente: E\u{0301}mmen
                type: vijf-voor-twaalf
                aangemeld: 2026-11-27
                aanmelder: {naam: Lokaal team (fictief)}

            """
        }.joined()
        let file = dir.write("twee.yaml", text)
        #expect(Self.message { _ = try IntakeFile.read(path: file, regions: regions) }
                == file + ", regel 7, veld aanmeldingen[2].referentie: referentie \u{00C9}MMEN-1 staat al op regel 2")
        let one = dir.write("een.yaml", "aanmeldingen:\n" + text.split(separator: "\n").dropFirst().prefix(5)
            .map { $0 + "\n" }.joined())
        let entries = try IntakeFile.read(path: one, regions: regions)
        #expect(entries.map { Array($0.registration.reference.unicodeScalars) } == [Array(composed.unicodeScalars)])
        #expect(Array(entries[0].registration.municipality.unicodeScalars) == Array("\u{00C9}mmen".unicodeScalars))
    }

    @Test("A roster assignment that ends before it starts, and a roster e-mail that is not one, are refused")
    func roster() throws {
        let dir = TempDir()
        let regions = try Self.catalog(dir)
        let people = """
        personen:
          - {id: vz, naam: V (fictief), rol: voorzitter, email: EMAIL, regios: [west]}

        """
        let backwards = dir.write("r1.yaml", people.replacingOccurrences(of: "EMAIL", with: "vz@example.org") + """
        inzet:
          - {persoon: vz, regio: west, dag: dinsdag, vanaf: 2027-03-01, tot: 2027-01-01}
        """)
        #expect(Self.message { _ = try RosterFile.read(path: backwards, regions: regions) }
                == backwards + ", regel 4, veld inzet[1].tot: tot (2027-01-01) ligt vóór vanaf (2027-03-01)")
        let mail = dir.write("r2.yaml", people.replacingOccurrences(of: "EMAIL", with: "voorzitter"))
        #expect(Self.message { _ = try RosterFile.read(path: mail, regions: regions) }
                == mail + ", regel 2, veld personen[1].email: \"voorzitter\" is geen e-mailadres; schrijf naam@domein.nl")
    }

    @Test("Records: an evaluation date in 9999 and a reaction from a name of a megabyte are refused")
    func records() throws {
        let dir = TempDir()
        let reaction = dir.write("reactie.yaml", "van: \(Self.megabyte)\nrol: ouder\ndatum: 2026-12-02\ntekst: Klopt niet.\n")
        #expect(Self.message { _ = try RecordFile.reaction(path: reaction) }
                == reaction + ", regel 1, veld van: tekst is te lang (meer dan 200 tekens)")
        let dated = dir.write("reactie2.yaml", "van: Ouder\nrol: ouder\ndatum: 10000-01-01\ntekst: Klopt niet.\n")
        #expect(Self.message { _ = try RecordFile.reaction(path: dated) }
                == dated + ", regel 3, veld datum: \"10000-01-01\" is geen geldige datum; schrijf JJJJ-MM-DD, "
                + "bijvoorbeeld 2026-12-01")
    }

    @Test("A plugin manifest with an alias bomb, a date in 9999 or a bad e-mail is refused with its line")
    func plugins() {
        func loadMessage(_ text: String) -> (String, String) {
            let dir = TempDir()
            let file = dir.write("p/west/regio.yaml", text)
            return (file, Self.message { _ = try PluginLoader.load(roots: [dir.path + "/p"]) })
        }
        var bomb = manifest(id: "west", municipalities: ["Westdorp"]) + "\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...12 { bomb += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10)
            .joined(separator: ", ") + "]\n" }
        var (file, got) = loadMessage(bomb)
        #expect(got == file + ", regel 21: te veel waarden (meer dan 1000000, aliassen meegeteld); "
                + "splits het bestand of gebruik minder aliassen (*naam)")
        (file, got) = loadMessage(manifest(id: "west", municipalities: ["Westdorp"],
                                           extra: "sluitingen: [{van: 2026-12-24, tot: 9999-12-31, reden: Kerst}]"))
        #expect(got == file + ", regel 15, veld sluitingen[1].tot: datum 9999-12-31 ligt buiten de toegestane jaren "
                + "1900 t/m 2200")
        (file, got) = loadMessage(manifest(id: "west", municipalities: ["Westdorp"]).replacingOccurrences(
            of: "x@example.org", with: "x at example.org"))
        #expect(got == file + ", regel 14, veld escalatiecontact.email: \"x at example.org\" is geen e-mailadres; "
                + "schrijf naam@domein.nl")
    }

    @Test("Lists are bounded: 21 children, 201 change dates in a manifest; 120 mistakes are listed as 50 and a count")
    func lists() throws {
        let dir = TempDir()
        let regions = try Self.catalog(dir)
        let children = (1...21).map { "{initialen: K.\($0)., geboortedatum: 2015-01-01}" }.joined(separator: ", ")
        let many = dir.write("kinderen.yaml", Self.intake() + "\n    kinderen: [\(children)]\n")
        #expect(Self.message { _ = try IntakeFile.read(path: many, regions: regions) }
                == many + ", regel 7, veld aanmeldingen[1].kinderen: te veel elementen (21; ten hoogste 20)")

        let dates = (0...200).map { "      \(2030 + $0 / 12)-\(($0 % 12 + 1) < 10 ? "0" : "")\($0 % 12 + 1)-01: \(60 + $0 % 2)" }
        let dated = manifest(id: "west", municipalities: ["Westdorp"]).replacingOccurrences(
            of: "  gesprek_minuten: 90", with: "  gesprek_minuten:\n    waarden:\n" + dates.joined(separator: "\n"))
        let plugin = dir.write("q/west/regio.yaml", dated)
        #expect(Self.message { _ = try PluginLoader.load(roots: [dir.path + "/q"]) }
                == plugin + ", regel 211, veld tafel.gesprek_minuten.waarden: te veel wijzigingsdatums (meer dan 200); "
                + "ruim oude regels op")

        let bad = "aanmeldingen:\n" + (1...120).map { "  - {referentie: \"a/\($0)\"}\n" }.joined()
        let file = dir.write("fouten.yaml", bad)
        do {
            _ = try IntakeFile.read(path: file, regions: regions)
            Issue.record("accepted")
        } catch let errors as InputErrors {
            #expect(errors.errors.count == 120)
            #expect(errors.shown.count == 51)
            #expect(errors.shown.last?.description == file + ": en nog 70 fout(en); herstel eerst deze")
        }
    }
}

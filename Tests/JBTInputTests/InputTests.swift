import Foundation
import JBTCore
import Testing
@testable import JBTInput
@testable import JBTPlugins

/// A temporary folder removed after the test.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "jbt-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

func manifest(id: String, municipalities: [String], neighbours: [String] = [], extra: String = "") -> String {
    """
    id: \(id)
    naam: Regio \(id)
    gemeenten: [\(municipalities.joined(separator: ", "))]
    buurregios: [\(neighbours.joined(separator: ", "))]
    tafel:
      dagen: [dinsdag]
      van: "09:00"
      tot: "16:30"
      gesprek_minuten: 90
      locatie: Raadhuis
    escalatiecontact:
      naam: X (fictief)
      functie: beleid
      email: x@example.org
    \(extra)
    """
}

@Suite("Plugins: strict manifests with file, line and field")
struct PluginTests {
    @Test("Two regions that name each other load, with municipalities mapped")
    func loads() throws {
        let dir = TempDir()
        dir.write("a/regio.yaml", manifest(id: "a", municipalities: ["Ede", "Berg en Dal"], neighbours: ["b"]))
        dir.write("b/regio.yaml", manifest(id: "b", municipalities: ["Arnhem"], neighbours: ["a"]))
        let catalog = try PluginLoader.load(roots: [dir.path])
        #expect(catalog.regions.map(\.id) == ["a", "b"])
        #expect(catalog.region(ofMunicipality: "berg-en-dal")?.id == "a")
        #expect(catalog["a"]?.startTimes.count == 4)
        #expect(catalog["a"]?.normDays == 14)
        #expect(catalog["a"]?.childAgeThreshold == 12)
    }

    func loadError(_ files: [(String, String)]) -> String {
        let dir = TempDir()
        for (name, text) in files { dir.write(name, text) }
        do {
            _ = try PluginLoader.load(roots: [dir.path])
            return "geen fout"
        } catch {
            return "\(error)".replacingOccurrences(of: dir.path + "/", with: "")
        }
    }

    @Test("An unknown key names file, line and field, with a suggestion")
    func unknownKey() {
        let text = loadError([("a/regio.yaml", manifest(id: "a", municipalities: ["Ede"], extra: "norm_dag: 14"))])
        #expect(text.hasPrefix("a/regio.yaml, regel 15, veld norm_dag: onbekend veld \"norm_dag\" (bedoelt u \"norm_dagen\"?)"))
    }

    @Test("An unknown neighbour is an error naming the field")
    func unknownNeighbour() {
        let text = loadError([("a/regio.yaml", manifest(id: "a", municipalities: ["Ede"], neighbours: ["zeeland"]))])
        #expect(text == "a/regio.yaml, regel 4, veld buurregios[1]: onbekende buurregio \"zeeland\"; geladen: a")
    }

    @Test("A municipality claimed by two regions is an error")
    func claimedTwice() {
        let text = loadError([("a/regio.yaml", manifest(id: "a", municipalities: ["Ede"])),
                              ("b/regio.yaml", manifest(id: "b", municipalities: ["Arnhem", "Ede"]))])
        #expect(text.hasPrefix("b/regio.yaml, regel 3, veld gemeenten[2]: gemeente Ede hoort al bij regio a"))
    }

    @Test("A bad time, a bad weekday and broken YAML are errors with a line")
    func badValues() {
        var text = loadError([("a/regio.yaml", manifest(id: "a", municipalities: ["Ede"]).replacingOccurrences(of: "\"16:30\"", with: "\"25:00\""))])
        #expect(text == "a/regio.yaml, regel 8, veld tafel.tot: \"25:00\" is geen geldige tijd; schrijf UU:MM, bijvoorbeeld 09:30")
        text = loadError([("a/regio.yaml", manifest(id: "a", municipalities: ["Ede"]).replacingOccurrences(of: "dinsdag", with: "zondag"))])
        #expect(text.contains("regel 6, veld tafel.dagen[1]: \"zondag\" is niet toegestaan"))
        text = loadError([("a/regio.yaml", "id: a\nnaam: [onaf\n")])
        #expect(text.hasPrefix("a/regio.yaml, regel 3: geen geldige YAML/JSON"))
    }

    @Test("No plugins at all is a loud error, never an empty catalog")
    func missing() {
        #expect(loadError([]).contains("geen regio-plugins gevonden"))
    }
}

@Suite("Intake and roster files")
struct IntakeTests {
    static func catalog() throws -> RegionCatalog {
        let dir = TempDir()
        dir.write("a/regio.yaml", manifest(id: "a", municipalities: ["Ede"]))
        return try PluginLoader.load(roots: [dir.path])
    }

    static let good = """
    aanmeldingen:
      - referentie: JBT-1
        gemeente: Ede
        type: vijf-voor-twaalf
        aangemeld: 2026-11-16
        compleet: 2026-11-18
        kinderen: [{initialen: A.B., geboortedatum: 2012-05-01}]
        verhinderd: [2026-11-25]
        aanmelder: {naam: Lokaal team, organisatie: Lokaal team Ede, email: lt@example.org}
        ouders: [{naam: Ouder (fictief), email: ouder@example.org}]
    """

    @Test("A good file in YAML and the same in JSON give the same registration")
    func yamlAndJSON() throws {
        let dir = TempDir()
        let catalog = try Self.catalog()
        let yaml = try IntakeFile.read(path: dir.write("in.yaml", Self.good), regions: catalog)
        let json = try IntakeFile.read(path: dir.write("in.json", """
        {"aanmeldingen": [{"referentie": "JBT-1", "gemeente": "Ede", "type": "vijf-voor-twaalf",
          "aangemeld": "2026-11-16", "compleet": "2026-11-18",
          "kinderen": [{"initialen": "A.B.", "geboortedatum": "2012-05-01"}], "verhinderd": ["2026-11-25"],
          "aanmelder": {"naam": "Lokaal team", "organisatie": "Lokaal team Ede", "email": "lt@example.org"},
          "ouders": [{"naam": "Ouder (fictief)", "email": "ouder@example.org"}]}]}
        """), regions: catalog)
        #expect(yaml.map(\.registration) == json.map(\.registration))
        let r = yaml[0].registration
        #expect(r.homeRegion == "a")
        #expect(r.deadline(in: catalog["a"]!).iso == "2026-12-02")
        #expect(r.earliestDate(in: catalog["a"]!).iso == "2026-11-21")
    }

    func intakeError(_ text: String) throws -> String {
        let dir = TempDir()
        do {
            _ = try IntakeFile.read(path: dir.write("in.yaml", text), regions: try Self.catalog())
            return "geen fout"
        } catch {
            return "\(error)".replacingOccurrences(of: dir.path + "/", with: "")
        }
    }

    @Test("Each bad field is named with its line", arguments: [
        ("gemeente: Ede", "gemeente: Edde", "in.yaml, regel 3, veld aanmeldingen[1].gemeente: onbekende gemeente \"Edde\": geen geladen regio-plugin noemt haar"),
        ("aangemeld: 2026-11-16", "aangemeld: 2026-02-30", "in.yaml, regel 5, veld aanmeldingen[1].aangemeld: \"2026-02-30\" is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-12-01"),
        ("type: vijf-voor-twaalf", "type: warme-overdracht-start", "in.yaml, regel 4, veld aanmeldingen[1].type: een warme overdracht bij de start van LET JB hoort bij een LET JB-zaak: zet let_jb: true en noem de jeugdbeschermer"),
        ("type: vijf-voor-twaalf", "type: vijf-voor-één", "in.yaml, regel 4, veld aanmeldingen[1].type: \"vijf-voor-één\" is niet toegestaan; kies uit: evaluatie, kwart-voor-twaalf, ots-beeindiging, vijf-voor-twaalf, warme-overdracht-einde, warme-overdracht-start"),
        ("compleet: 2026-11-18", "compleet: 2026-11-10", "in.yaml, regel 6, veld aanmeldingen[1].compleet: compleet (2026-11-10) ligt vóór aangemeld (2026-11-16)"),
        ("gemeente: Ede", "gemeente: null", "in.yaml, regel 3, veld aanmeldingen[1].gemeente: mag niet leeg zijn"),
        ("geboortedatum: 2012-05-01", "geboortedatum: 1901-05-01", "in.yaml, regel 7, veld aanmeldingen[1].kinderen[1].geboortedatum: geboortedatum 1901-05-01 geeft een leeftijd van 125 jaar; controleer de datum"),
        ("compleet: 2026-11-18", "compleet: 2026-11-18\n    vroegst: 2099-12-31", "in.yaml, regel 7, veld aanmeldingen[1].vroegst: vroegst (2099-12-31) ligt meer dan een jaar na de aanmelding; controleer de datum"),
        ("    verhinderd", "    naam_kind: Jan\n    verhinderd", "in.yaml, regel 8, veld aanmeldingen[1].naam_kind: onbekend veld \"naam_kind\"; toegestaan: aangemeld, aanmelder, compleet, gemeente, jeugdbeschermer, kinderen, let_jb, ouders, referentie, type, verhinderd, vertrouwensfiguur, vroegst"),
    ])
    func badField(find: String, replace: String, expected: String) throws {
        #expect(try intakeError(Self.good.replacingOccurrences(of: find, with: replace)) == expected)
    }

    @Test("A duplicate reference inside one file is refused with both lines")
    func duplicate() throws {
        let twice = Self.good + "\n" + Self.good.split(separator: "\n").dropFirst().joined(separator: "\n")
        #expect(try intakeError(twice) == "in.yaml, regel 11, veld aanmeldingen[2].referentie: referentie JBT-1 staat al op regel 2")
    }

    @Test("Malformed and empty files")
    func malformed() throws {
        #expect(try intakeError("aanmeldingen:\n  - referentie: [\n").hasPrefix("in.yaml, regel 3: geen geldige YAML/JSON"))
        #expect(try intakeError("") == "in.yaml, regel 1: het bestand is leeg")
        #expect(try intakeError("aanmeldingen: 12") == "in.yaml, regel 1, veld aanmeldingen: verwacht een lijst")
    }

    @Test("Roster: people, assignments, absences; unknown people and regions are named")
    func roster() throws {
        let dir = TempDir()
        let catalog = try Self.catalog()
        let text = """
        personen:
          - {id: vz1, naam: Vz (fictief), rol: voorzitter, email: vz@example.org, regios: [a]}
          - {id: r1, naam: R (fictief), rol: rvdk, email: r@example.org, regios: [a]}
        inzet:
          - {persoon: vz1, regio: a, dag: dinsdag}
          - {persoon: r1, regio: a, dag: dinsdag}
        afwezigheid:
          - {persoon: vz1, van: 2026-12-01, tot: 2026-12-05, reden: ziek}
        """
        let roster = try RosterFile.read(path: dir.write("r.yaml", text), regions: catalog)
        #expect(roster.people.count == 2)
        #expect(roster.assignments.count == 2)
        #expect(roster.absence(of: "vz1", on: CivilDate(iso: "2026-12-02")!)?.reason == "ziek")
        do {
            _ = try RosterFile.read(path: dir.write("r2.yaml", text.replacingOccurrences(of: "persoon: r1", with: "persoon: r9")), regions: catalog)
            Issue.record("onbekende persoon niet geweigerd")
        } catch {
            #expect("\(error)".hasSuffix("regel 6, veld inzet[2].persoon: onbekende persoon \"r9\" (niet onder 'personen')"))
        }
        do {
            _ = try RosterFile.read(path: dir.write("r3.yaml", text.replacingOccurrences(of: "dag: dinsdag}\n  - {persoon: r1", with: "dag: vrijdag}\n  - {persoon: r1")), regions: catalog)
            Issue.record("verkeerde dag niet geweigerd")
        } catch {
            #expect("\(error)".hasSuffix("regel 5, veld inzet[1].dag: regio a heeft geen tafel op vrijdag"))
        }
    }
}

@Suite("A child is kept by initials only")
struct InitialsTests {
    @Test("Initials pass; a name, a first name or a word does not", arguments: [
        ("K.L.", true), ("A.B.C.", true), ("IJ.", true), ("Th.J.", true), ("K. L.", true), ("K.1.", true),
        ("Pietje Puk", false), ("Pietje", false), ("K.L", false), ("kl.", false), ("Anna.", false), ("", false),
        ("K.L.M.N.O.P.Q.R.S.", false),
    ])
    func initials(text: String, ok: Bool) {
        #expect(IntakeFile.areInitials(text) == ok, "\(text)")
    }
}

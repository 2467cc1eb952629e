import Foundation
import JBTCore
import Testing
@testable import JBTInput
@testable import JBTPlugins

/// Dated rules (OpenFisca style): the latest value on or before the day planned wins.
@Suite("Dated rules in region manifests")
struct DatedRulesTests {
    static func dated(days: String = "", gi: String = "", closures: String = "") -> String {
        manifest(id: "a", municipalities: ["Ede"], extra: gi + closures)
            .replacingOccurrences(of: "  dagen: [dinsdag]\n", with: days.isEmpty ? "  dagen: [dinsdag]\n" : days)
    }

    static let thursdaysFromMarch = """
      dagen:
        waarden:
          2026-01-01: [dinsdag]
          2027-03-01: [donderdag]

    """

    func load(_ text: String) throws -> RegionCatalog {
        let dir = TempDir()
        dir.write("a/regio.yaml", text)
        return try PluginLoader.load(roots: [dir.path])
    }

    func error(_ text: String) -> String {
        let dir = TempDir()
        dir.write("a/regio.yaml", text)
        do { _ = try PluginLoader.load(roots: [dir.path]); return "geen fout" } catch {
            return "\(error)".replacingOccurrences(of: dir.path + "/", with: "")
        }
    }

    @Test("From 1 March the table sits on Thursdays: the rules in force on each day, and the sessions that follow")
    func tableDayChanges() throws {
        let catalog = try load(Self.dated(days: Self.thursdaysFromMarch))
        let day = { (iso: String) in CivilDate(iso: iso)! }
        #expect(catalog.rules("a", on: day("2027-02-28"))?.tableWeekdays == [.tuesday])
        #expect(catalog.rules("a", on: day("2027-03-01"))?.tableWeekdays == [.thursday])
        #expect(catalog.rules("a", on: day("2030-01-01"))?.tableWeekdays == [.thursday])
        // Before the first date the required rule has no value: no table, and said so.
        #expect(catalog.rules("a", on: day("2025-12-31")) == nil)
        let (sessions, notes) = TableCalendar.sessions(regions: catalog, roster: Roster(), from: day("2027-02-22"), through: day("2027-03-07"))
        #expect(sessions.map(\.date.iso) == ["2027-02-23", "2027-03-04"])
        #expect(notes.isEmpty)
        let (before, beforeNotes) = TableCalendar.sessions(regions: catalog, roster: Roster(), from: day("2025-12-29"), through: day("2026-01-04"))
        #expect(before.isEmpty)
        #expect(beforeNotes.map(\.date.iso) == ["2025-12-30"], "the usual table day is reported, not silently dropped")
        #expect(beforeNotes.first?.text == "geen tafel: geen geldige regels (tafel.dagen zonder waarde)")
    }

    @Test("An optional rule takes its default before its first date; the change applies from the date on")
    func optionalRule() throws {
        let catalog = try load(Self.dated(gi: """
        deelname:
          gi:
            waarden:
              2027-01-04: vast
        """))
        #expect(catalog.rules("a", on: CivilDate(iso: "2027-01-03")!)?.giParticipation == .onCall)
        #expect(catalog.rules("a", on: CivilDate(iso: "2027-01-04")!)?.giParticipation == .fixed)
        #expect(catalog.timelines["a"]?.versions.count == 2)
    }

    @Test("null ends a rule: a required one stops the table from that day")
    func ending() throws {
        let catalog = try load(Self.dated(days: """
          dagen:
            waarden:
              2026-01-01: [dinsdag]
              2027-01-01: null

        """))
        #expect(catalog.rules("a", on: CivilDate(iso: "2026-12-29")!) != nil)
        #expect(catalog.rules("a", on: CivilDate(iso: "2027-01-05")!) == nil)
        #expect(catalog.timelines["a"]?.versions.last?.ended == ["tafel.dagen"])
        let (sessions, _) = TableCalendar.sessions(regions: catalog, roster: Roster(), from: CivilDate(iso: "2026-12-28")!, through: CivilDate(iso: "2027-01-10")!)
        #expect(sessions.map(\.date.iso) == ["2026-12-29"])
    }

    @Test("Bad dated values are errors with file, line and field")
    func badValues() {
        var text = error(Self.dated(days: """
          dagen:
            waarden:
              2027-13-01: [donderdag]

        """))
        #expect(text == "a/regio.yaml, regel 8, veld tafel.dagen.waarden.2027-13-01: \"2027-13-01\" is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2027-03-01", "\(text)")
        text = error(Self.dated(days: """
          dagen:
            waarden:
              01-03-2027: [donderdag]

        """))
        #expect(text.contains("regel 8") && text.contains("geen geldige datum"), "day and month swapped or not ISO: refused")
        text = error(Self.dated(days: """
          dagen:
            waarden:
              2026-01-01: [dinsdag]
              2027-03-01: [zondag]

        """))
        #expect(text.contains("regel 9, veld tafel.dagen[1]: \"zondag\" is niet toegestaan") && text.contains("(in de regels vanaf 2027-03-01)"), "\(text)")
        text = error(Self.dated(days: """
          dagen:
            waarden: {}

        """))
        #expect(text.contains("veld tafel.dagen: waarden is leeg"), "\(text)")
        text = error("id:\n  waarden:\n    2026-01-01: a\n" + Self.dated().split(separator: "\n").dropFirst().joined(separator: "\n"))
        #expect(text.contains("veld id: id kan niet per datum verschillen"), "\(text)")
        text = error(Self.dated(days: """
          dagen:
            waarden:
              2026-01-01:
                waarden:
                  2027-01-01: [dinsdag]

        """))
        #expect(text.contains("kan niet zelf weer per datum verschillen"), "\(text)")
        text = error(Self.dated(days: """
          dagen:
            waarden:
              2027-01-01: null

        """))
        #expect(text.contains("op geen enkele datum zijn alle verplichte regels ingevuld"), "\(text)")
    }

    @Test("A roster may assign the weekday a dated rule brings in")
    func rosterFollows() throws {
        let dir = TempDir()
        dir.write("p/a/regio.yaml", Self.dated(days: Self.thursdaysFromMarch))
        let catalog = try PluginLoader.load(roots: [dir.path + "/p"])
        let roster = try RosterFile.read(path: dir.write("r.yaml", """
        personen:
          - {id: v, naam: V (fictief), rol: voorzitter, email: v@example.org, regios: [a]}
        inzet:
          - {persoon: v, regio: a, dag: dinsdag, tot: 2027-02-28}
          - {persoon: v, regio: a, dag: donderdag, vanaf: 2027-03-01}
        """), regions: catalog)
        #expect(roster.assignments.count == 2)
        #expect(throws: InputError.self) {
            try RosterFile.read(path: dir.write("r2.yaml", """
            personen:
              - {id: v, naam: V (fictief), rol: voorzitter, email: v@example.org, regios: [a]}
            inzet:
              - {persoon: v, regio: a, dag: vrijdag}
            """), regions: catalog)
        }
    }
}

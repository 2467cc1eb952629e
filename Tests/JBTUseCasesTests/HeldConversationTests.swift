import Foundation
import JBTCore
import JBTDocuments
import JBTInput
import JBTStorage
import Testing

@testable import JBTUseCases

/// A verslag version renders the conversation as it was held, however the booking changed later;
/// a version from a store of before snapshots renders what it has and says so, never empty fields.
@Suite("A verslag version tells of the conversation as it was held")
struct HeldConversationTests {
    /// A store with region West (Tuesdays 09:00, 10:45, …) and D-01 booked on 1 December 2026.
    final class Fixture {
        let root = NSTemporaryDirectory() + "jbt-held-" + UUID().uuidString
        let app: App

        init() throws {
            try FileManager.default.createDirectory(atPath: root + "/plugins/west", withIntermediateDirectories: true)
            try """
            id: west
            naam: Regio West
            gemeenten: [Westdorp]
            tafel:
              dagen: [dinsdag]
              van: "09:00"
              tot: "16:30"
              pauze_minuten: 15
              gesprek_minuten: 90
              locatie: Raadhuis Westdorp
            escalatiecontact: {naam: W. Escalatie (fictief), functie: beleidsadviseur, email: w@example.org}
            """.write(toFile: root + "/plugins/west/regio.yaml", atomically: true, encoding: .utf8)
            try """
            aanmeldingen:
              - referentie: D-01
                gemeente: Westdorp
                type: vijf-voor-twaalf
                aangemeld: 2026-11-27
                aanmelder: {naam: Lokaal team (fictief), email: lt@example.org}
                ouders: [{naam: Ouder (fictief), email: ouder@example.org}]
            """.write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
            let dependencies = Dependencies(
                clock: FixedClock(day: CivilDate(iso: "2026-12-06")!),
                templateFolder: Workspace.bundledRoot()! + "/Templates")
            app = try App(
                workspace: Workspace(storePath: root + "/jbt.sqlite", pluginRoots: [root + "/plugins"]),
                dependencies: dependencies)
            _ = try app.intake(path: root + "/intake.yaml")
            _ = try app.plan(from: CivilDate(iso: "2026-11-30")!, weeks: 1, region: nil)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        /// The booking goes, as a cancel in a store of before this rule did: straight in the store.
        func dropBooking() throws {
            try app.workspace.openStore().write(command: "test") { tx in
                var r = try tx.registration("D-01")!
                try tx.deleteBooking("D-01")
                r.status = .cancelled
                try tx.update(r)
                return ((), "test")
            }
        }

        func booking() throws -> StoredBooking? { try app.workspace.openStore().read { try $0.booking("D-01") } }

        func verslagMarkdown(version: Int = 1) throws -> String {
            let document = try app.document(
                .init(
                    reference: "D-01", kind: .verslag, audience: nil, format: .md,
                    version: version, region: nil, week: nil, out: nil))
            return String(decoding: document.data, as: UTF8.self)
        }
    }

    static let verslag = Verslag(
        date: CivilDate(iso: "2026-12-01")!, attendees: [RecordPerson(name: "Ouder (fictief)", role: "ouder")],
        goesWell: "Veel.", concerns: "Enkele.", viewParents: "Eens.", viewChild: "", outcome: .vrijwillig,
        decisionRoute: "Vrijwillig.", decisionHelp: "Gezinshulp.", decisionSafety: "Afspraken.", agreements: [],
        monitoring: "Lokaal team.", evaluation: nil, consequence: "Opnieuw aan tafel.")

    @Test("Recorded with jbt, the version keeps date, time and place after the booking is gone")
    func snapshotOutlivesTheBooking() throws {
        let f = try Fixture()
        let file = f.root + "/verslag.yaml"
        let samples = Workspace.bundledRoot()! + "/Samples/"
        let sample = try String(contentsOfFile: samples + "verslag-voorbeeld.yaml", encoding: .utf8)
        try sample.replacingOccurrences(of: "evaluatie: {datum: 2027-01-26, vorm: tafel}\n", with: "")
            .write(toFile: file, atomically: true, encoding: .utf8)
        _ = try f.app.recordVerslag(reference: "D-01", path: file)
        let booking = try #require(try f.booking())
        try f.dropBooking()
        let text = try f.verslagMarkdown()
        #expect(text.contains("Gesprek op dinsdag 1 december 2026 om \(booking.start)\n"), "\(text)")
        #expect(text.contains("- **Tijd:** \(booking.start) – \(booking.end)\n"))
        #expect(text.contains("- **Locatie:** Raadhuis Westdorp\n"))
        #expect(!text.contains("niet meer bekend"))
    }

    @Test("A version stored without the conversation renders its own date and says the rest is not known")
    func oldVersionSaysSo() throws {
        let f = try Fixture()
        // As a store of before this change holds it: the record alone, no conversation with it.
        try f.app.workspace.openStore().write(command: "test") { tx in
            _ = try tx.addRecordVersion(reference: "D-01", kind: "verslag", Self.verslag, change: "verslag vastgelegd")
            return ((), "test")
        }
        // While the booking is on the verslag's day, nothing has moved: it is the conversation.
        let booking = try #require(try f.booking())
        var text = try f.verslagMarkdown()
        #expect(text.contains("Gesprek op dinsdag 1 december 2026 om \(booking.start)\n"), "\(text)")
        #expect(!text.contains("niet meer bekend"))
        try f.dropBooking()
        text = try f.verslagMarkdown()
        #expect(text.contains("Gesprek op dinsdag 1 december 2026\n"), "\(text)")
        #expect(text.contains("tijd, plaats en voorzitter van het gehouden gesprek zijn niet meer bekend"))
        #expect(text.contains("- **Tijd:** onbekend\n"))
        #expect(text.contains("- **Locatie:** onbekend\n"))
        #expect(text.contains("- **Voorzitter:** onbekend\n"))
        #expect(!text.contains(":** \n"), "no empty field")
        #expect(!text.contains(" om \n"))
    }

    @Test("The family key follows follow-ups back to the first conversation, and a cycle ends")
    func familyReference() {
        #expect(PlanBuilder.familyReference("R-1-E1-E1", origins: ["R-1-E1-E1": "R-1-E1", "R-1-E1": "R-1"]) == "R-1")
        #expect(PlanBuilder.familyReference("R-2", origins: [:]) == "R-2")
        let cycle = PlanBuilder.familyReference("A", origins: ["A": "B", "B": "A"])
        #expect(cycle == "A" || cycle == "B")
        let r = Registration(
            reference: "R-1-E1", municipality: "X", homeRegion: "x", type: .evaluatie,
            registered: CivilDate(iso: "2026-12-01")!, complete: CivilDate(iso: "2026-12-01")!,
            referrer: ContactPerson(name: "Lokaal team", email: " LT@Example.org"),
            parents: [
                ContactPerson(name: "Ouder"),
                ContactPerson(name: "Ouder 2", email: "o2@example.org"),
            ])
        let keys = PlanBuilder.ownPeople(r, origins: ["R-1-E1": "R-1"])
        #expect(keys == ["gezin:R-1", "email:o2@example.org", "email:lt@example.org"])
    }
}

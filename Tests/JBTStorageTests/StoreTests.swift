import Foundation
import JBTCore
import Testing
@testable import JBTStorage

/// A store path in a fresh folder, removed when the test ends.
final class TemporaryStore {
    let folder = NSTemporaryDirectory() + "jbt-store-" + UUID().uuidString
    var path: String { folder + "/jbt.sqlite" }
    deinit { try? FileManager.default.removeItem(atPath: folder) }
}

func registration(_ ref: String) -> Registration {
    Registration(reference: ref, municipality: "Ede", homeRegion: "food-valley", type: .vijfVoorTwaalf,
                 registered: CivilDate(iso: "2026-11-16")!, complete: CivilDate(iso: "2026-11-18")!,
                 children: [ChildRecord(initials: "A.B.", birthDate: CivilDate(iso: "2012-01-01")!)],
                 referrer: ContactPerson(name: "Lokaal team", organisation: "Lokaal team Ede"))
}

@Suite("Store")
struct StoreTests {
    @Test("Registrations round-trip; a duplicate reference is refused")
    func roundTrip() throws {
        let temporary = TemporaryStore()
        let store = try Store(path: temporary.path)
        try store.write(command: "test") { tx in (try tx.insert(registration("R1")), change: "R1") }
        #expect(try store.read { try $0.registration("R1") } == registration("R1"))
        #expect(throws: StoreError.duplicateReference("R1")) {
            try store.write(command: "test") { tx in (try tx.insert(registration("R1")), change: "R1 opnieuw") }
        }
    }

    @Test("A failing command leaves the store exactly as it was, audit log included")
    func rollback() throws {
        let temporary = TemporaryStore()
        let store = try Store(path: temporary.path)
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try store.write(command: "half") { tx -> ((), change: String) in
                try tx.insert(registration("R1"))
                try tx.insert(StoredBooking(reference: "R1", region: "food-valley", date: CivilDate(iso: "2026-12-01")!, table: 1,
                                            start: TimeOfDay(minutes: 540), end: TimeOfDay(minutes: 630), childStart: nil))
                throw Failure()
            }
        }
        #expect(try store.read { try $0.registrations() }.isEmpty)
        #expect(try store.read { try $0.bookings() }.isEmpty)
        #expect(try store.read { try $0.auditLog() }.isEmpty)
    }

    @Test("Every command leaves an audit entry that cannot be changed or deleted")
    func auditLog() throws {
        let temporary = TemporaryStore()
        let store = try Store(path: temporary.path)
        try store.write(command: "intake x.yaml") { tx in (try tx.insert(registration("R1")), change: "1 aanmelding: R1") }
        let log = try store.read { try $0.auditLog() }
        #expect(log.map(\.command) == ["intake x.yaml"])
        #expect(log.first?.change == "1 aanmelding: R1")
        #expect(throws: StoreError.self) {
            try store.write(command: "wis") { tx in (try tx.db.execute(sql: "DELETE FROM audit_log"), change: "") }
        }
        #expect(throws: StoreError.self) {
            try store.write(command: "wijzig") { tx in (try tx.db.execute(sql: "UPDATE audit_log SET change = 'x'"), change: "") }
        }
        #expect(try store.read { try $0.auditLog() }.count == 1)
    }

    @Test("The store and its folder are readable by their owner only")
    func permissions() throws {
        let temporary = TemporaryStore()
        let path = temporary.path
        _ = try Store(path: path)
        let file = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folder = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)[.posixPermissions] as? Int
        #expect(file == 0o600)
        #expect(folder == 0o700)
    }

    @Test("Two writers on the same file (two secretaries) lose nothing")
    func concurrentWriters() async throws {
        let temporary = TemporaryStore()
        let path = temporary.path
        _ = try Store(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let store = try Store(path: path)   // its own connection, as a second process would have
                    for n in 0..<50 {
                        try store.write(command: "intake") { tx in (try tx.insert(registration("W\(writer)-\(n)")), change: "") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let store = try Store(path: path)
        #expect(try store.read { try $0.registrations() }.count == 100)
        #expect(try store.read { try $0.auditLog() }.count == 100)
    }

    @Test("The roster is stored whole and replaced whole")
    func roster() throws {
        let temporary = TemporaryStore()
        let store = try Store(path: temporary.path)
        let roster = Roster(people: [.init(id: "vz1", name: "Vz", role: .chair, email: "v@example.org", regions: ["a"])],
                            assignments: [.init(person: "vz1", region: "a", weekday: .tuesday)])
        try store.write(command: "roster") { tx in (try tx.replaceRoster(roster), change: "") }
        #expect(try store.read { try $0.roster() } == roster)
        try store.write(command: "roster") { tx in (try tx.replaceRoster(Roster()), change: "") }
        #expect(try store.read { try $0.roster() }.isEmpty)
    }
}

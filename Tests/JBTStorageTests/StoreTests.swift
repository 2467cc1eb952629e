import Foundation
import GRDB
import JBTCore
import Testing
@testable import JBTStorage

/// A store path in a fresh folder, removed when the test ends.
final class TemporaryStore: @unchecked Sendable {
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

/// Runs raw SQL in a write of `store`, as a bug or a hand with the sqlite3 shell would.
private func execute(_ store: SQLiteStore, _ sql: String) throws {
    try store.write(command: "sql") { tx in
        (try (tx as! SQLiteTransaction).db.execute(sql: sql), change: "")
    }
}

private struct Note: Codable, Equatable {
    var text: String
}

/// Statements that would rewrite version 1 of R1's verslag or audit entry 1.
private let rewrites: [String] = [
    "INSERT OR REPLACE INTO record_version (reference, kind, version, payload, change, added_at) "
        + "VALUES ('R1', 'verslag', 1, '{\"text\":\"vervalst\"}', 'x', 'x')",
    "REPLACE INTO record_version (reference, kind, version, payload, change, added_at) "
        + "VALUES ('R1', 'verslag', 1, '{\"text\":\"vervalst\"}', 'x', 'x')",
    "INSERT INTO record_version (reference, kind, version, payload, change, added_at) "
        + "VALUES ('R1', 'verslag', 1, '{\"text\":\"vervalst\"}', 'x', 'x') "
        + "ON CONFLICT(reference, kind, version) DO UPDATE SET payload = excluded.payload",
    "INSERT INTO record_version (reference, kind, version, payload, change, added_at) "
        + "VALUES ('R1', 'verslag', 1, '{\"text\":\"vervalst\"}', 'x', 'x') ON CONFLICT DO UPDATE SET change = 'x'",
    "UPDATE record_version SET payload = '{\"text\":\"vervalst\"}'",
    "UPDATE OR REPLACE record_version SET version = 1 WHERE version = 2",
    "DELETE FROM record_version",
    "INSERT OR REPLACE INTO audit_log (id, at, command, change) VALUES (1, 'x', 'vervalst', 'x')",
    "REPLACE INTO audit_log (id, at, command, change) VALUES (1, 'x', 'vervalst', 'x')",
    "INSERT INTO audit_log (id, at, command, change) VALUES (1, 'x', 'vervalst', 'x') "
        + "ON CONFLICT(id) DO UPDATE SET command = excluded.command",
    "UPDATE audit_log SET command = 'vervalst'",
    "UPDATE OR REPLACE audit_log SET id = 1 WHERE id = 2",
    "DELETE FROM audit_log",
]

@Suite("SQLite store")
struct StoreTests {
    /// A store with two verslag versions of R1 and two audit entries.
    private func recorded(_ path: String) throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        try store.write(command: "intake") { tx in
            try tx.insert(registration("R1"))
            return ((), change: "R1")
        }
        try store.write(command: "verslag") { tx in
            try tx.addRecordVersion(reference: "R1", kind: "verslag", Note(text: "een"), change: "1")
            try tx.addRecordVersion(reference: "R1", kind: "verslag", Note(text: "twee"), change: "2")
            return ((), change: "R1")
        }
        return store
    }

    private func unchanged(_ store: SQLiteStore) throws {
        let versions = try store.read { try $0.recordVersions(reference: "R1", kind: "verslag", as: Note.self) }
        #expect(versions.map(\.record) == [Note(text: "een"), Note(text: "twee")])
        #expect(versions.map(\.change) == ["1", "2"])
        #expect(try store.read { try $0.auditLog() }.map(\.command) == ["intake", "verslag"])
    }

    @Test("Every SQL way of rewriting a recorded version or an audit entry is refused", arguments: rewrites)
    func appendOnly(sql: String) throws {
        let temporary = TemporaryStore()
        let store = try recorded(temporary.path)
        #expect {
            try execute(store, sql)
        } throws: { error in
            guard case StoreError.appendOnly(let detail) = error else {
                return false
            }
            return detail.contains("verandert niet") || detail.contains("alleen aan te vullen")
        }
        try unchanged(store)
    }

    @Test("A connection without recursive triggers (the sqlite3 shell) cannot replace a version either",
          arguments: [rewrites[0], rewrites[1], rewrites[7], rewrites[8]])
    func appendOnlyWithoutRecursiveTriggers(sql: String) throws {
        let temporary = TemporaryStore()
        let store = try recorded(temporary.path)
        let plain = try DatabaseQueue(path: temporary.path)
        #expect(try plain.read { try Int.fetchOne($0, sql: "PRAGMA recursive_triggers") } == 0)
        #expect(throws: DatabaseError.self) {
            try plain.write { try $0.execute(sql: sql) }
        }
        try unchanged(store)
    }

    @Test("SQLite's result codes become store error codes")
    func errorCodes() {
        func mapped(_ code: ResultCode) -> StoreError {
            SQLiteStore.busyError(DatabaseError(resultCode: code, message: "m"), path: "p", waited: 2)
                ?? SQLiteTransaction.storeError(DatabaseError(resultCode: code, message: "m"))
        }
        #expect(mapped(.SQLITE_BUSY) == .busy(path: "p", waitedSeconds: 2))
        #expect(mapped(.SQLITE_LOCKED) == .busy(path: "p", waitedSeconds: 2))
        #expect(mapped(.SQLITE_CONSTRAINT_UNIQUE) == .conflict(detail: "m"))
        #expect(mapped(.SQLITE_CONSTRAINT_PRIMARYKEY) == .alreadyExists(reference: "m"))
        #expect(mapped(.SQLITE_CONSTRAINT_TRIGGER) == .appendOnly(detail: "m"))
        #expect(mapped(.SQLITE_CORRUPT) == .database(code: 11, message: "m"))
        #expect(mapped(.SQLITE_CONSTRAINT_NOTNULL) == .database(code: 1299, message: "m"))
    }

    @Test("A raw unique violation is a conflict, not a bare database error")
    func uniqueViolation() throws {
        let temporary = TemporaryStore()
        let store = try recorded(temporary.path)
        try execute(store, "INSERT INTO outbox (id, channel, target, sender, payload, reference, created_at, attempts, "
                        + "next_attempt_at) VALUES ('M1', 'smtp', 't', 's', 'p', 'R1', 'x', 0, 'x')")
        #expect(throws: StoreError.conflict(detail: "UNIQUE constraint failed: outbox.id")) {
            try execute(store, "INSERT INTO outbox (id, channel, target, sender, payload, reference, created_at, "
                            + "attempts, next_attempt_at) VALUES ('M1', 'smtp', 't', 's', 'p', 'R1', 'x', 0, 'x')")
        }
    }

    @Test("A command that cannot get the lock in time says in Dutch that another command is writing")
    func busy() throws {
        let temporary = TemporaryStore()
        let store = try SQLiteStore(path: temporary.path, busyTimeout: 0.2)
        let other = try DatabaseQueue(path: temporary.path)
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            // While the other holds the lock, a store still opens (a reading command works) ...
            let second = try SQLiteStore(path: temporary.path, busyTimeout: 0.2)
            #expect(try second.read { try $0.registrations() }.isEmpty)
            // ... and a write waits, then fails with a message that says what is going on.
            #expect {
                try store.write(command: "intake") { tx in (try tx.insert(registration("R1")), change: "R1") }
            } throws: { error in
                guard let error = error as? StoreError, error == .busy(path: temporary.path, waitedSeconds: 0.2) else {
                    return false
                }
                return error.description.contains("een ander jbt-commando schrijft nu in de opslag")
                    && error.description.contains("0,2 seconde")
                    && !error.description.contains("locked")
            }
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try store.read { try $0.registrations() }.isEmpty)
        #expect(try store.read { try $0.auditLog() }.isEmpty)
        try store.write(command: "intake") { tx in (try tx.insert(registration("R1")), change: "R1") }
        #expect(try store.read { try $0.registrations() }.count == 1)
    }

    @Test("A command waits for another one that is writing and then does its own write")
    func waitsForTheLock() throws {
        let temporary = TemporaryStore()
        let store = try SQLiteStore(path: temporary.path, busyTimeout: 60)
        let other = try DatabaseQueue(path: temporary.path)
        let locked = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(sql: "INSERT INTO roster (id, payload, imported_at) VALUES (1, ?, 'x')",
                               arguments: [#"{"absences":[],"assignments":[],"people":[]}"#])
                locked.signal()
                Thread.sleep(forTimeInterval: 0.3)
                try db.execute(sql: "COMMIT")
            }
        }
        holder.start()
        locked.wait()
        try store.write(command: "intake") { tx in (try tx.insert(registration("R1")), change: "R1") }
        #expect(try store.read { try $0.registrations() }.count == 1)
        #expect(try store.read { try $0.auditLog() }.count == 1)
    }

    @Test("The store and its folder are readable by their owner only")
    func permissions() throws {
        let temporary = TemporaryStore()
        let path = temporary.path
        _ = try SQLiteStore(path: path)
        let file = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderPath = (path as NSString).deletingLastPathComponent
        let folder = try FileManager.default.attributesOfItem(atPath: folderPath)[.posixPermissions] as? Int
        #expect(file == 0o600)
        #expect(folder == 0o700)
    }

    @Test("The busy message reads well for whole seconds too")
    func busyText() {
        let text = StoreError.busy(path: "/x/jbt.sqlite", waitedSeconds: 120).description
        #expect(text == "een ander jbt-commando schrijft nu in de opslag /x/jbt.sqlite en was na 120 seconden nog niet "
                    + "klaar; er is niets veranderd. Probeer het over een tijdje opnieuw.")
        #expect(StoreError.busy(path: "p", waitedSeconds: 1).description.contains("na 1 seconde nog"))
        #expect(StoreError.Code.allCases.count == 7)
        #expect(StoreError.duplicateReference("R1").code == .alreadyExists)
    }
}

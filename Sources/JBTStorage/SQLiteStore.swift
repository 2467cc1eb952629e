import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import JBTCore

/// The embedded SQLite store (through GRDB): registrations, bookings, the roster, the outbox and an
/// append-only audit log. All of jbt's SQL lives in this module.
///
/// Every command's changes happen in one IMMEDIATE transaction together with its audit entry, so a
/// failed command leaves the store exactly as it was, and two commands on the same store (two
/// secretaries) are serialised by SQLite's lock instead of losing each other's changes: the second
/// waits up to `busyTimeout` seconds for the first, then fails with `StoreError.busy`. The file
/// and its folder are readable by their owner only.
public final class SQLiteStore: Store {
    let queue: DatabaseQueue
    public let path: String
    /// How long a command waits for another one that is writing, in seconds.
    public let busyTimeout: Double

    /// A plan over a whole region group holds the write lock for as long as it searches: the other
    /// command waits that long before it says it could not.
    public static let defaultBusyTimeout: Double = 120

    public init(path: String, busyTimeout: Double = SQLiteStore.defaultBusyTimeout) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        let folder = (path as NSString).deletingLastPathComponent
        let fm = FileManager.default
        if !folder.isEmpty && !fm.fileExists(atPath: folder) {
            // Another process may create it at the same moment: only a folder still missing is an error.
            try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard fm.fileExists(atPath: folder) else {
                throw StoreError.cannotOpen(path: path, reason: "kan de map \(folder) niet aanmaken")
            }
        }
        // Two processes opening a new store at once would both create and migrate it: an advisory
        // lock on a side file serialises creating, opening and migrating.
        let lockDescriptor = open(path + ".lock", O_CREAT | O_RDWR, 0o600)
        guard lockDescriptor >= 0 else { throw StoreError.cannotOpen(path: path, reason: "kan het slotbestand niet aanmaken") }
        defer { close(lockDescriptor) }
        flock(lockDescriptor, LOCK_EX)
        defer { flock(lockDescriptor, LOCK_UN) }
        // Create the file only if it does not exist (never replace a store), owner-only.
        let created = open(path, O_CREAT | O_EXCL | O_RDWR, 0o600)
        if created >= 0 { close(created) } else if errno != EEXIST {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.journalMode = .wal
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // REPLACE deletes the row it replaces without firing DELETE triggers unless this is on:
            // the append-only tables also refuse it on their own (migration v6), this is the second lock.
            try db.execute(sql: "PRAGMA recursive_triggers = ON")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            try SQLiteStore.migrator.migrate(queue)
        } catch let error as DatabaseError {
            if let busy = SQLiteStore.busyError(error, path: path, waited: busyTimeout) {
                throw busy
            }
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
        // The WAL and shared-memory files inherit nothing: restrict them too.
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
            try? fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path + suffix)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE registration (
                    reference TEXT PRIMARY KEY NOT NULL,
                    region TEXT NOT NULL,
                    status TEXT NOT NULL,
                    complete TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX registration_status ON registration(status, region);
                CREATE TABLE booking (
                    reference TEXT PRIMARY KEY NOT NULL REFERENCES registration(reference),
                    region TEXT NOT NULL,
                    date TEXT NOT NULL,
                    table_no INTEGER NOT NULL,
                    start_minute INTEGER NOT NULL,
                    end_minute INTEGER NOT NULL,
                    child_start_minute INTEGER,
                    booked_at TEXT NOT NULL
                );
                CREATE UNIQUE INDEX booking_position ON booking(region, date, table_no, start_minute);
                CREATE TABLE norm_signal (
                    reference TEXT PRIMARY KEY NOT NULL REFERENCES registration(reference),
                    region TEXT NOT NULL,
                    deadline TEXT NOT NULL,
                    explanation TEXT NOT NULL,
                    signalled_at TEXT NOT NULL
                );
                CREATE TABLE roster (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    payload TEXT NOT NULL,
                    imported_at TEXT NOT NULL
                );
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    command TEXT NOT NULL,
                    change TEXT NOT NULL
                );
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'het auditlog is alleen aan te vullen'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'het auditlog is alleen aan te vullen'); END;
                """)
        }
        migrator.registerMigration("v2-invites") { db in
            try db.execute(sql: """
                CREATE TABLE invite_sent (
                    uid TEXT PRIMARY KEY NOT NULL,
                    reference TEXT NOT NULL REFERENCES registration(reference),
                    audience TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    method TEXT NOT NULL,
                    date TEXT NOT NULL,
                    start_minute INTEGER NOT NULL,
                    end_minute INTEGER NOT NULL,
                    organizer TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    sent_at TEXT NOT NULL
                );
                CREATE INDEX invite_sent_reference ON invite_sent(reference);
                """)
        }
        migrator.registerMigration("v3-replies") { db in
            try db.execute(sql: """
                CREATE TABLE invite_reply (
                    uid TEXT NOT NULL REFERENCES invite_sent(uid),
                    attendee TEXT NOT NULL,
                    partstat TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    received_at TEXT NOT NULL,
                    PRIMARY KEY (uid, attendee)
                );
                """)
        }
        migrator.registerMigration("v4-busy") { db in
            try db.execute(sql: """
                CREATE TABLE busy_time (
                    owner TEXT NOT NULL,
                    date TEXT NOT NULL,
                    start_minute INTEGER NOT NULL,
                    end_minute INTEGER NOT NULL
                );
                CREATE INDEX busy_time_owner ON busy_time(owner);
                """)
        }
        migrator.registerMigration("v5-records") { db in
            try db.execute(sql: """
                CREATE TABLE record_version (
                    reference TEXT NOT NULL REFERENCES registration(reference),
                    kind TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    payload TEXT NOT NULL,
                    change TEXT NOT NULL,
                    added_at TEXT NOT NULL,
                    PRIMARY KEY (reference, kind, version)
                );
                CREATE TRIGGER record_version_no_update BEFORE UPDATE ON record_version
                    BEGIN SELECT RAISE(ABORT, 'een vastgelegde versie verandert niet'); END;
                CREATE TRIGGER record_version_no_delete BEFORE DELETE ON record_version
                    BEGIN SELECT RAISE(ABORT, 'een vastgelegde versie verandert niet'); END;
                CREATE TABLE follow_up (
                    reference TEXT NOT NULL REFERENCES registration(reference),
                    version INTEGER NOT NULL,
                    form TEXT NOT NULL,
                    due TEXT NOT NULL,
                    follow_reference TEXT,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (reference, version)
                );
                """)
        }
        migrator.registerMigration("v6-append-only") { db in
            // BEFORE INSERT fires before REPLACE and ON CONFLICT DO UPDATE resolve the conflict, on every
            // connection (also the sqlite3 shell, where recursive_triggers is off): an existing key is refused.
            try db.execute(sql: """
                CREATE TRIGGER record_version_no_replace BEFORE INSERT ON record_version
                    WHEN EXISTS (SELECT 1 FROM record_version
                                 WHERE reference = NEW.reference AND kind = NEW.kind AND version = NEW.version)
                    BEGIN SELECT RAISE(ABORT, 'een vastgelegde versie verandert niet'); END;
                CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
                    WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
                    BEGIN SELECT RAISE(ABORT, 'het auditlog is alleen aan te vullen'); END;
                """)
        }
        migrator.registerMigration("v7-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    channel TEXT NOT NULL,
                    target TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    last_answer TEXT,
                    next_attempt_at TEXT NOT NULL,
                    delivered_at TEXT
                );
                CREATE INDEX outbox_due ON outbox(delivered_at, next_attempt_at);
                """)
        }
        // Where an invite was booked (the table's region and place), so that its cancellation goes
        // to the calendar it was published to and names the place; the recipients' names for the
        // agenda; a reply's DTSTAMP (the later answer wins at equal SEQUENCE) and COMMENT.
        migrator.registerMigration("v8-invite-places") { db in
            try db.execute(sql: """
                ALTER TABLE invite_sent ADD COLUMN region TEXT;
                ALTER TABLE invite_sent ADD COLUMN location TEXT;
                ALTER TABLE invite_sent ADD COLUMN recipient_names TEXT;
                ALTER TABLE invite_reply ADD COLUMN stamp INTEGER;
                ALTER TABLE invite_reply ADD COLUMN comment TEXT;
                """)
        }
        return migrator
    }

    /// Runs `body` in one IMMEDIATE transaction and appends an audit entry for `command` with the
    /// summary it returns. Any error rolls everything back.
    public func write<T>(command: String, _ body: (any StoreTransaction) throws -> (T, change: String)) throws -> T {
        do {
            return try queue.write { db in
                let (value, change) = try body(SQLiteTransaction(db: db))
                try db.execute(sql: "INSERT INTO audit_log (at, command, change) VALUES (?, ?, ?)",
                               arguments: [SQLiteStore.timestamp(), command, change])
                return value
            }
        } catch let error as DatabaseError {
            throw storeError(error)
        }
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        do {
            return try queue.read { db in
                try body(SQLiteTransaction(db: db))
            }
        } catch let error as DatabaseError {
            throw storeError(error)
        }
    }

    /// The `StoreError` for an error of SQLite that an operation did not map with more context.
    func storeError(_ error: DatabaseError) -> StoreError {
        SQLiteStore.busyError(error, path: path, waited: busyTimeout) ?? SQLiteTransaction.storeError(error)
    }

    static func busyError(_ error: DatabaseError, path: String, waited: Double) -> StoreError? {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            .busy(path: path, waitedSeconds: waited)
        default:
            nil
        }
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}

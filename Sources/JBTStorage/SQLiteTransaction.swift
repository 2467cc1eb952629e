import Foundation
import GRDB
import JBTCore

/// The operations of one SQLite transaction. Obtained only through `SQLiteStore.write` or `.read`.
public struct SQLiteTransaction: StoreTransaction {
    let db: Database

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    // MARK: Registrations

    public func insert(_ registration: Registration) throws {
        if try String.fetchOne(db, sql: "SELECT reference FROM registration WHERE reference = ?",
                               arguments: [registration.reference]) != nil {
            throw StoreError.duplicateReference(registration.reference)
        }
        try db.execute(sql: """
            INSERT INTO registration (reference, region, status, complete, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [registration.reference, registration.homeRegion, registration.status.rawValue,
                             registration.complete.iso, try payload(registration), SQLiteStore.timestamp()])
    }

    public func update(_ registration: Registration) throws {
        try db.execute(sql: "UPDATE registration SET region = ?, status = ?, complete = ?, payload = ? WHERE reference = ?",
                       arguments: [registration.homeRegion, registration.status.rawValue, registration.complete.iso,
                                   try payload(registration), registration.reference])
        if db.changesCount == 0 { throw StoreError.unknownReference(registration.reference) }
    }

    func payload(_ registration: Registration) throws -> String {
        String(decoding: try SQLiteTransaction.encoder.encode(registration), as: UTF8.self)
    }

    public func registration(_ reference: String) throws -> Registration? {
        try String.fetchOne(db, sql: "SELECT payload FROM registration WHERE reference = ?", arguments: [reference])
            .map(decode)
    }

    public func registrations(status: Registration.Status?) throws -> [Registration] {
        let rows: [String]
        if let status {
            rows = try String.fetchAll(db, sql: "SELECT payload FROM registration WHERE status = ? ORDER BY reference",
                                       arguments: [status.rawValue])
        } else {
            rows = try String.fetchAll(db, sql: "SELECT payload FROM registration ORDER BY reference")
        }
        return try rows.map(decode)
    }

    func decode(_ payload: String) throws -> Registration {
        try JSONDecoder().decode(Registration.self, from: Data(payload.utf8))
    }

    // MARK: Bookings

    public func insert(_ booking: StoredBooking) throws {
        do {
            try db.execute(sql: """
                INSERT INTO booking (reference, region, date, table_no, start_minute, end_minute, child_start_minute,
                    booked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [booking.reference, booking.region, booking.date.iso, booking.table,
                                 booking.start.minutes, booking.end.minutes, booking.childStart?.minutes,
                                 SQLiteStore.timestamp()])
        } catch let error as DatabaseError {
            switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_PRIMARYKEY:
                throw StoreError.alreadyExists(reference: booking.reference)
            case .SQLITE_CONSTRAINT_UNIQUE:
                throw StoreError.conflict(detail: SQLiteTransaction.positionTaken(booking))
            case .SQLITE_CONSTRAINT_FOREIGNKEY:
                throw StoreError.notFound(reference: booking.reference)
            default:
                throw error
            }
        }
    }

    static func positionTaken(_ booking: StoredBooking) -> String {
        "tafel \(booking.table) van \(booking.region) op \(booking.date.iso) om \(booking.start) is al geboekt"
            + " voor een andere zaak (\(booking.reference) kan daar niet)"
    }

    public func deleteBooking(_ reference: String) throws {
        try db.execute(sql: "DELETE FROM booking WHERE reference = ?", arguments: [reference])
    }

    public func bookings(region: RegionID?, from: CivilDate?, through: CivilDate?) throws -> [StoredBooking] {
        var sql = "SELECT * FROM booking WHERE 1"
        var arguments: StatementArguments = []
        if let region { sql += " AND region = ?"; arguments += [region] }
        if let from { sql += " AND date >= ?"; arguments += [from.iso] }
        if let through { sql += " AND date <= ?"; arguments += [through.iso] }
        sql += " ORDER BY date, region, table_no, start_minute"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            StoredBooking(reference: row["reference"], region: row["region"], date: CivilDate(iso: row["date"])!,
                          table: row["table_no"], start: TimeOfDay(minutes: row["start_minute"]),
                          end: TimeOfDay(minutes: row["end_minute"]),
                          childStart: (row["child_start_minute"] as Int?).map(TimeOfDay.init(minutes:)))
        }
    }

    public func booking(_ reference: String) throws -> StoredBooking? {
        try bookings().first { $0.reference == reference }
    }

    // MARK: Norm signals

    public func replaceSignal(for reference: String, with signal: NormSignal?) throws {
        try requireKnown(reference) {
            try db.execute(sql: "DELETE FROM norm_signal WHERE reference = ?", arguments: [reference])
            if let signal {
                try db.execute(sql: """
                    INSERT INTO norm_signal (reference, region, deadline, explanation, signalled_at) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [signal.reference, signal.region, signal.deadline.iso, signal.explanation,
                                     SQLiteStore.timestamp()])
            }
        }
    }

    public func signals(region: RegionID?) throws -> [NormSignal] {
        try Row.fetchAll(db, sql: "SELECT * FROM norm_signal ORDER BY region, deadline, reference").map {
            NormSignal(reference: $0["reference"], region: $0["region"], deadline: CivilDate(iso: $0["deadline"])!,
                       explanation: $0["explanation"], signalledAt: $0["signalled_at"])
        }.filter { region == nil || $0.region == region }
    }

    // MARK: Roster

    public func replaceRoster(_ roster: Roster) throws {
        let document = RosterDocument(people: roster.people, assignments: roster.assignments, absences: roster.absences)
        try db.execute(sql: "INSERT OR REPLACE INTO roster (id, payload, imported_at) VALUES (1, ?, ?)",
                       arguments: [String(decoding: try SQLiteTransaction.encoder.encode(document), as: UTF8.self), SQLiteStore.timestamp()])
    }

    public func roster() throws -> Roster {
        guard let payload = try String.fetchOne(db, sql: "SELECT payload FROM roster WHERE id = 1") else { return Roster() }
        let d = try JSONDecoder().decode(RosterDocument.self, from: Data(payload.utf8))
        return Roster(people: d.people, assignments: d.assignments, absences: d.absences)
    }

    struct RosterDocument: Codable {
        var people: [Roster.Person]
        var assignments: [Roster.Assignment]
        var absences: [Roster.Absence]
    }

    // MARK: Invites

    public func sentInvites(reference: String?) throws -> [SentInvite] {
        let rows = reference == nil
            ? try Row.fetchAll(db, sql: "SELECT * FROM invite_sent ORDER BY uid")
            : try Row.fetchAll(db, sql: "SELECT * FROM invite_sent WHERE reference = ? ORDER BY uid", arguments: [reference])
        return rows.map {
            SentInvite(uid: $0["uid"], reference: $0["reference"], audience: $0["audience"], sequence: $0["sequence"],
                       method: $0["method"], date: CivilDate(iso: $0["date"])!, start: $0["start_minute"], end: $0["end_minute"],
                       organizer: $0["organizer"],
                       recipients: ($0["recipients"] as String).split(separator: ",").map(String.init),
                       fingerprint: $0["fingerprint"], region: $0["region"], location: $0["location"],
                       recipientNames: ($0["recipient_names"] as String?).map {
                           $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                       } ?? [])
        }
    }

    public func recordSent(_ invite: SentInvite) throws {
        try requireKnown(invite.reference) {
            try db.execute(sql: """
                INSERT OR REPLACE INTO invite_sent (uid, reference, audience, sequence, method, date, start_minute,
                    end_minute, organizer, recipients, fingerprint, sent_at, region, location, recipient_names)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [invite.uid, invite.reference, invite.audience, invite.sequence, invite.method,
                                 invite.date.iso, invite.start, invite.end, invite.organizer, invite.recipients.joined(separator: ","),
                                 invite.fingerprint, SQLiteStore.timestamp(), invite.region, invite.location,
                                 invite.recipientNames.isEmpty ? nil : invite.recipientNames.joined(separator: "\t")])
        }
    }

    /// Records an attendee's answer; an answer to an older SEQUENCE than the one stored is not.
    public func recordReply(uid: String, attendee: String, partstat: String, sequence: Int) throws {
        try requireKnown(uid) {
            try db.execute(sql: """
                INSERT INTO invite_reply (uid, attendee, partstat, sequence, received_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(uid, attendee) DO UPDATE SET partstat = excluded.partstat, sequence = excluded.sequence,
                    received_at = excluded.received_at WHERE excluded.sequence >= invite_reply.sequence
                """, arguments: [uid, attendee, partstat, sequence, SQLiteStore.timestamp()])
        }
    }

    public func recordReply(uid: String, _ reply: StoredReply) throws {
        try requireKnown(uid) {
            try db.execute(sql: """
                INSERT INTO invite_reply (uid, attendee, partstat, sequence, received_at, stamp, comment)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(uid, attendee) DO UPDATE SET partstat = excluded.partstat, sequence = excluded.sequence,
                    received_at = excluded.received_at, stamp = excluded.stamp, comment = excluded.comment
                """, arguments: [uid, reply.attendee, reply.partstat, reply.sequence, SQLiteStore.timestamp(), reply.stamp,
                                 reply.comment])
        }
    }

    public func storedReplies(uid: String) throws -> [String: StoredReply] {
        var result: [String: StoredReply] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM invite_reply WHERE uid = ?", arguments: [uid]) {
            let reply = StoredReply(attendee: row["attendee"], partstat: row["partstat"], sequence: row["sequence"],
                                    stamp: row["stamp"], comment: row["comment"])
            result[reply.attendee] = reply
        }
        return result
    }

    /// Answers per attendee for a UID, at the given SEQUENCE (earlier answers no longer count).
    public func replies(uid: String, sequence: Int) throws -> [String: String] {
        let rows = try Row.fetchAll(db, sql: "SELECT attendee, partstat FROM invite_reply WHERE uid = ? AND sequence = ?",
                                    arguments: [uid, sequence])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["attendee"] as String, $0["partstat"] as String) })
    }

    // MARK: Busy times

    /// Replaces the busy times of one owner (`persoon:ID` or `zaak:REF`).
    public func replaceBusy(owner: String, _ intervals: [(date: CivilDate, start: Int, end: Int)]) throws {
        try db.execute(sql: "DELETE FROM busy_time WHERE owner = ?", arguments: [owner])
        for i in intervals {
            try db.execute(sql: "INSERT INTO busy_time (owner, date, start_minute, end_minute) VALUES (?, ?, ?, ?)",
                           arguments: [owner, i.date.iso, i.start, i.end])
        }
    }

    /// All busy times, by owner.
    public func busyTimes() throws -> [String: [(date: CivilDate, start: Int, end: Int)]] {
        var result: [String: [(date: CivilDate, start: Int, end: Int)]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM busy_time ORDER BY owner, date, start_minute, rowid") {
            result[row["owner"], default: []].append((CivilDate(iso: row["date"])!, row["start_minute"], row["end_minute"]))
        }
        return result
    }

    // MARK: Records (verslag, veiligheidsplan): append-only versions

    /// Adds the next version of a record; returns its number (1 for the first).
    @discardableResult
    public func addRecordVersion<T: Encodable>(reference: String, kind: String, _ record: T,
                                               change: String) throws -> Int {
        try requireKnown(reference) {
            let highest = try Int.fetchOne(db, sql: """
                SELECT MAX(version) FROM record_version WHERE reference = ? AND kind = ?
                """, arguments: [reference, kind])
            let next = (highest ?? 0) + 1
            let payload = String(decoding: try SQLiteTransaction.encoder.encode(record), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO record_version (reference, kind, version, payload, change, added_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [reference, kind, next, payload,
                                       change, SQLiteStore.timestamp()])
            return next
        }
    }

    /// The versions of a record, oldest first.
    public func recordVersions<T: Decodable>(reference: String, kind: String, as type: T.Type) throws -> [RecordVersion<T>] {
        try Row.fetchAll(db, sql: "SELECT * FROM record_version WHERE reference = ? AND kind = ? ORDER BY version",
                         arguments: [reference, kind]).map {
            RecordVersion(version: $0["version"], record: try JSONDecoder().decode(T.self, from: Data(($0["payload"] as String).utf8)),
                          change: $0["change"], addedAt: $0["added_at"])
        }
    }

    /// Records the follow-up an evaluation moment asks for.
    public func insertFollowUp(_ f: FollowUp) throws {
        do {
            try db.execute(sql: """
                INSERT INTO follow_up (reference, version, form, due, follow_reference, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [f.reference, f.version, f.form.rawValue, f.due.iso, f.followReference,
                                 SQLiteStore.timestamp()])
        } catch let error as DatabaseError {
            switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_PRIMARYKEY:
                throw StoreError.alreadyExists(reference: "\(f.reference) (vervolg van versie \(f.version))")
            case .SQLITE_CONSTRAINT_FOREIGNKEY:
                throw StoreError.notFound(reference: f.reference)
            default:
                throw error
            }
        }
    }

    public func followUps(reference: String?) throws -> [FollowUp] {
        try Row.fetchAll(db, sql: "SELECT * FROM follow_up ORDER BY due, reference, version").map {
            FollowUp(reference: $0["reference"], version: $0["version"], form: EvaluationMoment.Form(rawValue: $0["form"]) ?? .written,
                     due: CivilDate(iso: $0["due"])!, followReference: $0["follow_reference"])
        }.filter { reference == nil || $0.reference == reference }
    }

    /// Runs `body`, reporting a missing registration (or UID) that a foreign key refers to as not found.
    func requireKnown<T>(_ reference: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw StoreError.notFound(reference: reference)
        }
    }

    // MARK: Outbox

    @discardableResult
    public func enqueue(_ message: OutboxMessage) throws -> Bool {
        try db.execute(sql: """
            INSERT INTO outbox (id, channel, target, sender, payload, reference, created_at, attempts, last_answer,
                next_attempt_at, delivered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO NOTHING
            """, arguments: [message.id, message.channel.rawValue, message.target, message.sender, message.payload,
                             message.reference, SQLiteTransaction.instant(message.createdAt), message.attempts,
                             message.lastAnswer, SQLiteTransaction.instant(message.nextAttemptAt),
                             message.deliveredAt.map(SQLiteTransaction.instant)])
        return db.changesCount > 0
    }

    public func outboxMessages(state: OutboxMessage.State?) throws -> [OutboxMessage] {
        let condition = switch state {
        case nil: "1"
        case .pending: "delivered_at IS NULL AND attempts = 0"
        case .failed: "delivered_at IS NULL AND attempts > 0"
        case .delivered: "delivered_at IS NOT NULL"
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE \(condition) ORDER BY created_at, seq")
            .map(SQLiteTransaction.message)
    }

    public func dueMessages(at now: Date) throws -> [OutboxMessage] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY created_at, seq
            """, arguments: [SQLiteTransaction.instant(now)]).map(SQLiteTransaction.message)
    }

    public func markDelivered(id: String, at time: Date) throws {
        try db.execute(sql: "UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
                       arguments: [SQLiteTransaction.instant(time), id])
        if db.changesCount == 0 {
            try requireMessage(id)
        }
    }

    public func markFailed(id: String, answer: String, nextAttempt: Date) throws {
        try db.execute(sql: """
            UPDATE outbox SET attempts = attempts + 1, last_answer = ?, next_attempt_at = ?
            WHERE id = ? AND delivered_at IS NULL
            """, arguments: [answer, SQLiteTransaction.instant(nextAttempt), id])
        if db.changesCount == 0 {
            try requireMessage(id)
        }
    }

    func requireMessage(_ id: String) throws {
        if try String.fetchOne(db, sql: "SELECT id FROM outbox WHERE id = ?", arguments: [id]) == nil {
            throw StoreError.notFound(reference: id)
        }
    }

    /// Fixed width with milliseconds in UTC, so that text order is time order.
    static func instant(_ date: Date) -> String {
        instantFormatter().string(from: date)
    }

    static func date(_ text: String) -> Date {
        instantFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func instantFormatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }

    static func message(_ row: Row) -> OutboxMessage {
        OutboxMessage(id: row["id"], channel: OutboxMessage.Channel(rawValue: row["channel"]) ?? .smtp,
                      target: row["target"], sender: row["sender"], payload: row["payload"],
                      reference: row["reference"], createdAt: date(row["created_at"]), attempts: row["attempts"],
                      lastAnswer: row["last_answer"], nextAttemptAt: date(row["next_attempt_at"]),
                      deliveredAt: (row["delivered_at"] as String?).map(date))
    }

    // MARK: Audit

    public func auditLog() throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT at, command, change FROM audit_log ORDER BY id").map {
            AuditEntry(at: $0["at"], command: $0["command"], change: $0["change"])
        }
    }

    /// The `StoreError` for an SQLite error that no operation mapped with more context.
    static func storeError(_ error: DatabaseError) -> StoreError {
        let message = error.message ?? "\(error)"
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_TRIGGER:
            return .appendOnly(detail: message)
        case .SQLITE_CONSTRAINT_UNIQUE:
            return .conflict(detail: message)
        case .SQLITE_CONSTRAINT_PRIMARYKEY:
            return .alreadyExists(reference: message)
        default:
            return .database(code: Int(error.extendedResultCode.rawValue), message: message)
        }
    }
}

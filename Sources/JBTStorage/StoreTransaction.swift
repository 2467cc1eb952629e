import Foundation
import GRDB
import JBTCore

/// A booked conversation as stored.
public struct StoredBooking: Sendable, Hashable {
    public var reference: String
    public var region: RegionID
    public var date: CivilDate
    public var table: Int
    public var start: TimeOfDay
    public var end: TimeOfDay
    /// Start of the child conversation, when there is one.
    public var childStart: TimeOfDay?
    public init(reference: String, region: RegionID, date: CivilDate, table: Int, start: TimeOfDay, end: TimeOfDay,
                childStart: TimeOfDay?) {
        self.reference = reference; self.region = region; self.date = date; self.table = table
        self.start = start; self.end = end; self.childStart = childStart
    }
}

/// A case that misses the norm, as listed on the region's wachttijdsignalering.
public struct NormSignal: Sendable, Hashable {
    public var reference: String
    public var region: RegionID
    public var deadline: CivilDate
    public var explanation: String
    public var signalledAt: String
    public init(reference: String, region: RegionID, deadline: CivilDate, explanation: String, signalledAt: String = "") {
        self.reference = reference; self.region = region; self.deadline = deadline
        self.explanation = explanation; self.signalledAt = signalledAt
    }
}

/// What was last sent for one invite UID, so that updates and cancellations reach exactly the
/// people who had the earlier version, and sending twice sends nothing new.
public struct SentInvite: Sendable, Hashable {
    public var uid: String
    public var reference: String
    public var audience: String
    public var sequence: Int
    public var method: String
    public var date: CivilDate
    public var start: Int
    public var end: Int
    /// The organizer as "e-mail<TAB>name".
    public var organizer: String
    public var recipients: [String]
    public var fingerprint: String
    public init(uid: String, reference: String, audience: String, sequence: Int, method: String, date: CivilDate,
                start: Int, end: Int, organizer: String, recipients: [String], fingerprint: String) {
        self.uid = uid; self.reference = reference; self.audience = audience; self.sequence = sequence
        self.method = method; self.date = date; self.start = start; self.end = end; self.organizer = organizer
        self.recipients = recipients; self.fingerprint = fingerprint
    }
}

/// One stored version of a record.
public struct RecordVersion<T: Sendable>: Sendable {
    public var version: Int
    public var record: T
    public var change: String
    public var addedAt: String
}

/// The follow-up of an evaluation moment: a conversation at the table (a registration of its own,
/// planned by the scheduler) or a written evaluation with a due date.
public struct FollowUp: Sendable, Hashable {
    public var reference: String
    public var version: Int
    public var form: EvaluationMoment.Form
    public var due: CivilDate
    public var followReference: String?
    public init(reference: String, version: Int, form: EvaluationMoment.Form, due: CivilDate, followReference: String?) {
        self.reference = reference; self.version = version; self.form = form; self.due = due; self.followReference = followReference
    }
}

public struct AuditEntry: Sendable, Hashable {
    public var at: String
    public var command: String
    public var change: String
}

/// The operations of one transaction. Obtained only through `Store.write` or `Store.read`.
public struct StoreTransaction {
    let db: Database

    static let encoder: JSONEncoder = { let e = JSONEncoder(); e.outputFormatting = [.sortedKeys]; return e }()

    // MARK: Registrations

    public func insert(_ registration: Registration) throws {
        if try String.fetchOne(db, sql: "SELECT reference FROM registration WHERE reference = ?",
                               arguments: [registration.reference]) != nil {
            throw StoreError.duplicateReference(registration.reference)
        }
        try db.execute(sql: """
            INSERT INTO registration (reference, region, status, complete, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [registration.reference, registration.homeRegion, registration.status.rawValue,
                             registration.complete.iso, try payload(registration), Store.timestamp()])
    }

    public func update(_ registration: Registration) throws {
        try db.execute(sql: "UPDATE registration SET region = ?, status = ?, complete = ?, payload = ? WHERE reference = ?",
                       arguments: [registration.homeRegion, registration.status.rawValue, registration.complete.iso,
                                   try payload(registration), registration.reference])
        if db.changesCount == 0 { throw StoreError.unknownReference(registration.reference) }
    }

    func payload(_ registration: Registration) throws -> String {
        String(decoding: try StoreTransaction.encoder.encode(registration), as: UTF8.self)
    }

    public func registration(_ reference: String) throws -> Registration? {
        try String.fetchOne(db, sql: "SELECT payload FROM registration WHERE reference = ?", arguments: [reference])
            .map(decode)
    }

    public func registrations(status: Registration.Status? = nil) throws -> [Registration] {
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
        try db.execute(sql: """
            INSERT INTO booking (reference, region, date, table_no, start_minute, end_minute, child_start_minute, booked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [booking.reference, booking.region, booking.date.iso, booking.table, booking.start.minutes,
                             booking.end.minutes, booking.childStart?.minutes, Store.timestamp()])
    }

    public func deleteBooking(_ reference: String) throws {
        try db.execute(sql: "DELETE FROM booking WHERE reference = ?", arguments: [reference])
    }

    public func bookings(region: RegionID? = nil, from: CivilDate? = nil, through: CivilDate? = nil) throws -> [StoredBooking] {
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
        try db.execute(sql: "DELETE FROM norm_signal WHERE reference = ?", arguments: [reference])
        if let signal {
            try db.execute(sql: "INSERT INTO norm_signal (reference, region, deadline, explanation, signalled_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [signal.reference, signal.region, signal.deadline.iso, signal.explanation, Store.timestamp()])
        }
    }

    public func signals(region: RegionID? = nil) throws -> [NormSignal] {
        try Row.fetchAll(db, sql: "SELECT * FROM norm_signal ORDER BY region, deadline, reference").map {
            NormSignal(reference: $0["reference"], region: $0["region"], deadline: CivilDate(iso: $0["deadline"])!,
                       explanation: $0["explanation"], signalledAt: $0["signalled_at"])
        }.filter { region == nil || $0.region == region }
    }

    // MARK: Roster

    public func replaceRoster(_ roster: Roster) throws {
        let document = RosterDocument(people: roster.people, assignments: roster.assignments, absences: roster.absences)
        try db.execute(sql: "INSERT OR REPLACE INTO roster (id, payload, imported_at) VALUES (1, ?, ?)",
                       arguments: [String(decoding: try StoreTransaction.encoder.encode(document), as: UTF8.self), Store.timestamp()])
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

    public func sentInvites(reference: String? = nil) throws -> [SentInvite] {
        let rows = reference == nil
            ? try Row.fetchAll(db, sql: "SELECT * FROM invite_sent ORDER BY uid")
            : try Row.fetchAll(db, sql: "SELECT * FROM invite_sent WHERE reference = ? ORDER BY uid", arguments: [reference])
        return rows.map {
            SentInvite(uid: $0["uid"], reference: $0["reference"], audience: $0["audience"], sequence: $0["sequence"],
                       method: $0["method"], date: CivilDate(iso: $0["date"])!, start: $0["start_minute"], end: $0["end_minute"],
                       organizer: $0["organizer"],
                       recipients: ($0["recipients"] as String).split(separator: ",").map(String.init),
                       fingerprint: $0["fingerprint"])
        }
    }

    public func recordSent(_ invite: SentInvite) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO invite_sent (uid, reference, audience, sequence, method, date, start_minute, end_minute,
                organizer, recipients, fingerprint, sent_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [invite.uid, invite.reference, invite.audience, invite.sequence, invite.method, invite.date.iso,
                             invite.start, invite.end, invite.organizer, invite.recipients.joined(separator: ","),
                             invite.fingerprint, Store.timestamp()])
    }

    /// Records an attendee's answer; an answer to an older SEQUENCE than the one stored is not.
    public func recordReply(uid: String, attendee: String, partstat: String, sequence: Int) throws {
        try db.execute(sql: """
            INSERT INTO invite_reply (uid, attendee, partstat, sequence, received_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(uid, attendee) DO UPDATE SET partstat = excluded.partstat, sequence = excluded.sequence,
                received_at = excluded.received_at WHERE excluded.sequence >= invite_reply.sequence
            """, arguments: [uid, attendee, partstat, sequence, Store.timestamp()])
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
        for row in try Row.fetchAll(db, sql: "SELECT * FROM busy_time ORDER BY owner, date, start_minute") {
            result[row["owner"], default: []].append((CivilDate(iso: row["date"])!, row["start_minute"], row["end_minute"]))
        }
        return result
    }

    // MARK: Records (verslag, veiligheidsplan): append-only versions

    /// Adds the next version of a record; returns its number (1 for the first).
    @discardableResult
    public func addRecordVersion<T: Encodable>(reference: String, kind: String, _ record: T, change: String) throws -> Int {
        let next = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM record_version WHERE reference = ? AND kind = ?",
                                     arguments: [reference, kind]) ?? 0) + 1
        try db.execute(sql: "INSERT INTO record_version (reference, kind, version, payload, change, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [reference, kind, next, String(decoding: try StoreTransaction.encoder.encode(record), as: UTF8.self),
                                   change, Store.timestamp()])
        return next
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
        try db.execute(sql: "INSERT INTO follow_up (reference, version, form, due, follow_reference, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [f.reference, f.version, f.form.rawValue, f.due.iso, f.followReference, Store.timestamp()])
    }

    public func followUps(reference: String? = nil) throws -> [FollowUp] {
        try Row.fetchAll(db, sql: "SELECT * FROM follow_up ORDER BY due, reference").map {
            FollowUp(reference: $0["reference"], version: $0["version"], form: EvaluationMoment.Form(rawValue: $0["form"]) ?? .written,
                     due: CivilDate(iso: $0["due"])!, followReference: $0["follow_reference"])
        }.filter { reference == nil || $0.reference == reference }
    }

    // MARK: Audit

    public func auditLog() throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT at, command, change FROM audit_log ORDER BY id").map {
            AuditEntry(at: $0["at"], command: $0["command"], change: $0["change"])
        }
    }
}

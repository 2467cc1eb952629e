import Foundation

/// Where jbt keeps its cases: registrations, bookings, the roster, invites sent, recorded versions,
/// the outbox and the audit log. `JBTStorage` has the implementations (SQLite, and one in memory for
/// tests and the demo); every implementation passes the contract suite `StoreContractTests`.
///
/// An implementation MUST guarantee:
///
/// - **All or nothing per `write`.** Everything `body` changes, and the audit entry for `command`,
///   is kept together or not at all. If `body` throws, or the commit fails, the store is exactly as
///   it was before: registrations, bookings, signals, roster, invites, replies, busy times,
///   versions, follow-ups, the outbox and the audit log. The error `body` threw is rethrown as is.
/// - **Writes are serialised.** Two writers — threads of one process, or processes on one store —
///   never lose each other's changes: a `write` sees every `write` committed before it began and
///   nothing of one still running. A writer waits for the other; when it has waited longer than the
///   implementation's busy timeout it throws `StoreError.busy` and has changed nothing.
/// - **Reads see one consistent state**: a committed state, never half of a running `write`.
///   Write operations inside `read` throw a `StoreError` and change nothing.
/// - **Append-only stays append-only.** Recorded versions and audit entries are never changed or
///   removed, by these operations or by any other way into the same storage; an attempt throws
///   `StoreError.appendOnly`.
/// - **Errors are `StoreError`s** (or what `body` threw): `.notFound`, `.alreadyExists`,
///   `.conflict`, `.busy`, `.appendOnly`, `.cannotOpen`, and `.database` with the engine's own
///   result code for everything else.
public protocol Store: Sendable {
    /// Runs `body` in one transaction and appends an audit entry for `command` with the change
    /// summary `body` returns, all or nothing.
    func write<T>(command: String, _ body: (any StoreTransaction) throws -> (T, change: String)) throws -> T

    /// Runs `body` against one consistent, committed state.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
}

/// What one transaction of a `Store` can read and write. Obtained only inside `Store.write` or
/// `Store.read`; it must not be kept or used after `body` returns.
///
/// Text is compared and ordered by its UTF-8 bytes. Every list below states its order; an
/// implementation MUST return exactly that order (ties as stated), so that plans, agendas and the
/// audit log read the same on every implementation. Timestamps the store sets are ISO 8601 in UTC;
/// the outbox's `Date`s are kept to the millisecond (at least).
public protocol StoreTransaction {
    // MARK: Registrations

    /// Stores a new registration. Throws `.alreadyExists` when its reference is stored already.
    func insert(_ registration: Registration) throws
    /// Replaces a stored registration. Throws `.notFound` when its reference is not stored.
    func update(_ registration: Registration) throws
    /// The registration with this reference, or nil.
    func registration(_ reference: String) throws -> Registration?
    /// All registrations, or those with this status, ordered by reference.
    func registrations(status: Registration.Status?) throws -> [Registration]

    // MARK: Bookings

    /// Books a registration. Throws `.notFound` when the registration is not stored, `.alreadyExists`
    /// when it has a booking already, and `.conflict` when the position (region, date, table,
    /// start) is booked for another case.
    func insert(_ booking: StoredBooking) throws
    /// Removes the booking of this reference; nothing when there is none.
    func deleteBooking(_ reference: String) throws
    /// The bookings in this region and date range (each bound inclusive, nil for no bound), ordered
    /// by date, region, table, start.
    func bookings(region: RegionID?, from: CivilDate?, through: CivilDate?) throws -> [StoredBooking]
    /// The booking of this reference, or nil.
    func booking(_ reference: String) throws -> StoredBooking?

    // MARK: Norm signals

    /// Replaces the norm signal of a reference by `signal`, or removes it when nil.
    func replaceSignal(for reference: String, with signal: NormSignal?) throws
    /// The signals (of one region, or all), ordered by region, deadline, reference.
    func signals(region: RegionID?) throws -> [NormSignal]

    // MARK: Roster

    /// Replaces the whole roster.
    func replaceRoster(_ roster: Roster) throws
    /// The roster; an empty one when none was imported.
    func roster() throws -> Roster

    // MARK: Invites

    /// What was last sent per UID (of one reference, or all), ordered by UID.
    func sentInvites(reference: String?) throws -> [SentInvite]
    /// Records what was sent for a UID, replacing what was recorded for it before.
    func recordSent(_ invite: SentInvite) throws
    /// Records an attendee's answer; an answer to an older SEQUENCE than the one stored is ignored,
    /// one to the same or a newer SEQUENCE replaces it.
    func recordReply(uid: String, attendee: String, partstat: String, sequence: Int) throws
    /// Answers per attendee for a UID at exactly this SEQUENCE.
    func replies(uid: String, sequence: Int) throws -> [String: String]
    /// Records an attendee's answer with its DTSTAMP and COMMENT, replacing what was stored for
    /// them: the caller has decided it is the newer answer (RFC 5546: SEQUENCE, then DTSTAMP).
    func recordReply(uid: String, _ reply: StoredReply) throws
    /// Every stored answer for a UID, by attendee, whatever its SEQUENCE.
    func storedReplies(uid: String) throws -> [String: StoredReply]

    // MARK: Busy times

    /// Replaces the busy times of one owner (`persoon:ID` or `zaak:REF`).
    func replaceBusy(owner: String, _ intervals: [(date: CivilDate, start: Int, end: Int)]) throws
    /// All busy times by owner, each owner's ordered by date, start (then as stored).
    func busyTimes() throws -> [String: [(date: CivilDate, start: Int, end: Int)]]

    // MARK: Records: append-only versions

    /// Adds the next version of a record (verslag, veiligheidsplan) and returns its number: 1 for
    /// the first, then one more than the highest. Earlier versions are never changed.
    @discardableResult
    func addRecordVersion<T: Encodable>(reference: String, kind: String, _ record: T, change: String) throws -> Int
    /// The versions of a record, oldest (version 1) first.
    func recordVersions<T: Decodable>(reference: String, kind: String, as type: T.Type) throws -> [RecordVersion<T>]
    /// Records the follow-up an evaluation moment asks for. Throws `.alreadyExists` when one is
    /// recorded for this reference and version.
    func insertFollowUp(_ followUp: FollowUp) throws
    /// The follow-ups (of one reference, or all), ordered by due date, reference, version.
    func followUps(reference: String?) throws -> [FollowUp]

    // MARK: Outbox

    /// Adds a message to deliver after the commit. The same id twice stores one message: the first;
    /// a delivered message enqueued again stays delivered. Returns whether it was new.
    @discardableResult
    func enqueue(_ message: OutboxMessage) throws -> Bool
    /// The messages (in this state, or all), oldest first: by `createdAt`, then in the order enqueued.
    func outboxMessages(state: OutboxMessage.State?) throws -> [OutboxMessage]
    /// The messages to try now: not delivered, next attempt at or before `now`; oldest first.
    func dueMessages(at now: Date) throws -> [OutboxMessage]
    /// Records a delivery. Throws `.notFound` for an unknown id; a second call keeps the first time.
    func markDelivered(id: String, at time: Date) throws
    /// Records a failed attempt: one more attempt, the server's answer, when to try again. Throws
    /// `.notFound` for an unknown id; a delivered message stays delivered and unchanged.
    func markFailed(id: String, answer: String, nextAttempt: Date) throws

    // MARK: Audit

    /// Every audit entry, in the order committed (oldest first).
    func auditLog() throws -> [AuditEntry]
}

extension StoreTransaction {
    /// All registrations, ordered by reference.
    public func registrations() throws -> [Registration] {
        try registrations(status: nil)
    }

    /// Every booking, ordered by date, region, table, start.
    public func bookings() throws -> [StoredBooking] {
        try bookings(region: nil, from: nil, through: nil)
    }

    /// The bookings of one region, ordered by date, region, table, start.
    public func bookings(region: RegionID?) throws -> [StoredBooking] {
        try bookings(region: region, from: nil, through: nil)
    }

    /// The bookings in a date range (each bound inclusive), ordered by date, region, table, start.
    public func bookings(from: CivilDate?, through: CivilDate?) throws -> [StoredBooking] {
        try bookings(region: nil, from: from, through: through)
    }

    /// Every signal, ordered by region, deadline, reference.
    public func signals() throws -> [NormSignal] {
        try signals(region: nil)
    }

    /// Every invite sent, ordered by UID.
    public func sentInvites() throws -> [SentInvite] {
        try sentInvites(reference: nil)
    }

    /// Every follow-up, ordered by due date, reference, version.
    public func followUps() throws -> [FollowUp] {
        try followUps(reference: nil)
    }

    /// Every outbox message, oldest first.
    public func outboxMessages() throws -> [OutboxMessage] {
        try outboxMessages(state: nil)
    }
}

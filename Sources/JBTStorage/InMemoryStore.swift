import Foundation
import JBTCore

/// A store that lives in this process only, for tests and the demo: pure Swift, the same
/// guarantees as `SQLiteStore` (see `Store`), nothing written to disk.
///
/// Writers are serialised by a lock and work on a copy of the committed state (the collections are
/// copy-on-write, so the copy is cheap until changed); the copy replaces the state only when `body`
/// returns, so a throwing `write` leaves nothing behind. Reads take the committed state as it is.
public final class InMemoryStore: Store, @unchecked Sendable {
    // Unchecked: `committed` is only touched under `stateLock`, and writers hold `writeLock`.
    private let writeLock = NSLock()
    private let stateLock = NSLock()
    private var committed = InMemoryState()
    /// How long a writer waits for another one, in seconds, before it throws `StoreError.busy`.
    public let busyTimeout: Double
    /// A name for the messages (`StoreError.busy` names the store).
    public let name: String

    public init(name: String = "geheugen", busyTimeout: Double = SQLiteStore.defaultBusyTimeout) {
        self.name = name
        self.busyTimeout = busyTimeout
    }

    public func write<T>(command: String, _ body: (any StoreTransaction) throws -> (T, change: String)) throws -> T {
        guard writeLock.lock(before: Date(timeIntervalSinceNow: busyTimeout)) else {
            throw StoreError.busy(path: name, waitedSeconds: busyTimeout)
        }
        defer { writeLock.unlock() }
        let transaction = InMemoryTransaction(state: snapshot(), writable: true)
        defer { transaction.closed = true }
        let (value, change) = try body(transaction)
        transaction.state.audit.append(AuditEntry(at: SQLiteStore.timestamp(), command: command, change: change))
        stateLock.lock()
        committed = transaction.state
        stateLock.unlock()
        return value
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        let transaction = InMemoryTransaction(state: snapshot(), writable: false)
        defer { transaction.closed = true }
        return try body(transaction)
    }

    private func snapshot() -> InMemoryState {
        stateLock.lock()
        defer { stateLock.unlock() }
        return committed
    }
}

/// Everything an `InMemoryStore` holds; a value, so that a transaction's copy is its own.
struct InMemoryState {
    struct VersionKey: Hashable {
        var reference: String
        var kind: String
    }

    struct StoredVersion {
        var payload: Data
        var change: String
        var addedAt: String
    }

    struct Reply {
        var partstat: String
        var sequence: Int
        var stamp: Int?
        var comment: String?
    }

    struct QueuedMessage {
        var seq: Int
        var message: OutboxMessage
    }

    struct FollowUpKey: Hashable {
        var reference: String
        var version: Int
    }

    var registrations: [String: Registration] = [:]
    var bookings: [String: StoredBooking] = [:]
    var signals: [String: NormSignal] = [:]
    var roster = Roster()
    var invites: [String: SentInvite] = [:]
    var replies: [String: [String: Reply]] = [:]
    var busy: [String: [(date: CivilDate, start: Int, end: Int)]] = [:]
    var versions: [VersionKey: [StoredVersion]] = [:]
    var followUps: [FollowUpKey: FollowUp] = [:]
    var outbox: [String: QueuedMessage] = [:]
    var outboxSeq = 0
    var audit: [AuditEntry] = []
}

/// One transaction of an `InMemoryStore`: works on its own copy of the state.
final class InMemoryTransaction: StoreTransaction {
    var state: InMemoryState
    let writable: Bool
    /// Set when `body` has returned: a transaction kept beyond it must not be used.
    var closed = false

    init(state: InMemoryState, writable: Bool) {
        self.state = state
        self.writable = writable
    }

    private func mutating() throws {
        guard writable && !closed else {
            throw StoreError.database(code: 8, message: "alleen lezen: deze handeling hoort in een schrijfopdracht")
        }
    }

    private func requireRegistration(_ reference: String) throws {
        if state.registrations[reference] == nil {
            throw StoreError.notFound(reference: reference)
        }
    }

    // MARK: Registrations

    func insert(_ registration: Registration) throws {
        try mutating()
        if state.registrations[registration.reference] != nil {
            throw StoreError.alreadyExists(reference: registration.reference)
        }
        state.registrations[registration.reference] = registration
    }

    func update(_ registration: Registration) throws {
        try mutating()
        try requireRegistration(registration.reference)
        state.registrations[registration.reference] = registration
    }

    func registration(_ reference: String) throws -> Registration? {
        state.registrations[reference]
    }

    func registrations(status: Registration.Status?) throws -> [Registration] {
        state.registrations.values
            .filter { status == nil || $0.status == status }
            .sorted { bytesBefore($0.reference, $1.reference) }
    }

    // MARK: Bookings

    func insert(_ booking: StoredBooking) throws {
        try mutating()
        if state.bookings[booking.reference] != nil {
            throw StoreError.alreadyExists(reference: booking.reference)
        }
        let taken = state.bookings.values.contains {
            $0.region == booking.region && $0.date == booking.date && $0.table == booking.table
                && $0.start == booking.start
        }
        if taken {
            throw StoreError.conflict(detail: SQLiteTransaction.positionTaken(booking))
        }
        try requireRegistration(booking.reference)
        state.bookings[booking.reference] = booking
    }

    func deleteBooking(_ reference: String) throws {
        try mutating()
        state.bookings[reference] = nil
    }

    func bookings(region: RegionID?, from: CivilDate?, through: CivilDate?) throws -> [StoredBooking] {
        state.bookings.values
            .filter { booking in
                (region == nil || booking.region == region)
                    && (from.map { !bytesBefore(booking.date.iso, $0.iso) } ?? true)
                    && (through.map { !bytesBefore($0.iso, booking.date.iso) } ?? true)
            }
            .sorted { a, b in
                if a.date.iso != b.date.iso {
                    return bytesBefore(a.date.iso, b.date.iso)
                }
                if a.region != b.region {
                    return bytesBefore(a.region, b.region)
                }
                if a.table != b.table {
                    return a.table < b.table
                }
                if a.start.minutes != b.start.minutes {
                    return a.start.minutes < b.start.minutes
                }
                return bytesBefore(a.reference, b.reference)
            }
    }

    func booking(_ reference: String) throws -> StoredBooking? {
        state.bookings[reference]
    }

    // MARK: Norm signals

    func replaceSignal(for reference: String, with signal: NormSignal?) throws {
        try mutating()
        state.signals[reference] = nil
        if var signal {
            try requireRegistration(signal.reference)
            signal.signalledAt = SQLiteStore.timestamp()
            state.signals[signal.reference] = signal
        }
    }

    func signals(region: RegionID?) throws -> [NormSignal] {
        state.signals.values
            .filter { region == nil || $0.region == region }
            .sorted { a, b in
                if a.region != b.region {
                    return bytesBefore(a.region, b.region)
                }
                if a.deadline.iso != b.deadline.iso {
                    return bytesBefore(a.deadline.iso, b.deadline.iso)
                }
                return bytesBefore(a.reference, b.reference)
            }
    }

    // MARK: Roster

    func replaceRoster(_ roster: Roster) throws {
        try mutating()
        state.roster = roster
    }

    func roster() throws -> Roster {
        state.roster
    }

    // MARK: Invites

    func sentInvites(reference: String?) throws -> [SentInvite] {
        state.invites.values
            .filter { reference == nil || $0.reference == reference }
            .sorted { bytesBefore($0.uid, $1.uid) }
    }

    func recordSent(_ invite: SentInvite) throws {
        try mutating()
        try requireRegistration(invite.reference)
        state.invites[invite.uid] = invite
    }

    func recordReply(uid: String, attendee: String, partstat: String, sequence: Int) throws {
        try mutating()
        if state.invites[uid] == nil {
            throw StoreError.notFound(reference: uid)
        }
        if let stored = state.replies[uid]?[attendee], sequence < stored.sequence {
            return
        }
        state.replies[uid, default: [:]][attendee] = InMemoryState.Reply(partstat: partstat, sequence: sequence)
    }

    func replies(uid: String, sequence: Int) throws -> [String: String] {
        (state.replies[uid] ?? [:]).filter { $0.value.sequence == sequence }.mapValues(\.partstat)
    }

    func recordReply(uid: String, _ reply: StoredReply) throws {
        try mutating()
        if state.invites[uid] == nil {
            throw StoreError.notFound(reference: uid)
        }
        state.replies[uid, default: [:]][reply.attendee] = InMemoryState.Reply(
            partstat: reply.partstat, sequence: reply.sequence, stamp: reply.stamp, comment: reply.comment)
    }

    func storedReplies(uid: String) throws -> [String: StoredReply] {
        var result: [String: StoredReply] = [:]
        for (attendee, reply) in state.replies[uid] ?? [:] {
            result[attendee] = StoredReply(attendee: attendee, partstat: reply.partstat, sequence: reply.sequence,
                                           stamp: reply.stamp, comment: reply.comment)
        }
        return result
    }

    // MARK: Busy times

    func replaceBusy(owner: String, _ intervals: [(date: CivilDate, start: Int, end: Int)]) throws {
        try mutating()
        state.busy[owner] = intervals.isEmpty ? nil : intervals
    }

    func busyTimes() throws -> [String: [(date: CivilDate, start: Int, end: Int)]] {
        state.busy.mapValues { intervals in
            // A stable sort: equal intervals stay as stored, as SQLite's rowid order keeps them.
            intervals.enumerated()
                .sorted { a, b in
                    if a.element.date.iso != b.element.date.iso {
                        return bytesBefore(a.element.date.iso, b.element.date.iso)
                    }
                    if a.element.start != b.element.start {
                        return a.element.start < b.element.start
                    }
                    return a.offset < b.offset
                }
                .map(\.element)
        }
    }

    // MARK: Records: append-only versions

    @discardableResult
    func addRecordVersion<T: Encodable>(reference: String, kind: String, _ record: T, change: String) throws -> Int {
        try mutating()
        try requireRegistration(reference)
        let key = InMemoryState.VersionKey(reference: reference, kind: kind)
        let payload = try SQLiteTransaction.encoder.encode(record)
        let version = InMemoryState.StoredVersion(payload: payload, change: change, addedAt: SQLiteStore.timestamp())
        state.versions[key, default: []].append(version)
        return state.versions[key]!.count
    }

    func recordVersions<T: Decodable>(reference: String, kind: String, as type: T.Type) throws -> [RecordVersion<T>] {
        let stored = state.versions[InMemoryState.VersionKey(reference: reference, kind: kind)] ?? []
        return try stored.enumerated().map { index, version in
            RecordVersion(version: index + 1, record: try JSONDecoder().decode(T.self, from: version.payload),
                          change: version.change, addedAt: version.addedAt)
        }
    }

    func insertFollowUp(_ followUp: FollowUp) throws {
        try mutating()
        let key = InMemoryState.FollowUpKey(reference: followUp.reference, version: followUp.version)
        if state.followUps[key] != nil {
            throw StoreError.alreadyExists(reference: "\(followUp.reference) (vervolg van versie \(followUp.version))")
        }
        try requireRegistration(followUp.reference)
        state.followUps[key] = followUp
    }

    func followUps(reference: String?) throws -> [FollowUp] {
        state.followUps.values
            .filter { reference == nil || $0.reference == reference }
            .sorted { a, b in
                if a.due.iso != b.due.iso {
                    return bytesBefore(a.due.iso, b.due.iso)
                }
                if a.reference != b.reference {
                    return bytesBefore(a.reference, b.reference)
                }
                return a.version < b.version
            }
    }

    // MARK: Outbox

    @discardableResult
    func enqueue(_ message: OutboxMessage) throws -> Bool {
        try mutating()
        if state.outbox[message.id] != nil {
            return false
        }
        state.outboxSeq += 1
        // Kept to the millisecond, as SQLiteStore keeps it, so that both answer the same.
        var stored = message
        stored.createdAt = InMemoryTransaction.milliseconds(message.createdAt)
        stored.nextAttemptAt = InMemoryTransaction.milliseconds(message.nextAttemptAt)
        stored.deliveredAt = message.deliveredAt.map(InMemoryTransaction.milliseconds)
        state.outbox[message.id] = InMemoryState.QueuedMessage(seq: state.outboxSeq, message: stored)
        return true
    }

    func outboxMessages(state wanted: OutboxMessage.State?) throws -> [OutboxMessage] {
        oldestFirst { wanted == nil || $0.state == wanted }
    }

    func dueMessages(at now: Date) throws -> [OutboxMessage] {
        let now = InMemoryTransaction.milliseconds(now)
        return oldestFirst { $0.deliveredAt == nil && $0.nextAttemptAt <= now }
    }

    func markDelivered(id: String, at time: Date) throws {
        try mutating()
        guard let queued = state.outbox[id] else {
            throw StoreError.notFound(reference: id)
        }
        if queued.message.deliveredAt == nil {
            state.outbox[id]!.message.deliveredAt = InMemoryTransaction.milliseconds(time)
        }
    }

    func markFailed(id: String, answer: String, nextAttempt: Date) throws {
        try mutating()
        guard let queued = state.outbox[id] else {
            throw StoreError.notFound(reference: id)
        }
        if queued.message.deliveredAt == nil {
            state.outbox[id]!.message.attempts += 1
            state.outbox[id]!.message.lastAnswer = answer
            state.outbox[id]!.message.nextAttemptAt = InMemoryTransaction.milliseconds(nextAttempt)
        }
    }

    private func oldestFirst(_ include: (OutboxMessage) -> Bool) -> [OutboxMessage] {
        state.outbox.values
            .filter { include($0.message) }
            .sorted { a, b in
                if a.message.createdAt != b.message.createdAt {
                    return a.message.createdAt < b.message.createdAt
                }
                return a.seq < b.seq
            }
            .map(\.message)
    }

    static func milliseconds(_ date: Date) -> Date {
        SQLiteTransaction.date(SQLiteTransaction.instant(date))
    }

    // MARK: Audit

    func auditLog() throws -> [AuditEntry] {
        state.audit
    }
}

/// Text order as SQLite's BINARY collation has it: by UTF-8 bytes.
func bytesBefore(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

import Foundation

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
        self.reference = reference
        self.region = region
        self.date = date
        self.table = table
        self.start = start
        self.end = end
        self.childStart = childStart
    }
}

/// A case that misses the norm, as listed on the region's wachttijdsignalering.
public struct NormSignal: Sendable, Hashable {
    public var reference: String
    public var region: RegionID
    public var deadline: CivilDate
    public var explanation: String
    /// When the store recorded it (ISO 8601); set by the store, ignored when stored.
    public var signalledAt: String

    public init(reference: String, region: RegionID, deadline: CivilDate, explanation: String,
                signalledAt: String = "") {
        self.reference = reference
        self.region = region
        self.deadline = deadline
        self.explanation = explanation
        self.signalledAt = signalledAt
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
    /// The region whose table the meeting was booked at (and whose calendar it was published to);
    /// nil for invites recorded before jbt kept it.
    public var region: RegionID?
    /// The place the invite named; nil for invites recorded before jbt kept it.
    public var location: String?
    /// The recipients' names, in the order of `recipients` (empty for older records).
    public var recipientNames: [String]

    public init(uid: String, reference: String, audience: String, sequence: Int, method: String, date: CivilDate,
                start: Int, end: Int, organizer: String, recipients: [String], fingerprint: String,
                region: RegionID? = nil, location: String? = nil, recipientNames: [String] = []) {
        self.region = region
        self.location = location
        self.recipientNames = recipientNames
        self.uid = uid
        self.reference = reference
        self.audience = audience
        self.sequence = sequence
        self.method = method
        self.date = date
        self.start = start
        self.end = end
        self.organizer = organizer
        self.recipients = recipients
        self.fingerprint = fingerprint
    }
}

/// One attendee's recorded answer to an invite.
public struct StoredReply: Sendable, Hashable {
    public var attendee: String
    public var partstat: String
    public var sequence: Int
    /// DTSTAMP of the reply, seconds since 1970 (UTC); nil when it had none.
    public var stamp: Int?
    public var comment: String?

    public init(attendee: String, partstat: String, sequence: Int, stamp: Int?, comment: String?) {
        self.attendee = attendee
        self.partstat = partstat
        self.sequence = sequence
        self.stamp = stamp
        self.comment = comment
    }
}

/// One stored version of a record (verslag, veiligheidsplan, reactie): never changed once stored.
public struct RecordVersion<T: Sendable>: Sendable {
    public var version: Int
    public var record: T
    public var change: String
    public var addedAt: String

    public init(version: Int, record: T, change: String, addedAt: String) {
        self.version = version
        self.record = record
        self.change = change
        self.addedAt = addedAt
    }
}

/// The follow-up of an evaluation moment: a conversation at the table (a registration of its own,
/// planned by the scheduler) or a written evaluation with a due date.
public struct FollowUp: Sendable, Hashable {
    public var reference: String
    public var version: Int
    public var form: EvaluationMoment.Form
    public var due: CivilDate
    public var followReference: String?

    public init(reference: String, version: Int, form: EvaluationMoment.Form, due: CivilDate,
                followReference: String?) {
        self.reference = reference
        self.version = version
        self.form = form
        self.due = due
        self.followReference = followReference
    }
}

/// One line of the append-only audit log: which command changed the store, when, and what it changed.
public struct AuditEntry: Sendable, Hashable {
    /// When the change was committed (ISO 8601, UTC).
    public var at: String
    public var command: String
    public var change: String

    public init(at: String, command: String, change: String) {
        self.at = at
        self.command = command
        self.change = change
    }
}

/// Something to deliver after the change that caused it has been committed: an iMIP mail or a
/// CalDAV PUT or DELETE. It is written in the same transaction as that change (the outbox), and a
/// deliverer sends it afterwards, records the outcome and retries what failed.
///
/// Its `id` is stable for the same message (for example channel + UID + SEQUENCE + recipient), so
/// that enqueueing it again — a command run twice — stores it once, and a delivered one is never
/// delivered again. It carries the case reference, never a child's name or the concerns, apart from
/// what the payload itself must say.
public struct OutboxMessage: Sendable, Hashable {
    /// How the message leaves the system.
    public enum Channel: String, Sendable, Hashable, CaseIterable {
        case smtp
        case caldavPut
        case caldavDelete
    }

    /// Where a message stands, derived from its attempts and delivery.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Not delivered, never tried.
        case pending
        /// Not delivered, tried at least once (the server's answer is in `lastAnswer`).
        case failed
        /// Delivered; it is never delivered again.
        case delivered
    }

    public var id: String
    public var channel: Channel
    /// The recipient's e-mail address (smtp), or region + resource (CalDAV).
    public var target: String
    public var sender: String
    /// The message text: the whole iMIP mail or the iCalendar body.
    public var payload: String
    /// The case the message is about.
    public var reference: String
    public var createdAt: Date
    public var attempts: Int
    /// The server's own answer to the last failed attempt.
    public var lastAnswer: String?
    public var nextAttemptAt: Date
    public var deliveredAt: Date?

    public init(id: String, channel: Channel, target: String, sender: String, payload: String, reference: String,
                createdAt: Date, attempts: Int = 0, lastAnswer: String? = nil, nextAttemptAt: Date? = nil,
                deliveredAt: Date? = nil) {
        self.id = id
        self.channel = channel
        self.target = target
        self.sender = sender
        self.payload = payload
        self.reference = reference
        self.createdAt = createdAt
        self.attempts = attempts
        self.lastAnswer = lastAnswer
        self.nextAttemptAt = nextAttemptAt ?? createdAt
        self.deliveredAt = deliveredAt
    }

    public var state: State {
        if deliveredAt != nil {
            return .delivered
        }
        return attempts == 0 ? .pending : .failed
    }
}

import Foundation
import JBTCore

/// Deliveries exactly once, after the commit. A use case that must send something (an iMIP mail,
/// a CalDAV PUT or DELETE) only enqueues it, in the same transaction as the change that causes
/// it; `deliverOutbox` sends what is due after that transaction has committed, records each
/// message as delivered in a transaction of its own, and records a failure with the server's own
/// answer and a next attempt with back-off. A delivered message is never sent again.
///
/// What is left: a crash (or a lost connection) between a server accepting a message and jbt
/// recording it can send that one message twice. The iTIP UID and SEQUENCE make that harmless: a
/// calendar client that receives the same REQUEST or CANCEL twice applies it once.
extension App {
    /// What one round of delivery did.
    public struct OutboxDelivery: Sendable {
        public var delivered: [OutboxMessage] = []
        /// Messages whose attempt failed this round, with the server's answer in `lastAnswer`.
        public var failed: [OutboxMessage] = []
        /// Messages not tried this round: their channel is not configured, failed earlier in this
        /// round (tried again later, in order), or their next attempt is not due yet.
        public var waiting: Int = 0
        /// Of those, messages whose channel (e-mail or calendar server) is not configured here.
        public var unconfigured: Int = 0
        /// Deletions the calendar server had nothing for (404): the event jbt published is not
        /// where it was put, so someone should look at that calendar.
        public var notFound: [OutboxMessage] = []

        public var mailDelivered: Int { delivered.filter { $0.channel == .smtp }.count }
        public var calendarDelivered: Int { delivered.filter { $0.channel != .smtp }.count }
    }

    /// Where the outbox stands: every message not yet delivered, and how many were.
    public struct OutboxOverview: Sendable {
        public var pending: [OutboxMessage]
        public var failed: [OutboxMessage]
        public var delivered: Int
    }

    /// The wait before the next attempt after `attempts` failed ones: 1, 2, 4 … minutes, at most 6 hours.
    static func backOff(afterAttempts attempts: Int) -> TimeInterval {
        min(60 * pow(2, Double(min(attempts, 16))), 6 * 3600)
    }

    /// Sends every message that is due (all that are not delivered, with `retryNow`), oldest first.
    /// After a channel's first failure in a round, its later messages wait for the next round: the
    /// server is refusing, and a PUT and a later DELETE of one event keep their order.
    public func deliverOutbox(retryNow: Bool = false) throws -> OutboxDelivery {
        let store = try workspace.openStore()
        let now = dependencies.clock.now()
        let due = try store.read { tx in
            retryNow ? try tx.outboxMessages(state: nil).filter { $0.deliveredAt == nil } : try tx.dueMessages(at: now)
        }
        var result = OutboxDelivery()
        var stopped = Set<String>()
        var prepared = Set<String>()
        for message in due {
            let channel = message.channel == .smtp ? "e-mail" : "agenda"
            let configured = message.channel == .smtp ? dependencies.mail != nil : dependencies.calendar != nil
            if message.channel == .smtp, let problem = dependencies.mailError { throw problem }
            guard configured, !stopped.contains(channel) else {
                result.waiting += 1
                if !configured { result.unconfigured += 1 }
                continue
            }
            do {
                if try !deliver(message, prepared: &prepared) { result.notFound.append(message) }
            } catch {
                let problem = ServiceError(error)
                let answer = problem.answer ?? problem.message
                let next = dependencies.clock.now().addingTimeInterval(App.backOff(afterAttempts: message.attempts))
                try store.write(command: "outbox") { tx in
                    try tx.markFailed(id: message.id, answer: answer, nextAttempt: next)
                    return (
                        (),
                        "\(channel) \(message.reference) niet afgeleverd (poging \(message.attempts + 1)): \(answer)"
                    )
                }
                var failed = message
                failed.attempts += 1
                failed.lastAnswer = answer
                failed.nextAttemptAt = next
                result.failed.append(failed)
                stopped.insert(channel)
                continue
            }
            let at = dependencies.clock.now()
            try store.write(command: "outbox") { tx in
                try tx.markDelivered(id: message.id, at: at)
                return ((), "\(channel) \(message.reference) afgeleverd: \(App.describeTarget(message))")
            }
            var delivered = message
            delivered.deliveredAt = at
            result.delivered.append(delivered)
        }
        return result
    }

    /// Delivers one message; false for a deletion the server had nothing for.
    func deliver(_ message: OutboxMessage, prepared: inout Set<String>) throws -> Bool {
        switch message.channel {
        case .smtp:
            try dependencies.mail!.send(from: message.sender, to: message.target, message: message.payload)
        case .caldavPut, .caldavDelete:
            let (region, uid) = App.calendarTarget(message.target)
            let calendar = dependencies.calendar!
            if !prepared.contains(region) {
                try calendar.prepare(region: region)
                prepared.insert(region)
            }
            if message.channel == .caldavPut {
                try calendar.publish(region: region, uid: uid, calendarText: message.payload)
            } else {
                return try calendar.removeIfPresent(region: region, uid: uid)
            }
        }
        return true
    }

    /// The outbox: what waits, what failed (with the server's answer), and how many were delivered.
    public func outbox() throws -> OutboxOverview {
        let all = try workspace.openStore().read { try $0.outboxMessages(state: nil) }
        return OutboxOverview(
            pending: all.filter { $0.state == .pending }, failed: all.filter { $0.state == .failed },
            delivered: all.filter { $0.state == .delivered }.count)
    }

    /// A CalDAV message's target: the region's calendar and the event's UID.
    public static func calendarTarget(_ target: String) -> (region: String, uid: String) {
        let parts = target.split(separator: "/", maxSplits: 1).map(String.init)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }

    /// "e-mail aan a@b" / "tafelagenda food-valley, UID …", for the audit log and the outbox list.
    public static func describeTarget(_ m: OutboxMessage) -> String {
        switch m.channel {
        case .smtp: return "e-mail aan \(m.target)"
        case .caldavPut:
            return "tafelagenda \(calendarTarget(m.target).region) bijwerken (\(calendarTarget(m.target).uid))"
        case .caldavDelete:
            return "tafelagenda \(calendarTarget(m.target).region) verwijderen (\(calendarTarget(m.target).uid))"
        }
    }
}

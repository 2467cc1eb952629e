import Foundation
import JBTCore
import Testing
@testable import JBTStorage

/// One implementation of `Store` under test: how to make an empty one, and how to reach the same
/// storage a second time (a second `SQLiteStore` on the file, as a second process has it). A
/// PostgreSQL implementation is one more entry in `StoreFactory.all`.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () throws -> OpenedStore

    var testDescription: String { name }

    static let all: [StoreFactory] = [
        StoreFactory(name: "sqlite") {
            let temporary = TemporaryStore()
            let path = temporary.path
            return OpenedStore(store: try SQLiteStore(path: path), keep: temporary) {
                try SQLiteStore(path: path)
            }
        },
        StoreFactory(name: "geheugen") {
            let store = InMemoryStore()
            return OpenedStore(store: store, keep: nil) {
                store
            }
        },
    ]
}

/// A store made for one test, and what keeps its storage alive until the test ends.
final class OpenedStore: @unchecked Sendable {
    let store: any Store
    let keep: AnyObject?
    let again: @Sendable () throws -> any Store

    init(store: any Store, keep: AnyObject?, again: @escaping @Sendable () throws -> any Store) {
        self.store = store
        self.keep = keep
        self.again = again
    }
}

private struct Failure: Error, Equatable {}

private let monday = CivilDate(iso: "2026-12-07")!
private let tuesday = CivilDate(iso: "2026-12-08")!

private func booking(_ reference: String, region: RegionID = "food-valley", date: CivilDate = monday, table: Int = 1,
                     start: Int = 540) -> StoredBooking {
    StoredBooking(reference: reference, region: region, date: date, table: table, start: TimeOfDay(minutes: start),
                  end: TimeOfDay(minutes: start + 90), childStart: nil)
}

private func invite(_ uid: String, reference: String, sequence: Int = 0) -> SentInvite {
    SentInvite(uid: uid, reference: reference, audience: "tafel", sequence: sequence, method: "REQUEST", date: monday,
               start: 540, end: 630, organizer: "tafel@example.org\tTafel",
               recipients: ["a@example.org", "b@example.org"],
               fingerprint: "f\(sequence)")
}

private func message(_ id: String, created: Double, reference: String = "R1") -> OutboxMessage {
    OutboxMessage(id: id, channel: .smtp, target: "\(id)@example.org", sender: "tafel@example.org",
                  payload: "bericht \(id)", reference: reference, createdAt: Date(timeIntervalSince1970: created))
}

private struct Note: Codable, Equatable, Sendable {
    var text: String
}

/// Everything a store holds that the contract names, to compare before and after.
private struct Contents: Equatable {
    var registrations: [Registration]
    var bookings: [StoredBooking]
    var signals: [NormSignal]
    var roster: Roster
    var invites: [SentInvite]
    var replies: [String: String]
    var busy: [String]
    var versions: [String]
    var followUps: [FollowUp]
    var outbox: [OutboxMessage]
    var audit: [AuditEntry]

    init(_ store: any Store) throws {
        (registrations, bookings, signals, roster, invites, replies, busy, versions, followUps, outbox, audit) =
            try store.read { tx in
                (try tx.registrations(), try tx.bookings(), try tx.signals(), try tx.roster(), try tx.sentInvites(),
                 try tx.replies(uid: "U1", sequence: 0),
                 try tx.busyTimes().sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.map { "\($0)" })" },
                 try tx.recordVersions(reference: "R1", kind: "verslag", as: Note.self)
                    .map { "\($0.version) \($0.record)" },
                 try tx.followUps(), try tx.outboxMessages(), try tx.auditLog())
            }
    }
}

/// Puts one of everything in the store, in one write.
private func fill(_ store: any Store) throws {
    try store.write(command: "vullen") { tx in
        try tx.insert(registration("R1"))
        try tx.insert(booking("R1"))
        try tx.replaceSignal(for: "R1", with: NormSignal(reference: "R1", region: "food-valley", deadline: monday,
                                                         explanation: "te laat"))
        try tx.replaceRoster(Roster(people: [.init(id: "vz1", name: "Vz", role: .chair, email: "v@example.org",
                                                   regions: ["food-valley"])]))
        try tx.recordSent(invite("U1", reference: "R1"))
        try tx.recordReply(uid: "U1", attendee: "a@example.org", partstat: "ACCEPTED", sequence: 0)
        try tx.replaceBusy(owner: "persoon:vz1", [(monday, 540, 600)])
        try tx.addRecordVersion(reference: "R1", kind: "verslag", Note(text: "eerste"), change: "versie 1")
        try tx.insertFollowUp(FollowUp(reference: "R1", version: 1, form: .written, due: tuesday, followReference: nil))
        try tx.enqueue(message("M1", created: 1_000))
        return ((), change: "alles")
    }
}

@Suite("Store contract")
struct StoreContractTests {
    @Test("Registrations: insert, read, update, order by reference; duplicate and unknown refused",
          arguments: StoreFactory.all)
    func registrations(factory: StoreFactory) throws {
        let store = try factory.make().store
        try store.write(command: "intake") { tx in
            for reference in ["R2", "R10", "R1"] {
                try tx.insert(registration(reference))
            }
            return ((), change: "3")
        }
        #expect(try store.read { try $0.registration("R1") } == registration("R1"))
        #expect(try store.read { try $0.registration("R9") } == nil)
        #expect(try store.read { try $0.registrations().map(\.reference) } == ["R1", "R10", "R2"])
        var changed = registration("R2")
        changed.status = .booked
        try store.write(command: "wijzig") { tx in (try tx.update(changed), change: "R2") }
        #expect(try store.read { try $0.registration("R2") } == changed)
        #expect(try store.read { try $0.registrations(status: .booked).map(\.reference) } == ["R2"])
        #expect(try store.read { try $0.registrations(status: .open).map(\.reference) } == ["R1", "R10"])
        #expect(throws: StoreError.alreadyExists(reference: "R1")) {
            try store.write(command: "intake") { tx in (try tx.insert(registration("R1")), change: "R1") }
        }
        #expect(throws: StoreError.notFound(reference: "R9")) {
            try store.write(command: "wijzig") { tx in (try tx.update(registration("R9")), change: "R9") }
        }
        #expect(try store.read { try $0.registrations().count } == 3)
    }

    @Test("Bookings: filters, order, delete; a taken position is a conflict, a second booking already exists",
          arguments: StoreFactory.all)
    func bookings(factory: StoreFactory) throws {
        let store = try factory.make().store
        try store.write(command: "plan") { tx in
            for reference in ["R1", "R2", "R3", "R4"] {
                try tx.insert(registration(reference))
            }
            try tx.insert(booking("R1", date: tuesday))
            try tx.insert(booking("R2", region: "gelderland-zuid"))
            try tx.insert(booking("R3", table: 2))
            try tx.insert(booking("R4", start: 630))
            return ((), change: "4")
        }
        #expect(try store.read { try $0.bookings().map(\.reference) } == ["R4", "R3", "R2", "R1"])
        #expect(try store.read { try $0.bookings(region: "food-valley").map(\.reference) } == ["R4", "R3", "R1"])
        #expect(try store.read { try $0.bookings(from: tuesday, through: tuesday).map(\.reference) } == ["R1"])
        #expect(try store.read { try $0.bookings(region: "food-valley", from: monday, through: monday) }.count == 2)
        #expect(try store.read { try $0.booking("R3") } == booking("R3", table: 2))
        try store.write(command: "herplan") { tx in
            try tx.insert(registration("R5"))
            return ((), change: "R5")
        }
        #expect(throws: StoreError.conflict(detail: SQLiteTransaction.positionTaken(booking("R5", start: 630)))) {
            try store.write(command: "plan") { tx in (try tx.insert(booking("R5", start: 630)), change: "R5") }
        }
        #expect(throws: StoreError.alreadyExists(reference: "R1")) {
            try store.write(command: "plan") { tx in (try tx.insert(booking("R1", table: 9)), change: "R1") }
        }
        #expect(throws: StoreError.notFound(reference: "R9")) {
            try store.write(command: "plan") { tx in (try tx.insert(booking("R9", table: 9)), change: "R9") }
        }
        try store.write(command: "annuleer") { tx in (try tx.deleteBooking("R4"), change: "R4") }
        #expect(try store.read { try $0.booking("R4") } == nil)
        try store.write(command: "plan") { tx in (try tx.insert(booking("R5", start: 630)), change: "R5") }
        #expect(try store.read { try $0.bookings().count } == 4)
    }

    @Test("Norm signals: replaced, removed, ordered by region, deadline, reference", arguments: StoreFactory.all)
    func signals(factory: StoreFactory) throws {
        let store = try factory.make().store
        try store.write(command: "signalering") { tx in
            for (reference, region, deadline) in [("R1", "b", tuesday), ("R2", "a", tuesday), ("R3", "b", monday)] {
                try tx.insert(registration(reference))
                try tx.replaceSignal(for: reference, with: NormSignal(reference: reference, region: region,
                                                                      deadline: deadline, explanation: reference))
            }
            return ((), change: "3")
        }
        #expect(try store.read { try $0.signals().map(\.reference) } == ["R2", "R3", "R1"])
        #expect(try store.read { try $0.signals(region: "b").map(\.reference) } == ["R3", "R1"])
        #expect(try store.read { try $0.signals().allSatisfy { !$0.signalledAt.isEmpty } })
        try store.write(command: "signalering") { tx in
            try tx.replaceSignal(for: "R1", with: nil)
            try tx.replaceSignal(for: "R2", with: NormSignal(reference: "R2", region: "a", deadline: monday,
                                                            explanation: "nieuw"))
            return ((), change: "2")
        }
        let signals = try store.read { try $0.signals() }
        #expect(signals.map(\.reference) == ["R2", "R3"])
        #expect(signals.first?.explanation == "nieuw")
    }

    @Test("The roster is stored whole and replaced whole", arguments: StoreFactory.all)
    func roster(factory: StoreFactory) throws {
        let store = try factory.make().store
        #expect(try store.read { try $0.roster() }.isEmpty)
        let chair = Roster.Person(id: "vz1", name: "Vz", role: .chair, email: "v@example.org", regions: ["a"])
        let roster = Roster(people: [chair],
                            assignments: [.init(person: "vz1", region: "a", weekday: .tuesday)])
        try store.write(command: "roster") { tx in (try tx.replaceRoster(roster), change: "") }
        #expect(try store.read { try $0.roster() } == roster)
        try store.write(command: "roster") { tx in (try tx.replaceRoster(Roster()), change: "") }
        #expect(try store.read { try $0.roster() }.isEmpty)
    }

    @Test("Invites: the last one per UID, by UID; replies to an older SEQUENCE are ignored",
          arguments: StoreFactory.all)
    func invites(factory: StoreFactory) throws {
        let store = try factory.make().store
        try store.write(command: "invites") { tx in
            try tx.insert(registration("R1"))
            try tx.insert(registration("R2"))
            try tx.recordSent(invite("U2", reference: "R1"))
            try tx.recordSent(invite("U1", reference: "R2"))
            try tx.recordSent(invite("U2", reference: "R1", sequence: 1))
            try tx.recordReply(uid: "U2", attendee: "a@example.org", partstat: "ACCEPTED", sequence: 1)
            try tx.recordReply(uid: "U2", attendee: "a@example.org", partstat: "DECLINED", sequence: 0)
            try tx.recordReply(uid: "U2", attendee: "b@example.org", partstat: "TENTATIVE", sequence: 0)
            return ((), change: "")
        }
        #expect(try store.read { try $0.sentInvites() } == [invite("U1", reference: "R2"),
                                                            invite("U2", reference: "R1", sequence: 1)])
        #expect(try store.read { try $0.sentInvites(reference: "R1").map(\.uid) } == ["U2"])
        #expect(try store.read { try $0.replies(uid: "U2", sequence: 1) } == ["a@example.org": "ACCEPTED"])
        #expect(try store.read { try $0.replies(uid: "U2", sequence: 0) } == ["b@example.org": "TENTATIVE"])
        try store.write(command: "antwoord") { tx in
            (try tx.recordReply(uid: "U2", attendee: "b@example.org", partstat: "ACCEPTED", sequence: 1), change: "")
        }
        #expect(try store.read { try $0.replies(uid: "U2", sequence: 1) }.count == 2)
        try store.write(command: "invites") { tx in
            (try tx.recordSent(invite("U2", reference: "R1", sequence: 2)), change: "")
        }
        #expect(try store.read { try $0.sentInvites(reference: "R1").map(\.sequence) } == [2])
        #expect(try store.read { try $0.replies(uid: "U2", sequence: 1) }.count == 2)
        #expect(throws: StoreError.notFound(reference: "R9")) {
            try store.write(command: "invites") { tx in (try tx.recordSent(invite("U9", reference: "R9")), change: "") }
        }
    }

    @Test("Busy times are replaced per owner and ordered by date and start", arguments: StoreFactory.all)
    func busyTimes(factory: StoreFactory) throws {
        let store = try factory.make().store
        try store.write(command: "beschikbaarheid") { tx in
            try tx.replaceBusy(owner: "persoon:a", [(tuesday, 540, 600), (monday, 700, 720), (monday, 600, 660)])
            try tx.replaceBusy(owner: "zaak:R1", [(monday, 540, 600)])
            return ((), change: "")
        }
        let busy = try store.read { try $0.busyTimes() }
        #expect(busy.keys.sorted() == ["persoon:a", "zaak:R1"])
        #expect(busy["persoon:a"]?.map { "\($0.date.iso) \($0.start)-\($0.end)" }
                    == ["2026-12-07 600-660", "2026-12-07 700-720", "2026-12-08 540-600"])
        try store.write(command: "beschikbaarheid") { tx in (try tx.replaceBusy(owner: "persoon:a", []), change: "") }
        #expect(try store.read { try $0.busyTimes() }.keys.sorted() == ["zaak:R1"])
    }

    @Test("Record versions count up from 1 and earlier ones never change; follow-ups by due, reference, version",
          arguments: StoreFactory.all)
    func records(factory: StoreFactory) throws {
        let store = try factory.make().store
        let numbers = try store.write(command: "verslag") { tx in
            try tx.insert(registration("R1"))
            try tx.insert(registration("R2"))
            let first = try tx.addRecordVersion(reference: "R1", kind: "verslag", Note(text: "een"), change: "nieuw")
            let other = try tx.addRecordVersion(reference: "R1", kind: "veiligheidsplan", Note(text: "plan"),
                                                change: "")
            return ([first, other], change: "")
        }
        #expect(numbers == [1, 1])
        let second = try store.write(command: "verslag") { tx in
            let number = try tx.addRecordVersion(reference: "R1", kind: "verslag", Note(text: "twee"),
                                                 change: "correctie")
            return (number, change: "")
        }
        #expect(second == 2)
        let versions = try store.read { try $0.recordVersions(reference: "R1", kind: "verslag", as: Note.self) }
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions.map(\.record) == [Note(text: "een"), Note(text: "twee")])
        #expect(versions.map(\.change) == ["nieuw", "correctie"])
        #expect(versions.allSatisfy { !$0.addedAt.isEmpty })
        #expect(try store.read { try $0.recordVersions(reference: "R2", kind: "verslag", as: Note.self) }.isEmpty)
        #expect(throws: StoreError.notFound(reference: "R9")) {
            try store.write(command: "verslag") { tx in
                (try tx.addRecordVersion(reference: "R9", kind: "verslag", Note(text: "x"), change: ""), change: "")
            }
        }

        try store.write(command: "vervolg") { tx in
            let earlier = CivilDate(iso: "2026-12-01")!
            try tx.insertFollowUp(FollowUp(reference: "R2", version: 1, form: .written, due: monday,
                                           followReference: nil))
            try tx.insertFollowUp(FollowUp(reference: "R1", version: 2, form: .table, due: monday,
                                           followReference: "R1-E2"))
            try tx.insertFollowUp(FollowUp(reference: "R1", version: 1, form: .written, due: monday,
                                           followReference: nil))
            try tx.insertFollowUp(FollowUp(reference: "R1", version: 3, form: .written, due: earlier,
                                           followReference: nil))
            return ((), change: "")
        }
        let followUps = try store.read { try $0.followUps() }
        #expect(followUps.map { "\($0.reference)/\($0.version)" } == ["R1/3", "R1/1", "R1/2", "R2/1"])
        #expect(followUps[2] == FollowUp(reference: "R1", version: 2, form: .table, due: monday,
                                         followReference: "R1-E2"))
        #expect(try store.read { try $0.followUps(reference: "R2") }.count == 1)
        #expect(throws: StoreError.alreadyExists(reference: "R2 (vervolg van versie 1)")) {
            try store.write(command: "vervolg") { tx in
                (try tx.insertFollowUp(FollowUp(reference: "R2", version: 1, form: .table, due: tuesday,
                                                followReference: nil)), change: "")
            }
        }
    }

    @Test("Outbox: the same id stores one message; due oldest first; failed keeps the answer; delivered stays",
          arguments: StoreFactory.all)
    func outbox(factory: StoreFactory) throws {
        let store = try factory.make().store
        let new = try store.write(command: "invites") { tx in
            try tx.insert(registration("R1"))
            let added = [try tx.enqueue(message("M2", created: 2_000)),
                         try tx.enqueue(message("M1", created: 1_000)),
                         try tx.enqueue(message("M3", created: 2_000)),
                         try tx.enqueue(OutboxMessage(id: "M1", channel: .caldavPut, target: "anders", sender: "x",
                                                      payload: "anders", reference: "R1",
                                                      createdAt: Date(timeIntervalSince1970: 5)))]
            return (added, change: "")
        }
        #expect(new == [true, true, true, false])
        let expected = [message("M1", created: 1_000), message("M2", created: 2_000), message("M3", created: 2_000)]
        #expect(try store.read { try $0.outboxMessages() } == expected)
        #expect(try store.read { try $0.dueMessages(at: Date(timeIntervalSince1970: 1_999)).map(\.id) } == ["M1"])
        #expect(try store.read { try $0.dueMessages(at: Date(timeIntervalSince1970: 2_000)).map(\.id) }
                    == ["M1", "M2", "M3"])

        try store.write(command: "verzenden") { tx in
            try tx.markFailed(id: "M1", answer: "451 probeer later", nextAttempt: Date(timeIntervalSince1970: 3_000))
            try tx.markDelivered(id: "M2", at: Date(timeIntervalSince1970: 2_500))
            return ((), change: "")
        }
        let failed = try store.read { try $0.outboxMessages(state: .failed) }
        #expect(failed.map(\.id) == ["M1"])
        #expect(failed.first?.attempts == 1)
        #expect(failed.first?.lastAnswer == "451 probeer later")
        #expect(failed.first?.nextAttemptAt == Date(timeIntervalSince1970: 3_000))
        #expect(try store.read { try $0.outboxMessages(state: .pending).map(\.id) } == ["M3"])
        #expect(try store.read { try $0.outboxMessages(state: .delivered).first?.deliveredAt }
                    == Date(timeIntervalSince1970: 2_500))
        #expect(try store.read { try $0.dueMessages(at: Date(timeIntervalSince1970: 2_999)).map(\.id) } == ["M3"])
        #expect(try store.read { try $0.dueMessages(at: Date(timeIntervalSince1970: 3_000)).map(\.id) } == ["M1", "M3"])

        try store.write(command: "verzenden") { tx in
            try tx.markFailed(id: "M1", answer: "554 geweigerd", nextAttempt: Date(timeIntervalSince1970: 4_000))
            #expect(try tx.enqueue(message("M2", created: 2_000)) == false)
            try tx.markFailed(id: "M2", answer: "na levering", nextAttempt: Date(timeIntervalSince1970: 0))
            try tx.markDelivered(id: "M2", at: Date(timeIntervalSince1970: 9_000))
            return ((), change: "")
        }
        let all = try store.read { try $0.outboxMessages() }
        #expect(all[0].attempts == 2)
        #expect(all[0].lastAnswer == "554 geweigerd")
        #expect(all[1].state == .delivered)
        #expect(all[1].attempts == 0)
        #expect(all[1].lastAnswer == nil)
        #expect(all[1].deliveredAt == Date(timeIntervalSince1970: 2_500))
        #expect(try store.read { try $0.dueMessages(at: Date(timeIntervalSince1970: 1_000_000)).map(\.id) }
                    == ["M1", "M3"])
        #expect(throws: StoreError.notFound(reference: "M9")) {
            try store.write(command: "verzenden") { tx in
                (try tx.markDelivered(id: "M9", at: Date(timeIntervalSince1970: 1)), change: "")
            }
        }
        #expect(throws: StoreError.notFound(reference: "M9")) {
            try store.write(command: "verzenden") { tx in
                (try tx.markFailed(id: "M9", answer: "", nextAttempt: Date(timeIntervalSince1970: 1)), change: "")
            }
        }
    }

    @Test("A throw inside write leaves every table and the audit log unchanged, and is rethrown as is",
          arguments: StoreFactory.all)
    func allOrNothing(factory: StoreFactory) throws {
        let store = try factory.make().store
        try fill(store)
        let before = try Contents(store)
        #expect(before.audit.map(\.command) == ["vullen"])
        #expect(throws: Failure()) {
            try store.write(command: "half") { tx -> ((), change: String) in
                try tx.insert(registration("R2"))
                var changed = registration("R1")
                changed.status = .cancelled
                try tx.update(changed)
                try tx.deleteBooking("R1")
                try tx.insert(booking("R2"))
                try tx.replaceSignal(for: "R1", with: nil)
                try tx.replaceRoster(Roster())
                try tx.recordSent(invite("U1", reference: "R1", sequence: 5))
                try tx.recordReply(uid: "U1", attendee: "a@example.org", partstat: "DECLINED", sequence: 0)
                try tx.replaceBusy(owner: "persoon:vz1", [])
                try tx.addRecordVersion(reference: "R1", kind: "verslag", Note(text: "tweede"), change: "versie 2")
                try tx.insertFollowUp(FollowUp(reference: "R1", version: 2, form: .table, due: monday,
                                               followReference: "R2"))
                try tx.enqueue(message("M2", created: 2_000))
                try tx.markFailed(id: "M1", answer: "451", nextAttempt: Date(timeIntervalSince1970: 5_000))
                try tx.markDelivered(id: "M1", at: Date(timeIntervalSince1970: 6_000))
                throw Failure()
            }
        }
        #expect(try Contents(store) == before)
        // A store error inside is rolled back the same way.
        #expect(throws: StoreError.alreadyExists(reference: "R1")) {
            try store.write(command: "half") { tx -> ((), change: String) in
                try tx.insert(registration("R3"))
                try tx.insert(registration("R1"))
                return ((), change: "")
            }
        }
        #expect(try Contents(store) == before)
    }

    @Test("Write operations inside read throw and change nothing", arguments: StoreFactory.all)
    func readOnly(factory: StoreFactory) throws {
        let store = try factory.make().store
        try fill(store)
        let before = try Contents(store)
        #expect(throws: StoreError.self) {
            try store.read { try $0.insert(registration("R2")) }
        }
        #expect(throws: StoreError.self) {
            try store.read { try $0.enqueue(message("M2", created: 1)) }
        }
        #expect(try Contents(store) == before)
    }

    @Test("The audit log has one entry per committed write, in commit order; failed writes leave none",
          arguments: StoreFactory.all)
    func auditOrder(factory: StoreFactory) throws {
        let store = try factory.make().store
        for n in 1...5 {
            try store.write(command: "opdracht \(n)") { tx in (try tx.insert(registration("R\(n)")), change: "R\(n)") }
            _ = try? store.write(command: "mislukt \(n)") { _ -> ((), change: String) in throw Failure() }
        }
        let log = try store.read { try $0.auditLog() }
        #expect(log.map(\.command) == ["opdracht 1", "opdracht 2", "opdracht 3", "opdracht 4", "opdracht 5"])
        #expect(log.map(\.change) == ["R1", "R2", "R3", "R4", "R5"])
        #expect(log.allSatisfy { $0.at.hasSuffix("Z") })
        #expect(zip(log, log.dropFirst()).allSatisfy { $0.at <= $1.at })
    }

    @Test("Two writers on one store, each reading and rewriting the roster 50 times, lose nothing",
          arguments: StoreFactory.all)
    func twoWritersOneStore(factory: StoreFactory) async throws {
        let opened = try factory.make()
        try await increments(first: opened.store, second: opened.store)
    }

    @Test("Two handles on the same storage (two processes), 50 increments each, lose nothing",
          arguments: StoreFactory.all)
    func twoHandles(factory: StoreFactory) async throws {
        let opened = try factory.make()
        try await increments(first: opened.store, second: try opened.again())
    }

    /// Each writer adds a person to the roster by reading it and writing it back whole: a lost
    /// update (two writers reading the same roster) would leave fewer than 100.
    private func increments(first: any Store, second: any Store) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (writer, store) in [first, second].enumerated() {
                group.addTask {
                    for n in 0..<50 {
                        try store.write(command: "rooster") { tx in
                            var roster = try tx.roster()
                            // Widens the window in which an unserialised writer would read the same roster.
                            Thread.sleep(forTimeInterval: 0.001)
                            roster.people.append(.init(id: "w\(writer)-\(n)", name: "", role: .chair, email: "",
                                                       regions: []))
                            try tx.replaceRoster(roster)
                            return ((), change: "")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try first.read { try $0.roster() }.people.count == 100)
        #expect(Set(try first.read { try $0.roster() }.people.map(\.id)).count == 100)
        #expect(try second.read { try $0.auditLog() }.count == 100)
    }
}

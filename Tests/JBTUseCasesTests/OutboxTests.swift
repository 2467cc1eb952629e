import Foundation
import JBTCore
import JBTStorage
import Testing

@testable import JBTUseCases

/// Deliveries exactly once, after the commit: a server that fails half-way, then a retry, and
/// every recipient has exactly one message.
@Suite("Outbox: deliveries exactly once")
struct OutboxTests {
    static func folder() -> String { NSTemporaryDirectory() + "jbt-outbox-\(UUID().uuidString)" }

    @Test("SMTP refuses after 4 of M: the change is committed, the rest wait; the retries send each once, no one twice")
    func smtpFailsHalfWay() throws {
        let clock = TestClock()
        let mail = TestMail(accept: 4, refuse: 1)
        let app = try UseCaseFixture.planned(clock: clock, mail: mail)
        let week = "2026-W49"
        let out = Self.folder()
        let run = try app.writeInvites(week: week, region: nil, outbox: out, send: true)
        let total = run.queuedMail
        #expect(total >= 10, "three cases, each with a professionals' invite and one per parent")
        let first = try #require(run.delivery)
        #expect(first.mailDelivered == 4)
        #expect(first.failed.count == 1)
        #expect(first.failed[0].lastAnswer == "451 4.3.0 Tijdelijk te druk")
        #expect(first.waiting == total - 5, "after the server's refusal the rest wait for the next round")
        // The change is committed; a deliverer keeps to the back-off: the messages never tried go
        // now, the refused one waits a minute.
        let background = try app.deliverOutbox()
        #expect(background.mailDelivered == total - 5)
        #expect(background.failed.isEmpty)
        let overview = try app.outbox()
        #expect(overview.failed.count == 1)
        #expect(overview.failed[0].attempts == 1)
        #expect(overview.failed[0].lastAnswer == "451 4.3.0 Tijdelijk te druk")
        #expect(overview.pending.isEmpty)
        #expect(try app.deliverOutbox().delivered.isEmpty, "not due yet")
        clock.advance(61)
        #expect(try app.deliverOutbox().mailDelivered == 1)
        #expect(try app.outbox().delivered == total)
        // The invites are recorded as sent: a second run writes and enqueues nothing new.
        let again = try app.writeInvites(week: week, region: nil, outbox: out, send: true)
        #expect(again.written.isEmpty)
        #expect(again.queuedMail == 0)
        #expect(again.delivery?.delivered.isEmpty == true)
        // Exactly one message per recipient and invite: as many as were enqueued, none twice.
        #expect(mail.sent.count == total)
        #expect(Set(mail.sent.map { $0.to + "\n" + $0.message }).count == total)
    }

    @Test("A calendar server that fails half-way: the events it missed are published on the retry, each once")
    func calendarFailsHalfWay() throws {
        let calendar = TestCalendar(failAt: 2, failures: 1)
        let app = try UseCaseFixture.planned(calendar: calendar)
        let run = try app.writeInvites(week: "2026-W49", region: nil, outbox: Self.folder(), send: true)
        let total = run.queuedCalendar
        #expect(total >= 2)
        #expect(run.delivery?.calendarDelivered == 1)
        #expect(run.delivery?.failed.first?.lastAnswer == "HTTP 503")
        let retry = try app.deliverOutbox(retryNow: true)
        #expect(retry.calendarDelivered == total - 1)
        #expect(calendar.eventCount == total)
        #expect(calendar.puts == total, "no event published twice")
    }

    @Test(
        "A cancellation after delivery is a DELETE that reaches the calendar; a DELETE the server does not know is reported"
    )
    func cancelDeletes() throws {
        let calendar = TestCalendar()
        let app = try UseCaseFixture.planned(calendar: calendar)
        let out = Self.folder()
        let run = try app.writeInvites(week: "2026-W49", region: nil, outbox: out, send: true)
        let booked = try app.workspace.openStore().read { try $0.bookings() }
            .first { CivilDate(iso: "2026-11-30")!...CivilDate(iso: "2026-12-06")! ~= $0.date }
        let reference = try #require(booked?.reference)
        #expect(calendar.eventCount == run.queuedCalendar)
        _ = try app.cancel(reference: reference)
        let cancel = try app.writeInvites(week: "2026-W49", region: nil, outbox: out, send: true)
        #expect(cancel.delivery?.calendarDelivered == 1)
        #expect(calendar.eventCount == run.queuedCalendar - 1)
        #expect(cancel.delivery?.failed.isEmpty == true)
    }

    @Test("Back-off doubles from one minute and stops at six hours")
    func backOff() {
        #expect(App.backOff(afterAttempts: 0) == 60)
        #expect(App.backOff(afterAttempts: 1) == 120)
        #expect(App.backOff(afterAttempts: 3) == 480)
        #expect(App.backOff(afterAttempts: 20) == 6 * 3600)
    }
}

@Suite("Outbox: sending again retries now")
struct OutboxRetryTests {
    @Test("A person who sends again retries the refused message at once; still exactly one each")
    func sendAgainRetries() throws {
        let mail = TestMail(accept: 2, refuse: 1)
        let app = try UseCaseFixture.planned(mail: mail)
        let out = NSTemporaryDirectory() + "jbt-outbox-\(UUID().uuidString)"
        let first = try app.writeInvites(week: "2026-W49", region: nil, outbox: out, send: true)
        #expect(first.delivery?.mailDelivered == 2)
        let second = try app.writeInvites(week: "2026-W49", region: nil, outbox: out, send: true)
        #expect(second.delivery?.mailDelivered == first.queuedMail - 2)
        #expect(mail.sent.count == first.queuedMail)
        #expect(Set(mail.sent.map { $0.to + "\n" + $0.message }).count == first.queuedMail)
    }
}

@Suite("Outbox: written first, sent later")
struct OutboxLaterTests {
    @Test("Invites written without sending are delivered by a later run with sending, each once")
    func writtenThenSent() throws {
        let mail = TestMail()
        let calendar = TestCalendar()
        let app = try UseCaseFixture.planned(mail: mail, calendar: calendar)
        let out = NSTemporaryDirectory() + "jbt-outbox-\(UUID().uuidString)"
        let written = try app.writeInvites(week: "2026-W49", region: nil, outbox: out, send: false)
        #expect(!written.written.isEmpty)
        #expect(mail.sent.isEmpty)
        let sent = try app.writeInvites(week: "2026-W49", region: nil, outbox: out, send: true)
        #expect(sent.written.isEmpty, "nothing changed: no file written again")
        #expect(sent.queuedMail > 0)
        #expect(sent.delivery?.mailDelivered == sent.queuedMail)
        #expect(calendar.eventCount == sent.queuedCalendar)
        #expect(sent.queuedCalendar > 0)
        let again = try app.writeInvites(week: "2026-W49", region: nil, outbox: out, send: true)
        #expect(again.queuedMail == 0)
        #expect(again.delivery?.delivered.isEmpty == true)
        #expect(Set(mail.sent.map { $0.to + "\n" + $0.message }).count == mail.sent.count, "no one mailed twice")
    }
}

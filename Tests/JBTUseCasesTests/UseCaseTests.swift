import Foundation
import JBTCore
import JBTStorage
import Testing

@testable import JBTUseCases

/// A clock the test moves on, shared by the use cases of one `App`.
final class TestClock: DateSource, @unchecked Sendable {
    // @unchecked: `moment` is only read and written under `lock`.
    private let lock = NSLock()
    private var moment = Date(timeIntervalSince1970: 1_796_000_000)
    let day = CivilDate(iso: "2026-11-28")!

    func now() -> Date { lock.withLock { moment } }
    func today() -> CivilDate { day }
    func advance(_ seconds: TimeInterval) { lock.withLock { moment.addTimeInterval(seconds) } }
}

/// An SMTP server stand-in: accepts `accept` messages, refuses the next `refuse` with a 451, then
/// accepts again; keeps every accepted message.
final class TestMail: MailSender, @unchecked Sendable {
    // @unchecked: all state is behind `lock`.
    private let lock = NSLock()
    private var tried = 0
    private(set) var accepted: [(to: String, message: String)] = []
    let accept: Int
    let refuse: Int

    init(accept: Int = .max, refuse: Int = 0) {
        self.accept = accept
        self.refuse = refuse
    }

    func send(from: String, to: String, message: String) throws {
        try lock.withLock {
            tried += 1
            if tried > accept && tried <= accept + refuse {
                throw ServiceError.unavailable("e-mail aan \(to) niet verstuurd", answer: "451 4.3.0 Tijdelijk te druk")
            }
            accepted.append((to, message))
        }
    }

    var sent: [(to: String, message: String)] { lock.withLock { accepted } }
}

/// A CalDAV server stand-in that fails from its `failAt`-th request on, `failures` times.
final class TestCalendar: CalendarPublisher, @unchecked Sendable {
    // @unchecked: all state is behind `lock`.
    private let lock = NSLock()
    private var requests = 0
    private(set) var events: [String: String] = [:]
    private(set) var puts = 0
    let failAt: Int
    let failures: Int

    init(failAt: Int = .max, failures: Int = 0) {
        self.failAt = failAt
        self.failures = failures
    }

    func prepare(region: String) throws {}

    func publish(region: String, uid: String, calendarText: String) throws {
        try request()
        lock.withLock {
            events[region + "/" + uid] = calendarText
            puts += 1
        }
    }

    func remove(region: String, uid: String) throws {
        try request()
        try lock.withLock {
            guard events.removeValue(forKey: region + "/" + uid) != nil else {
                throw ServiceError.unavailable("CalDAV DELETE mislukt: HTTP 404", answer: "HTTP 404")
            }
        }
    }

    private func request() throws {
        try lock.withLock {
            requests += 1
            if requests >= failAt && requests < failAt + failures {
                throw ServiceError.unavailable("CalDAV PUT mislukt: HTTP 503", answer: "HTTP 503")
            }
        }
    }

    var eventCount: Int { lock.withLock { events.count } }
}

/// The use cases on the in-memory store, with the bundled plugins and sample roster: no binary,
/// no file store, no network.
enum UseCaseFixture {
    static let root = Workspace.bundledRoot()!

    /// Three Food Valley aanmeldingen, complete on 2026-11-27; the first has a child of 14.
    static let intakeYAML = """
        aanmeldingen:
        \((1...3).map { n in """
          - referentie: UC-\(n)
            gemeente: Ede
            type: vijf-voor-twaalf
            aangemeld: 2026-11-27
            compleet: 2026-11-27
            kinderen:
              - initialen: A.B.
                geboortedatum: \(n == 1 ? "2012-05-01" : "2020-05-01")
            aanmelder: {naam: "T. Test (fictief)", organisatie: "Lokaal team Ede (fictief)", email: "lt\(n)@example.org"}
            ouders:
              - {naam: "O. Een (fictief)", email: "ouder\(n)a@example.org"}
              - {naam: "O. Twee (fictief)", email: "ouder\(n)b@example.org"}
        """ }.joined(separator: "\n"))
        """

    static func file(_ text: String) -> String {
        let path = NSTemporaryDirectory() + "jbt-uc-\(UUID().uuidString).yaml"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static func app(
        clock: TestClock = TestClock(), mail: TestMail? = nil, calendar: TestCalendar? = nil,
        store: any Store = InMemoryStore()
    ) throws -> App {
        let dependencies = Dependencies(
            clock: clock, templateFolder: root + "/Templates", sampleFolder: root + "/Samples",
            mail: mail, calendar: calendar)
        return try App(workspace: Workspace(store: store, pluginRoots: [root + "/Plugins"]), dependencies: dependencies)
    }

    /// An app with the sample roster and the three aanmeldingen planned into the first two weeks.
    static func planned(
        clock: TestClock = TestClock(), mail: TestMail? = nil, calendar: TestCalendar? = nil
    ) throws -> App {
        let app = try app(clock: clock, mail: mail, calendar: calendar)
        _ = try app.importRoster(path: root + "/Samples/rooster.yaml")
        _ = try app.intake(path: file(intakeYAML))
        _ = try app.plan(from: CivilDate(iso: "2026-11-30")!, weeks: 2, region: nil)
        return app
    }
}

@Suite("Use cases on the in-memory store")
struct UseCaseTests {
    @Test("Intake, plan and agenda: typed results a front end can show")
    func intakePlanAgenda() throws {
        let app = try UseCaseFixture.app()
        _ = try app.importRoster(path: UseCaseFixture.root + "/Samples/rooster.yaml")
        let intake = try app.intake(path: UseCaseFixture.file(UseCaseFixture.intakeYAML))
        #expect(intake.registered.map(\.reference) == ["UC-1", "UC-2", "UC-3"])
        #expect(intake.perRegion.map(\.region) == ["food-valley"])
        #expect(intake.perRegion.map(\.count) == [3])

        let dry = try app.plan(from: CivilDate(iso: "2026-11-30")!, weeks: 2, group: ["food-valley", "noord-veluwe"],
                               dryRun: true)
        #expect(try app.plan(from: CivilDate(iso: "2026-11-30")!, weeks: 2, group: ["rivierenland"], dryRun: true)
            .openCases == 0, "a group without Food Valley plans none of its cases")
        #expect(dry.stored == false)
        #expect(dry.booked.count == 3)
        let report = try app.plan(from: CivilDate(iso: "2026-11-30")!, weeks: 2, region: "food-valley")
        #expect(report.booked.count == 3)
        #expect(report.withinNorm == 3)
        #expect(report.misses.isEmpty)
        // The dry run showed what the commit did.
        #expect(
            Set(dry.booked.map { "\($0.reference) \($0.date) \($0.start)" })
                == Set(report.booked.map { "\($0.reference) \($0.date) \($0.start)" }))

        let weeks = Set(report.booked.map { CivilDate(iso: $0.date)!.isoWeek.week })
        var seen: [String] = []
        for week in weeks {
            let agenda = try app.agenda(region: "food-valley", week: "2026-W\(week)")
            for day in agenda.days {
                for table in day.tables {
                    for case .booked(let c) in table.slots { seen.append(c.booking.reference) }
                }
            }
        }
        #expect(seen.sorted() == ["UC-1", "UC-2", "UC-3"])
        // The child of 14 has a child conversation before UC-1; the others' children are 6.
        let uc1 = report.booked.first { $0.reference == "UC-1" }!
        #expect(uc1.childConversation != nil)
        #expect(report.booked.filter { $0.childConversation != nil }.count == 1)
        // The audit log has the three changes, in order.
        let commands = try app.auditLog().map { $0.command.split(separator: " ").first.map(String.init) ?? "" }
        #expect(commands == ["roster", "intake", "plan"])
    }

    @Test("Every failure has a code a caller can switch over, and no command-line flag in its message")
    func errorCodes() throws {
        let app = try UseCaseFixture.planned()
        func code(_ body: () throws -> Void) -> ServiceError? {
            do {
                try body()
                return nil
            } catch {
                return error as? ServiceError
            }
        }
        let unknown = code { _ = try app.cancel(reference: "NIET-1") }
        #expect(unknown?.code == .notFound)
        _ = try app.cancel(reference: "UC-3")
        let twice = code { _ = try app.cancel(reference: "UC-3") }
        #expect(twice?.code == .conflict)
        let weeks = code { _ = try app.plan(from: CivilDate(iso: "2026-11-30")!, weeks: 200, region: nil) }
        #expect(weeks?.code == .invalidInput)
        #expect(weeks?.problems.first?.field == "weken")
        let again = code { _ = try app.intake(path: UseCaseFixture.file(UseCaseFixture.intakeYAML)) }
        #expect(again?.code == .alreadyExists)
        #expect(again?.problems.count == 3)
        #expect(again?.problems.allSatisfy { $0.line != nil && $0.file != nil } == true)
        let shouting = UseCaseFixture.intakeYAML.replacingOccurrences(of: "UC-", with: "uc-")
        let capitals = code { _ = try app.intake(path: UseCaseFixture.file(shouting)) }
        #expect(capitals?.code == .alreadyExists, "uc-1 is UC-1 to a person")
        #expect(capitals?.problems.first?.message.contains("als UC-1 (alleen hoofdletters verschillen)") == true)
        let region = code { _ = try app.agenda(region: "atlantis", week: "2026-W49") }
        #expect(region?.code == .notFound)
        let week = code { _ = try app.agenda(region: "food-valley", week: "2026-49") }
        #expect(week?.code == .invalidInput)
        let document = code {
            _ = try app.document(
                .init(
                    reference: "UC-1", kind: .verslag, audience: nil, format: .md, version: nil,
                    region: nil, week: nil, out: nil))
        }
        #expect(document?.code == .notFound, "no verslag recorded yet")
        let letter = code {
            _ = try app.document(
                .init(
                    reference: "UC-1", kind: .uitnodiging, audience: .professionals, format: .md,
                    version: nil, region: nil, week: nil, out: nil))
        }
        #expect(letter?.code == .notAllowed)
        let agendaWeek = code {
            _ = try app.document(
                .init(
                    reference: nil, kind: .weekagenda, audience: nil, format: .md, version: nil,
                    region: "food-valley", week: nil, out: nil))
        }
        #expect(agendaWeek?.code == .invalidInput)
        #expect(agendaWeek?.problems.first?.field == "week")
        for error in [unknown, twice, weeks, again, region, week, document, letter, agendaWeek] {
            #expect(error.map { !$0.message.contains("--") } == true, "\(String(describing: error))")
        }
    }

    @Test("A document comes back as bytes with a name and a media type; the audit log says what was made")
    func documentBytes() throws {
        let app = try UseCaseFixture.planned()
        let letter = try app.document(
            .init(
                reference: "UC-1", kind: .uitnodiging, audience: .ouder, format: .md,
                version: nil, region: nil, week: nil, out: nil))
        #expect(letter.name == "UC-1-uitnodiging-ouder.md")
        #expect(letter.mediaType == "text/markdown; charset=utf-8")
        let text = String(decoding: letter.data, as: UTF8.self)
        #expect(text.contains("UC-1"))
        #expect(try app.auditLog().last?.change == "UC-1-uitnodiging-ouder als md naar UC-1-uitnodiging-ouder.md")
    }

    @Test("The demo runs on a store in memory and leaves no file behind")
    func demoInMemory() throws {
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))
        let root = UseCaseFixture.root
        let dependencies = Dependencies(
            clock: TestClock(), templateFolder: root + "/Templates",
            sampleFolder: root + "/Samples")
        let run = try App.runDemo(pluginRoots: [root + "/Plugins"], dependencies: dependencies)
        #expect(run.intake.registered.count > 300)
        #expect(run.agendas.count == run.regions.regions.count)
        #expect(
            run.report.booked.count + run.report.misses.filter { $0.bookedOn == nil }.count
                == run.intake.registered.count)
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))
        #expect(after.subtracting(before).filter { $0.hasPrefix("jbt-demo") }.isEmpty)
    }

    @Test("An absence names the table days it touches; twice, unknown or backwards is refused with its code")
    func absences() throws {
        let app = try UseCaseFixture.planned()
        let span = DateSpan(first: CivilDate(iso: "2026-12-01")!, last: CivilDate(iso: "2026-12-15")!)
        let ill = Roster.Absence(person: "vz-fv-2", span: span, reason: "ziek")
        let change = try app.addAbsence(ill)
        // Food Valley sits on Tuesdays: 1, 8 and 15 December, table 2 is vz-fv-2's.
        #expect(change.affected.map(\.date.iso) == ["2026-12-01", "2026-12-08", "2026-12-15"])
        #expect(change.affected.allSatisfy { $0.region == "food-valley" && $0.table == 2 && $0.kind == .substitute })
        func code(_ body: () throws -> Void) -> ServiceError.Code? {
            do {
                try body()
                return nil
            } catch {
                return (error as? ServiceError)?.code
            }
        }
        #expect(code { _ = try app.addAbsence(ill) } == .conflict)
        let overlapping = DateSpan(first: CivilDate(iso: "2026-12-10")!, last: CivilDate(iso: "2026-12-20")!)
        #expect(code { _ = try app.addAbsence(.init(person: "vz-fv-2", span: overlapping, reason: "verlof")) } == .conflict)
        #expect(code { _ = try app.addAbsence(.init(person: "niemand", span: span, reason: "ziek")) } == .notFound)
        let backwards = DateSpan(first: span.last, last: span.first)
        #expect(code { _ = try app.addAbsence(.init(person: "vz-fv-2", span: backwards, reason: "ziek")) } == .invalidInput)
        #expect(code { _ = try app.addAbsence(.init(person: "vz-fv-2", span: span, reason: "vakantie")) } == .invalidInput)
        let overview = try app.rosterOverview(from: CivilDate(iso: "2026-11-30")!, weeks: 3)
        #expect(overview.roster.absences.contains(ill))
        #expect(try app.removeAbsence(person: "vz-fv-2", first: span.first) == ill, "found by person and first day")
        #expect(try app.rosterOverview(from: CivilDate(iso: "2026-11-30")!, weeks: 3).roster.absences.contains(ill) == false)
        #expect(code { _ = try app.removeAbsence(person: "vz-fv-2", first: span.first) } == .notFound)
    }
}

@Suite("Moving one conversation by hand")
struct PinTests {
    static let from = CivilDate(iso: "2026-11-30")!

    func bookings(_ app: App) throws -> [String: StoredBooking] {
        Dictionary(uniqueKeysWithValues: try app.workspace.openStore().read { try $0.bookings() }.map { ($0.reference, $0) })
    }

    @Test("The free places come first, within the norm; taken ones say by whom; a pin moves only that case")
    func pinMovesOne() throws {
        let app = try UseCaseFixture.planned()
        let before = try bookings(app)
        let free = try app.places(for: "UC-2", from: Self.from, weeks: 2)
        #expect(free.allSatisfy { $0.refusal == nil })
        #expect(free.filter(\.current).count == 1)
        let within = free.prefix { $0.withinNorm }
        #expect(!within.isEmpty)
        #expect(free.dropFirst(within.count).allSatisfy { !$0.withinNorm }, "within the norm first")
        let all = try app.places(for: "UC-2", from: Self.from, weeks: 2, all: true)
        #expect(all.count > free.count)
        let uc1 = before["UC-1"]!
        let taken = all.first { $0.place == .init(region: uc1.region, date: uc1.date, table: uc1.table, start: uc1.start) }
        #expect(taken?.refusal == "bezet door UC-1")

        let target = try #require(free.first { !$0.current })
        let result = try app.pin(reference: "UC-2", at: target.place, from: Self.from, weeks: 2)
        #expect(result.previous == before["UC-2"])
        #expect(result.booking.date == target.place.date)
        #expect(result.booking.start == target.place.start)
        let after = try bookings(app)
        #expect(after["UC-1"] == before["UC-1"])
        #expect(after["UC-3"] == before["UC-3"])
        #expect(after["UC-2"] == result.booking)
        #expect(try app.auditLog().last?.command == "pin UC-2")

        func code(_ body: () throws -> Void) -> ServiceError? {
            do {
                try body()
                return nil
            } catch {
                return error as? ServiceError
            }
        }
        let onTaken = code { _ = try app.pin(reference: "UC-2", at: taken!.place, from: Self.from, weeks: 2) }
        #expect(onTaken?.code == .conflict)
        #expect(onTaken?.message.contains("bezet door UC-1") == true)
        #expect(try bookings(app)["UC-2"] == result.booking, "a refused pin changes nothing")
        let moved = code { _ = try app.reschedule(reference: "UC-2", notOn: [], from: Self.from, weeks: 2) }
        #expect(moved?.code == .conflict, "a pinned conversation is not moved by a reschedule")
        _ = try app.unpin(reference: "UC-2")
        let report = try app.reschedule(reference: "UC-2", notOn: [], from: Self.from, weeks: 2)
        #expect(report.booked.map(\.reference) == ["UC-2"])
        #expect(code { _ = try app.unpin(reference: "UC-2") }?.code == .conflict)
        let nowhere = App.Place(region: "food-valley", date: CivilDate(iso: "2026-12-02")!, table: 1,
                                start: TimeOfDay(minutes: 9 * 60))
        #expect(code { _ = try app.pin(reference: "UC-2", at: nowhere, from: Self.from, weeks: 2) }?.code == .notFound)
    }
}

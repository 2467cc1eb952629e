import Foundation
import JBTCore

/// Where the use cases get the day and the time: the system's clock at the edges, a fixed one in
/// tests. Implementations must be safe to call from any thread.
public protocol DateSource: Sendable {
    /// The current moment.
    func now() -> Date
    /// Today in the Netherlands (Europe/Amsterdam).
    func today() -> CivilDate
}

/// The system clock, or a fixed day for the whole run (`JBT_TODAY` at the command line).
public struct SystemClock: DateSource {
    public var fixedDay: CivilDate?

    public init(fixedDay: CivilDate? = nil) {
        self.fixedDay = fixedDay
    }

    public func now() -> Date { Date() }

    public func today() -> CivilDate {
        if let fixedDay { return fixedDay }
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let c = Calendar(identifier: .gregorian).dateComponents(in: zone, from: Date())
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}

/// A clock that stands still, for tests.
public struct FixedClock: DateSource {
    public var moment: Date
    public var day: CivilDate

    public init(day: CivilDate, moment: Date = Date(timeIntervalSince1970: 1_796_000_000)) {
        self.day = day
        self.moment = moment
    }

    public func now() -> Date { moment }
    public func today() -> CivilDate { day }
}

/// Sends one iMIP e-mail. An implementation either delivers the message or throws a
/// `ServiceError` with code `.unavailable` whose `answer` is the server's own reply.
public protocol MailSender: Sendable {
    func send(from: String, to: String, message: String) throws
}

/// Publishes a table's events to a calendar server per region. `publish` stores or replaces the
/// event under its UID; `remove` deletes it and reports (throws) when the server does not have it.
/// Failures throw a `ServiceError` with code `.unavailable` and the server's answer.
public protocol CalendarPublisher: Sendable {
    func prepare(region: String) throws
    func publish(region: String, uid: String, calendarText: String) throws
    func remove(region: String, uid: String) throws
    /// Deletes a published event; false when the server did not have it (jbt reports that).
    func removeIfPresent(region: String, uid: String) throws -> Bool
}

extension CalendarPublisher {
    /// For a publisher that cannot tell whether the event was there.
    public func removeIfPresent(region: String, uid: String) throws -> Bool {
        try remove(region: region, uid: uid)
        return true
    }
}

/// What the use cases need from the world, handed in by the front end: the clock, where the
/// bundled templates and sample data are, and the delivery channels that are configured.
public struct Dependencies: Sendable {
    public var clock: any DateSource
    /// The folder of the bundled document templates (`Templates/`); a region's own `templates/`
    /// folder comes before it.
    public var templateFolder: String?
    /// The folder of the bundled sample data (`Samples/`), for the demo.
    public var sampleFolder: String?
    /// Configured e-mail delivery, if any.
    public var mail: (any MailSender)?
    /// Why the configured e-mail delivery cannot be used (an unreadable password file), if so.
    public var mailError: ServiceError?
    /// Configured calendar server, if any.
    public var calendar: (any CalendarPublisher)?

    public init(
        clock: any DateSource, templateFolder: String?, sampleFolder: String? = nil,
        mail: (any MailSender)? = nil, calendar: (any CalendarPublisher)? = nil
    ) {
        self.clock = clock
        self.templateFolder = templateFolder
        self.sampleFolder = sampleFolder
        self.mail = mail
        self.calendar = calendar
    }
}

/// A calendar date without time or zone, as the table planning uses it.
///
/// Stored as a day number (days since 1970-01-01) so that arithmetic and comparison are plain
/// integer operations; the proleptic Gregorian calendar is used throughout.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Returns nil for an impossible date such as 2026-02-30.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.init(anyYear: year, month: month, day: day)
    }

    /// A valid month and day in any year (also before 1 and after 9999), for computed dates such
    /// as holidays; the caller keeps the year small enough not to overflow.
    init(anyYear year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        dayNumber = era * 146097 + doe - 719468
    }

    /// Parses the ISO form `YYYY-MM-DD` only: other forms are refused, so that swapped day and
    /// month can never slip through.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let b = bytes[i]
                guard b >= 48, b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public var year: Int { components.year }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7   // 0 = Monday
        return Weekday.allCases[index]
    }

    /// ISO 8601 week: the year it belongs to and its number.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 3 - weekday.isoIndex)
        let y = thursday.year
        let jan1 = CivilDate(year: y, month: 1, day: 1)!
        return (y, (thursday.dayNumber - jan1.dayNumber) / 7 + 1)
    }

    /// The Monday of ISO week `week` of `year`, or nil when the year has no such week.
    public static func mondayOf(isoYear year: Int, week: Int) -> CivilDate? {
        guard let jan4 = CivilDate(year: year, month: 1, day: 4), (1...53).contains(week) else { return nil }
        let monday = jan4.adding(days: -jan4.weekday.isoIndex + (week - 1) * 7)
        return monday.isoWeek == (year, week) ? monday : nil
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }
    public func days(since other: CivilDate) -> Int { dayNumber - other.dayNumber }

    public var iso: String {
        let c = components
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }

    /// "di 1 dec 2026"
    public var dutchShort: String {
        let c = components
        return "\(weekday.shortName) \(c.day) \(CivilDate.monthNames[c.month - 1]) \(c.year)"
    }

    /// "dinsdag 1 december 2026", as letters write it.
    public var dutchLong: String {
        let c = components
        return "\(weekday.dutchName) \(c.day) \(CivilDate.longMonthNames[c.month - 1]) \(c.year)"
    }

    static let longMonthNames = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                                 "oktober", "november", "december"]

    public var description: String { iso }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let monthNames = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "geen geldige datum (JJJJ-MM-DD): \(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

@inline(__always) func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// An inclusive range of dates, as closures and absences are written.
public struct DateSpan: Hashable, Sendable, Codable {
    public var first: CivilDate
    public var last: CivilDate
    public init(first: CivilDate, last: CivilDate) { self.first = first; self.last = last }
    public func contains(_ date: CivilDate) -> Bool { date >= first && date <= last }
}

public enum Weekday: Int, CaseIterable, Sendable, Codable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// 0 for Monday … 6 for Sunday.
    public var isoIndex: Int { rawValue }

    public var dutchName: String {
        ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"][rawValue]
    }
    public var shortName: String { ["ma", "di", "wo", "do", "vr", "za", "zo"][rawValue] }

    public init?(dutch name: String) {
        guard let day = Weekday.allCases.first(where: { $0.dutchName == name.lowercased() }) else { return nil }
        self = day
    }
}

/// Minutes after midnight.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minutes: Int
    public init(minutes: Int) { self.minutes = minutes }

    /// Parses `HH:MM` (24 hours).
    public init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        minutes = h * 60 + m
    }

    public var description: String { pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2) }
    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }
}

/// The national public holidays of the Netherlands on which no table sits.
///
/// Goede Vrijdag is not a general day off and is not included. Bevrijdingsdag (5 May) counts only
/// in lustrum years (2025, 2030, …), as in most collective agreements for municipal staff.
public enum DutchHolidays {
    public struct Holiday: Sendable, Hashable {
        public let date: CivilDate
        public let name: String
    }

    /// The years for which holidays are computed; outside them the list is empty. Wide enough for
    /// any date a plan can reach, narrow enough that the day arithmetic cannot overflow.
    public static let computableYears = -1_000_000...1_000_000

    /// The holidays of `year`, for any year: never traps, also outside the years a date may be
    /// entered in (a plan may run past them).
    public static func holidays(in year: Int) -> [Holiday] {
        guard computableYears.contains(year) else { return [] }
        let easter = easterSunday(year)
        func date(_ month: Int, _ day: Int) -> CivilDate { CivilDate(anyYear: year, month: month, day: day) }
        var list: [Holiday] = [
            .init(date: date(1, 1), name: "Nieuwjaarsdag"),
            .init(date: easter, name: "Eerste Paasdag"),
            .init(date: easter.adding(days: 1), name: "Tweede Paasdag"),
            .init(date: easter.adding(days: 39), name: "Hemelvaartsdag"),
            .init(date: easter.adding(days: 49), name: "Eerste Pinksterdag"),
            .init(date: easter.adding(days: 50), name: "Tweede Pinksterdag"),
            .init(date: date(12, 25), name: "Eerste Kerstdag"),
            .init(date: date(12, 26), name: "Tweede Kerstdag"),
        ]
        var kingsDay = date(4, 27)
        if kingsDay.weekday == .sunday { kingsDay = kingsDay.adding(days: -1) }
        list.append(.init(date: kingsDay, name: "Koningsdag"))
        if year % 5 == 0 { list.append(.init(date: date(5, 5), name: "Bevrijdingsdag")) }
        return list.sorted { $0.date < $1.date }
    }

    /// The holiday on `date`, if any.
    public static func holiday(on date: CivilDate) -> Holiday? {
        holidays(in: date.year).first { $0.date == date }
    }

    /// Anonymous Gregorian algorithm (Meeus/Jones/Butcher), with floored division so that it holds
    /// for years before 1 too (the proleptic calendar). Years outside `computableYears` are clamped
    /// into it, so that no year traps.
    public static func easterSunday(_ year: Int) -> CivilDate {
        let year = min(max(year, computableYears.lowerBound), computableYears.upperBound)
        func div(_ x: Int, _ y: Int) -> Int { x >= 0 ? x / y : -((-x + y - 1) / y) }
        func mod(_ x: Int, _ y: Int) -> Int { x - div(x, y) * y }
        let a = mod(year, 19)
        let b = div(year, 100)
        let c = mod(year, 100)
        let d = div(b, 4)
        let e = mod(b, 4)
        let f = div(b + 8, 25)
        let g = div(b - f + 1, 3)
        let h = mod(19 * a + b - d - g + 15, 30)
        let i = div(c, 4)
        let k = mod(c, 4)
        let l = mod(32 + 2 * e + 2 * i - h - k, 7)
        let m = div(a + 11 * h + 22 * l, 451)
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(anyYear: year, month: month, day: day)
    }
}

/// The national public holidays of the Netherlands on which no table sits.
///
/// Goede Vrijdag is not a general day off and is not included. Bevrijdingsdag (5 May) counts only
/// in lustrum years (2025, 2030, …), as in most collective agreements for municipal staff.
public enum DutchHolidays {
    public struct Holiday: Sendable, Hashable {
        public let date: CivilDate
        public let name: String
    }

    public static func holidays(in year: Int) -> [Holiday] {
        let easter = easterSunday(year)
        var list: [Holiday] = [
            .init(date: CivilDate(year: year, month: 1, day: 1)!, name: "Nieuwjaarsdag"),
            .init(date: easter, name: "Eerste Paasdag"),
            .init(date: easter.adding(days: 1), name: "Tweede Paasdag"),
            .init(date: easter.adding(days: 39), name: "Hemelvaartsdag"),
            .init(date: easter.adding(days: 49), name: "Eerste Pinksterdag"),
            .init(date: easter.adding(days: 50), name: "Tweede Pinksterdag"),
            .init(date: CivilDate(year: year, month: 12, day: 25)!, name: "Eerste Kerstdag"),
            .init(date: CivilDate(year: year, month: 12, day: 26)!, name: "Tweede Kerstdag"),
        ]
        var kingsDay = CivilDate(year: year, month: 4, day: 27)!
        if kingsDay.weekday == .sunday { kingsDay = kingsDay.adding(days: -1) }
        list.append(.init(date: kingsDay, name: "Koningsdag"))
        if year % 5 == 0 { list.append(.init(date: CivilDate(year: year, month: 5, day: 5)!, name: "Bevrijdingsdag")) }
        return list.sorted { $0.date < $1.date }
    }

    /// The holiday on `date`, if any.
    public static func holiday(on date: CivilDate) -> Holiday? {
        holidays(in: date.year).first { $0.date == date }
    }

    /// Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    public static func easterSunday(_ year: Int) -> CivilDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)!
    }
}

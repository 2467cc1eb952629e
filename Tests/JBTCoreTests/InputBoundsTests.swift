import Testing
@testable import JBTCore

@Suite("Bounds on what comes in: dates, holidays for any year, references, e-mail addresses")
struct InputBoundsTests {
    @Test("Holidays are computed for any year without trapping, also far outside the accepted dates",
          arguments: [10_000, 9_999, 0, -1, -4_713, 1_000_000, -1_000_000, 1_000_001, Int.max, Int.min])
    func holidaysForAnyYear(year: Int) {
        let list = DutchHolidays.holidays(in: year)
        if DutchHolidays.computableYears.contains(year) {
            #expect(list.count >= 9)
            #expect(list.allSatisfy { $0.date.year == year })
            let easter = DutchHolidays.easterSunday(year)
            #expect(easter.weekday == .sunday)
        } else {
            #expect(list.isEmpty)
        }
    }

    @Test("Easter falls on a Sunday between 22 March and 25 April in every year from -2000 to 12000")
    func easterEveryYear() {
        for year in stride(from: -2_000, through: 12_000, by: 1) {
            let easter = DutchHolidays.easterSunday(year)
            let c = easter.components
            #expect(easter.weekday == .sunday, "\(year)")
            #expect((c.month == 3 && c.day >= 22) || (c.month == 4 && c.day <= 25), "\(year): \(c)")
            if easter.weekday != .sunday { return }
        }
        #expect(DutchHolidays.holiday(on: CivilDate(anyYear: 10_000, month: 12, day: 25))?.name == "Eerste Kerstdag")
    }

    @Test("An ISO week number far out is no week, not an overflow")
    func weekOverflow() {
        #expect(CivilDate.mondayOf(isoYear: 2026, week: 4_611_686_018_427_387_904) == nil)
        #expect(CivilDate.mondayOf(isoYear: 2026, week: 54) == nil)
        #expect(CivilDate.mondayOf(isoYear: 2026, week: 53)?.iso == "2026-12-28")
    }

    @Test("Dates are accepted from 1900 through 2200")
    func acceptedDates() {
        #expect(AcceptedDates.problem(CivilDate(iso: "1900-01-01")!) == nil)
        #expect(AcceptedDates.problem(CivilDate(iso: "2200-12-31")!) == nil)
        #expect(AcceptedDates.problem(CivilDate(iso: "9999-12-31")!)
                == "datum 9999-12-31 ligt buiten de toegestane jaren 1900 t/m 2200")
        #expect(AcceptedDates.problem(CivilDate(iso: "1899-12-31")!)
                == "datum 1899-12-31 ligt buiten de toegestane jaren 1900 t/m 2200")
    }

    static let references: [(String, String?)] = [
        ("JBT-2026-001", nil),
        ("\u{00C9}MMEN_1.a", nil),
        ("a/b", "een referentie bevat alleen letters, cijfers en - _ . (geen spaties, / of regeleinden)"),
        ("a\nb", "een referentie bevat alleen letters, cijfers en - _ . (geen spaties, / of regeleinden)"),
        ("a b", "een referentie bevat alleen letters, cijfers en - _ . (geen spaties, / of regeleinden)"),
        ("E\u{0301}MMEN", "een referentie bevat alleen letters, cijfers en - _ . (geen spaties, / of regeleinden)"),
        ("a\u{202E}b", "een referentie bevat alleen letters, cijfers en - _ . (geen spaties, / of regeleinden)"),
        ("..", "een referentie begint met een letter of een cijfer"),
        ("-rf", "een referentie begint met een letter of een cijfer"),
        ("a..b", "een referentie bevat geen twee punten achter elkaar"),
        ("", "de referentie is leeg"),
        (String(repeating: "R", count: 64), nil),
        (String(repeating: "R", count: 65), "de referentie is te lang (ten hoogste 64 tekens)"),
    ]

    @Test("References hold letters, digits, - _ . only, within 64 characters",
          arguments: 0..<InputBoundsTests.references.count)
    func referenceRules(index: Int) {
        let (text, expected) = Self.references[index]
        #expect(CaseReference.problem(text) == expected, "\(text.debugDescription)")
    }

    static let emails: [(String, Bool)] = [
        ("lt@example.org", true), ("a.b+c@sub.example.nl", true), ("x@voorbeeld.frl", true),
        ("lt@example", false), ("lt example.org", false), ("@example.org", false), ("lt@", false),
        ("a@b@example.org", false), ("lt@example.org\nBcc: x@y.nl", false), ("lt@-example.org", false),
        (".lt@example.org", false), ("l..t@example.org", false), ("lt@example..org", false),
        ("<lt@example.org>", false), ("lt@example.org,x@y.nl", false), ("\"lt\"@example.org", false),
        (String(repeating: "a", count: 65) + "@example.org", false), ("lt@example.1", false),
    ]

    @Test("An e-mail address is one: local part, @, a domain with a dot; nothing a header could misread",
          arguments: 0..<InputBoundsTests.emails.count)
    func emailRules(index: Int) {
        let (text, valid) = Self.emails[index]
        #expect((EmailAddress.problem(text) == nil) == valid, "\(text.debugDescription)")
    }
}

import Testing
@testable import JBTCore

@Suite("Dates, weeks and Dutch holidays")
struct CalendarTests {
    @Test("ISO dates round-trip; impossible and non-ISO dates are refused",
          arguments: ["2026-12-01", "2024-02-29", "1999-12-31", "2027-01-04"])
    func roundTrip(text: String) {
        #expect(CivilDate(iso: text)?.iso == text)
    }

    @Test("Refused", arguments: ["2026-02-29", "2026-13-01", "01-12-2026", "2026-1-1", "2026-12-1x", "", "2026-00-10"])
    func refused(text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test("Weekdays and ISO weeks")
    func weeks() {
        let d = CivilDate(iso: "2026-12-01")!
        #expect(d.weekday == .tuesday)
        #expect(d.isoWeek == (2026, 49))
        #expect(CivilDate.mondayOf(isoYear: 2026, week: 49)?.iso == "2026-11-30")
        #expect(CivilDate(iso: "2027-01-01")!.isoWeek == (2026, 53))
        #expect(CivilDate.mondayOf(isoYear: 2026, week: 53)?.iso == "2026-12-28")
        #expect(CivilDate.mondayOf(isoYear: 2027, week: 53) == nil)
        #expect(CivilDate(iso: "2027-01-04")!.days(since: CivilDate(iso: "2026-12-28")!) == 7)
    }

    @Test("Dutch public holidays 2026 and 2027")
    func holidays() {
        let y2026 = DutchHolidays.holidays(in: 2026).map { "\($0.date.iso) \($0.name)" }
        #expect(y2026 == ["2026-01-01 Nieuwjaarsdag", "2026-04-05 Eerste Paasdag", "2026-04-06 Tweede Paasdag",
                          "2026-04-27 Koningsdag", "2026-05-14 Hemelvaartsdag", "2026-05-24 Eerste Pinksterdag",
                          "2026-05-25 Tweede Pinksterdag", "2026-12-25 Eerste Kerstdag", "2026-12-26 Tweede Kerstdag"])
        #expect(DutchHolidays.easterSunday(2027).iso == "2027-03-28")
        // Koningsdag on a Sunday moves to Saturday (2025: 27 April was a Sunday).
        #expect(DutchHolidays.holidays(in: 2025).contains { $0.date.iso == "2025-04-26" && $0.name == "Koningsdag" })
        // Bevrijdingsdag only in lustrum years.
        #expect(DutchHolidays.holiday(on: CivilDate(iso: "2030-05-05")!)?.name == "Bevrijdingsdag")
        #expect(DutchHolidays.holiday(on: CivilDate(iso: "2026-05-05")!) == nil)
    }

    @Test("A child's age counts whole years on the day")
    func age() {
        let child = ChildRecord(initials: "A.B.", birthDate: CivilDate(iso: "2014-12-02")!)
        #expect(child.age(on: CivilDate(iso: "2026-12-01")!) == 11)
        #expect(child.age(on: CivilDate(iso: "2026-12-02")!) == 12)
    }
}

@Suite("Table days from region rules and roster")
struct TableCalendarTests {
    static func region(_ id: String = "test", pattern: RegionRules.DayPattern = .hours(opens: TimeOfDay(text: "09:00")!, closes: TimeOfDay(text: "16:30")!, pause: 15)) -> RegionRules {
        RegionRules(id: id, name: "Test", municipalities: ["Testdorp"], neighbours: [], tableWeekdays: [.tuesday],
                    dayPattern: pattern, location: "Raadhuis",
                    escalationContact: .init(name: "X (fictief)", role: "beleid", email: "x@example.org"),
                    closures: [.init(span: DateSpan(first: CivilDate(iso: "2026-12-08")!, last: CivilDate(iso: "2026-12-08")!), reason: "Studiedag")])
    }

    @Test("Hours mode: conversations with pauses while they end before closing time")
    func startTimes() {
        #expect(Self.region().startTimes.map(\.description) == ["09:00", "10:45", "12:30", "14:15"])
        let fixed = Self.region(pattern: .fixedStarts([TimeOfDay(text: "13:30")!, TimeOfDay(text: "09:00")!]))
        #expect(fixed.startTimes.map(\.description) == ["09:00", "13:30"])
        #expect(fixed.dayOpens == 8 * 60 + 30)
    }

    @Test("Closures, holidays and absences: a substitute is found, or the table is cancelled")
    func sessions() {
        let catalog = RegionCatalog([Self.region()])
        let roster = Roster(
            people: [.init(id: "vz1", name: "Vz Een", role: .chair, email: "a@example.org", regions: ["test"]),
                     .init(id: "vz2", name: "Vz Twee", role: .chair, email: "b@example.org", regions: ["test"]),
                     .init(id: "r1", name: "RvdK Een", role: .boardOfficer, email: "c@example.org", regions: ["test"])],
            assignments: [.init(person: "vz1", region: "test", weekday: .tuesday), .init(person: "r1", region: "test", weekday: .tuesday)],
            absences: [.init(person: "vz1", span: DateSpan(first: CivilDate(iso: "2026-12-14")!, last: CivilDate(iso: "2026-12-18")!), reason: "ziek"),
                       .init(person: "r1", span: DateSpan(first: CivilDate(iso: "2026-12-29")!, last: CivilDate(iso: "2026-12-29")!), reason: "verlof")])
        let (sessions, notes) = TableCalendar.sessions(regions: catalog, roster: roster,
                                                       from: CivilDate(iso: "2026-12-01")!, through: CivilDate(iso: "2026-12-31")!)
        // Tuesdays: 1, 8 (closed), 15 (substitute), 22, 29 (no RvdK: cancelled).
        #expect(sessions.map(\.date.iso) == ["2026-12-01", "2026-12-15", "2026-12-22"])
        #expect(sessions[1].chair == "vz2")
        #expect(sessions[0].chair == "vz1")
        #expect(notes.map(\.kind) == [.closed, .substitute, .cancelled])
        #expect(notes[1].text.contains("Vz Een afwezig (ziek); vervangen door Vz Twee"))
        #expect(notes[2].text.contains("geen medewerker RvdK"))
    }
}

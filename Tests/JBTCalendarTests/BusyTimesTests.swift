import JBTCore
import Testing
@testable import JBTCalendar

@Suite("Busy times from a participant's calendar")
struct BusyTimesTests {
    @Test("Events in any zone, all-day events, free-busy periods; transparent events are free")
    func read() throws {
        let text = """
        BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//NL\r
        BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261120T000000Z\r\nDTSTART:20261201T080000Z\r\nDTEND:20261201T093000Z\r\nEND:VEVENT\r
        BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;VALUE=DATE:20261203\r\nDTEND;VALUE=DATE:20261205\r\nEND:VEVENT\r
        BEGIN:VEVENT\r\nUID:c\r\nDTSTAMP:20261120T000000Z\r\nDTSTART:20261208T130000\r\nDTEND:20261208T140000\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r
        BEGIN:VEVENT\r\nUID:d\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;TZID=Europe/Amsterdam:20261209T233000\r\nDTEND;TZID=Europe/Amsterdam:20261210T010000\r\nEND:VEVENT\r
        BEGIN:VFREEBUSY\r\nUID:e\r\nDTSTAMP:20261120T000000Z\r\nFREEBUSY;FBTYPE=BUSY:20261215T100000Z/PT2H\r\nFREEBUSY;FBTYPE=FREE:20261216T100000Z/PT2H\r\nEND:VFREEBUSY\r
        END:VCALENDAR\r\n
        """
        let (busy, problems) = try #require(ICalendar.busyTimes(in: text))
        #expect(problems.isEmpty, "\(problems)")
        let d = { CivilDate(iso: $0)! }
        #expect(busy == [
            BusyInterval(date: d("2026-12-01"), start: 9 * 60, end: 10 * 60 + 30),          // UTC 08:00 = 09:00 local in winter
            BusyInterval(date: d("2026-12-03"), start: 0, end: 1440),                       // all day, two days
            BusyInterval(date: d("2026-12-04"), start: 0, end: 1440),
            BusyInterval(date: d("2026-12-09"), start: 23 * 60 + 30, end: 1440),            // across midnight
            BusyInterval(date: d("2026-12-10"), start: 0, end: 60),
            BusyInterval(date: d("2026-12-15"), start: 11 * 60, end: 13 * 60),              // free-busy, BUSY only
        ])
        #expect(ICalendar.busyTimes(in: "geen kalender") == nil, "no calendar: refused, not read as 'never busy'")
    }
}

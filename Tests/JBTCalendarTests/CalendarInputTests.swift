import Foundation
import JBTCore
import Testing
@testable import JBTCalendar

/// Calendar files as people and programs write them, and as an attacker would: limits with a
/// Dutch message, impossible dates and unknown zones refused, recurrences expanded within bounds.
@Suite("Calendar input: limits, dates, zones, recurrences")
struct CalendarInputTests {
    static let header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//NL\r\n"
    static let footer = "END:VCALENDAR\r\n"
    static func event(_ lines: String) -> String {
        header + "BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20261120T000000Z\r\n" + lines + "END:VEVENT\r\n" + footer
    }
    static let december = DateSpan(first: CivilDate(iso: "2026-11-01")!, last: CivilDate(iso: "2027-01-31")!)
    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test("One 10 MB line, 100,000 parameters, 100,000 events and deep nesting are refused with the line")
    func limits() throws {
        let line = Self.event("DTSTART:20261201T090000Z\r\nDESCRIPTION:" + String(repeating: "a", count: 10_000_000) + "\r\n")
        #expect(ICalendar.busyTimes(in: line)?.problems == ["regel 8: een regel van meer dan 1 MB"])
        #expect(ICalendar.read(line)?.problems == ["regel 8: een regel van meer dan 1 MB"])
        // A 10 MB value folded into 75-octet lines is one content line all the same.
        var folded = "DESCRIPTION:"
        for _ in 0..<140_000 { folded += String(repeating: "b", count: 74) + "\r\n " }
        #expect(ICalendar.busyTimes(in: Self.event(folded + "x\r\n"))?.problems == ["regel 7: een regel van meer dan 1 MB"])
        let parameters = Self.event("DESCRIPTION" + String(repeating: ";A=1", count: 100_000) + ":x\r\n")
        #expect(ICalendar.busyTimes(in: parameters)?.problems == ["regel 7: meer dan 1000 parameters bij één eigenschap"])
        var many = Self.header
        for n in 0..<100_000 {
            many += "BEGIN:VEVENT\r\nUID:\(n)\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nEND:VEVENT\r\n"
        }
        many += Self.footer
        #expect(ICalendar.busyTimes(in: many)?.problems == ["regel 124999: meer dan 25000 onderdelen (BEGIN:…) in één bestand"])
        let deep = Self.header + String(repeating: "BEGIN:VEVENT\r\n", count: 50_000) + Self.footer
        #expect(ICalendar.read(deep)?.problems == ["regel 13: onderdelen dieper genest dan 10 niveaus"])
    }

    @Test("An all-day event from year 1 to 9999 blocks only the days of the window")
    func hugeAllDay() throws {
        let text = Self.event("DTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:99991231\r\n")
        let (busy, problems) = try #require(ICalendar.busyTimes(in: text, window: Self.december))
        #expect(problems.isEmpty)
        #expect(busy.count == 92)   // 1 November 2026 through 31 January 2027
        #expect(busy.first == BusyInterval(date: day("2026-11-01"), start: 0, end: 1440))
        #expect(busy.last == BusyInterval(date: day("2027-01-31"), start: 0, end: 1440))
    }

    @Test("An impossible date is refused, never moved to another day")
    func impossibleDates() {
        let feb30 = Self.event("DTSTART:20260230T090000Z\r\nDTEND:20260230T100000Z\r\n")
        #expect(ICalendar.busyTimes(in: feb30)?.problems == ["regel 7: DTSTART 2026-02-30: deze datum bestaat niet"])
        let reply = feb30.replacingOccurrences(of: "VERSION:2.0\r\n", with: "VERSION:2.0\r\nMETHOD:REPLY\r\n")
        #expect(ICalendar.read(reply)?.problems == ["regel 8: DTSTART 2026-02-30: deze datum bestaat niet"])
        #expect(ICalendar.busyTimes(in: Self.event("DTSTART:20261301T090000Z\r\n"))?.problems
                == ["regel 7: DTSTART 2026-13-01: deze datum bestaat niet"])
        #expect(ICalendar.busyTimes(in: Self.event("DTSTART:20261201T250000Z\r\n"))?.problems
                == ["regel 7: DTSTART 2026-12-01 T250000Z: dit tijdstip bestaat niet"])
        let exdate = Self.event("DTSTART:20261201T090000Z\r\nRRULE:FREQ=DAILY;UNTIL=20270229T000000Z\r\n")
        #expect(ICalendar.busyTimes(in: exdate)?.problems == ["regel 8: RRULE UNTIL 2027-02-29: deze datum bestaat niet"])
        // 29 February in a leap year is a real day.
        #expect(ICalendar.busyTimes(in: Self.event("DTSTART;VALUE=DATE:20280229\r\n"))?.problems == [])
    }

    @Test("A TZID that no VTIMEZONE defines and no system knows is an error, not local time")
    func unknownZone() {
        let text = Self.event("DTSTART;TZID=Mars/Olympus:20261201T090000\r\nDTEND;TZID=Mars/Olympus:20261201T100000\r\n")
        #expect(ICalendar.busyTimes(in: text)?.problems
                == ["regel 7: onbekende tijdzone TZID=Mars/Olympus (geen VTIMEZONE in het bestand en geen bekende IANA-naam)"])
        // A plain IANA name without VTIMEZONE is known.
        let amsterdam = Self.event("DTSTART;TZID=Europe/Amsterdam:20261201T090000\r\nDTEND;TZID=Europe/Amsterdam:20261201T100000\r\n")
        #expect(ICalendar.busyTimes(in: amsterdam, window: Self.december)?.busy == [.init(date: day("2026-12-01"), start: 540, end: 600)])
    }

    @Test("Weekly busy time (RRULE) is expanded within the window, without EXDATEs, with its moved occurrence")
    func recurrence() throws {
        let text = Self.header + """
            BEGIN:VEVENT\r\nUID:r\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;TZID=Europe/Amsterdam:20261020T090000\r
            DTEND;TZID=Europe/Amsterdam:20261020T110000\r\nRRULE:FREQ=WEEKLY;UNTIL=20261222T230000Z\r
            EXDATE;TZID=Europe/Amsterdam:20261208T090000\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nUID:r\r\nDTSTAMP:20261120T000000Z\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20261215T090000\r
            DTSTART;TZID=Europe/Amsterdam:20261215T140000\r\nDTEND;TZID=Europe/Amsterdam:20261215T150000\r\nEND:VEVENT\r\n
            """ + Self.footer
        let (busy, problems) = try #require(ICalendar.busyTimes(in: text, window: Self.december))
        #expect(problems.isEmpty, "\(problems)")
        #expect(busy == [
            .init(date: day("2026-11-03"), start: 540, end: 660), .init(date: day("2026-11-10"), start: 540, end: 660),
            .init(date: day("2026-11-17"), start: 540, end: 660), .init(date: day("2026-11-24"), start: 540, end: 660),
            .init(date: day("2026-12-01"), start: 540, end: 660),
            .init(date: day("2026-12-15"), start: 840, end: 900),   // moved to the afternoon
            .init(date: day("2026-12-22"), start: 540, end: 660),
        ])
        // A rule that would need millions of steps to reach the window is refused.
        let minutely = Self.event("DTSTART:19000101T090000Z\r\nDTEND:19000101T090100Z\r\nRRULE:FREQ=MINUTELY\r\n")
        #expect(ICalendar.busyTimes(in: minutely, window: Self.december)?.problems
                == ["regel 9: de herhaling (RRULE) van afspraak x geeft meer dan 200000 keer vóór of in de planningsperiode"])
    }

    @Test("Newer standard properties (RFC 7986, 9074, 9253) do not make a calendar unreadable")
    func newerProperties() throws {
        let text = Self.header + "NAME:Werk\r\nCOLOR:teal\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nSOURCE;VALUE=URI:https://x.example/c.ics\r\n"
            + "BEGIN:VEVENT\r\nUID:n\r\nDTSTAMP:20261120T000000Z\r\nDTSTART:20261201T080000Z\r\nDTEND:20261201T090000Z\r\n"
            + "COLOR:red\r\nCONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=Bellen:https://meet.example/1\r\n"
            + "IMAGE;VALUE=URI;DISPLAY=BADGE;FMTTYPE=image/png:https://x.example/i.png\r\n"
            + "LINK;LINKREL=\"latest-version\";VALUE=URI:https://x.example/e\r\nCONCEPT:https://x.example/c\r\nREFID:pakket-1\r\n"
            + "RELATED-TO;RELTYPE=NEXT:other@example.org\r\n"
            + "BEGIN:VALARM\r\nUID:a\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:-PT15M\r\nACKNOWLEDGED:20261201T074500Z\r\n"
            + "PROXIMITY:ARRIVE\r\nEND:VALARM\r\nEND:VEVENT\r\n"
            + "BEGIN:VLOCATION\r\nUID:l\r\nNAME:Zaal 2\r\nEND:VLOCATION\r\n" + Self.footer
        let (busy, problems) = try #require(ICalendar.busyTimes(in: text, window: Self.december))
        #expect(problems.isEmpty, "\(problems)")
        #expect(busy == [.init(date: day("2026-12-01"), start: 540, end: 600)])
    }

    @Test("An Outlook export (a Windows zone name with its VTIMEZONE) and an Apple export are read at the right time")
    func exports() throws {
        let outlook = "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\n"
            + "X-MS-OLK-FORCEINSPECTOROPEN:TRUE\r\nBEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\n"
            + "DTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
            + "END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
            + "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nCLASS:PUBLIC\r\n"
            + "CREATED:20261101T101010Z\r\nDTEND;TZID=\"W. Europe Standard Time\":20261201T120000\r\nDTSTAMP:20261120T000000Z\r\n"
            + "DTSTART;TZID=\"W. Europe Standard Time\":20261201T100000\r\nPRIORITY:5\r\nSEQUENCE:0\r\nSUMMARY;LANGUAGE=nl:Overleg\r\n"
            + "TRANSP:OPAQUE\r\nUID:040000008200E00074C5B7101A82E008\r\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\n"
            + "X-MICROSOFT-CDO-IMPORTANCE:1\r\nX-MICROSOFT-DISALLOW-COUNTER:FALSE\r\nX-MS-OLK-CONFTYPE:0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let (busy, problems) = try #require(ICalendar.busyTimes(in: outlook, window: Self.december))
        #expect(problems.isEmpty, "\(problems)")
        #expect(busy == [.init(date: day("2026-12-01"), start: 600, end: 720)])

        let apple = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\nCALSCALE:GREGORIAN\r\n"
            + "X-WR-CALNAME:Werk\r\nX-APPLE-CALENDAR-COLOR:#1BADF8\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\nBEGIN:DAYLIGHT\r\n"
            + "TZOFFSETFROM:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nDTSTART:19810329T020000\r\nTZNAME:CEST\r\n"
            + "TZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
            + "DTSTART:19961027T030000\r\nTZNAME:CET\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\n"
            + "CREATED:20261101T101010Z\r\nUID:6B1C2B2E-1111-4A4A-9C9C-ABCDEFABCDEF\r\nDTEND;TZID=Europe/Amsterdam:20261202T153000\r\n"
            + "SUMMARY:Tandarts\r\nLAST-MODIFIED:20261101T101010Z\r\nDTSTAMP:20261101T101010Z\r\n"
            + "DTSTART;TZID=Europe/Amsterdam:20261202T143000\r\nSEQUENCE:0\r\nX-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC\r\n"
            + "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-APPLE-RADIUS=70;X-TITLE=\"Tandarts, Dorpsstraat 1\":geo:52.1,5.1\r\n"
            + "BEGIN:VALARM\r\nX-WR-ALARMUID:8E0B-1\r\nUID:8E0B-1\r\nTRIGGER:-PT30M\r\nATTACH;VALUE=URI:Chord\r\nACTION:AUDIO\r\n"
            + "END:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let read = try #require(ICalendar.busyTimes(in: apple, window: Self.december))
        #expect(read.problems.isEmpty, "\(read.problems)")
        #expect(read.busy == [.init(date: day("2026-12-02"), start: 870, end: 930)])
    }

    @Test("A refusal says in Dutch what was wrong, with the line and the property")
    func dutchRefusal() {
        let text = Self.event("DTSTART:2026120\r\nDTEND:20261201T100000Z\r\n")
        #expect(ICalendar.busyTimes(in: text)?.problems == ["regel 7: ongeldige waarde bij DTSTART"])
    }

    @Test("100,000 copies of one meeting are one busy time")
    func merged() throws {
        var text = Self.header
        for n in 0..<20_000 {
            text += "BEGIN:VEVENT\r\nUID:\(n)\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nEND:VEVENT\r\n"
        }
        text += Self.footer
        #expect(ICalendar.busyTimes(in: text, window: Self.december)?.busy == [.init(date: day("2026-12-01"), start: 600, end: 660)])
    }

    @Test("A reply's DTSTAMP and COMMENT are read")
    func replyStampAndComment() throws {
        let text = "BEGIN:VCALENDAR\r\nPRODID:-//t//NL\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:u@jbt\r\nSEQUENCE:2\r\n"
            + "DTSTAMP:20261125T120000Z\r\nCOMMENT:Ik kom iets later\\, rond 10 uur\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:A@example.org\r\n"
            + "END:VEVENT\r\nEND:VCALENDAR\r\n"
        let item = try #require(ICalendar.read(text)?.items.first)
        #expect(item.stamp == 1_795_608_000)   // 2026-11-25 12:00:00 UTC
        #expect(item.comment == "Ik kom iets later, rond 10 uur")
        #expect(item.sequence == 2)
        #expect(item.attendees == [.init(email: "a@example.org", partstat: "ACCEPTED")])
    }
}

@Suite("Child conversation invites")
struct ChildInviteTests {
    @Test("The child conversation's invite goes to the voorzitter, the RvdK officer and who brings the child")
    func attendees() throws {
        let invites = InvitePlanner.invites(for: registration(3, shielded: false), booking: booking, region: region,
                                            organizer: chair, boardOfficer: officer)
        let child = try #require(invites.first { $0.0 == .child }?.1)
        #expect(child.attendees.map(\.email) == ["rvdk@example.org", "lt3@example.org"])
        #expect(child.organizer.email == "vz@example.org")
        // Where the local team convenes (Flevoland), its worker organises: the voorzitter and the officer are invited.
        var flevoland = region
        flevoland.convener = .localTeam
        let local = InvitePlanner.invites(for: registration(3, shielded: false), booking: booking, region: flevoland,
                                          organizer: chair, boardOfficer: officer)
        let localChild = try #require(local.first { $0.0 == .child }?.1)
        #expect(localChild.organizer.email == "lt3@example.org")
        #expect(localChild.attendees.map(\.email) == ["vz@example.org", "rvdk@example.org"])
        #expect(!localChild.attendees.contains { $0.email == localChild.organizer.email }, "never the organiser alone")
    }
}

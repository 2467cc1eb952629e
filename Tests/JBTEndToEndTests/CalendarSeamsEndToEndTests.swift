import Foundation
import Testing

/// Invites that follow every change (the table's region and place, either week), replies read
/// as RFC 5546 says, and availability files bounded and checked (issue 15 §3 and §6).
@Suite("Calendar seams end to end", .serialized)
struct CalendarSeamsEndToEndTests {
    static let header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//NL\r\n"

    /// West and Oost staffed; six Westdorp cases for four West places: N-03 and N-06 go to Oost's table.
    static func neighbourWorkspace() throws -> Workspace {
        let w = Workspace()
        let roster = w.write("rooster-wo.yaml", """
        personen:
          - {id: vz-w, naam: "V. West (fictief)", rol: voorzitter, email: vz-west@example.org, regios: [west]}
          - {id: r-w, naam: "R. West (fictief)", rol: rvdk, email: rvdk-west@example.org, regios: [west]}
          - {id: vz-o, naam: "V. Oost (fictief)", rol: voorzitter, email: vz-oost@example.org, regios: [oost]}
          - {id: r-o, naam: "R. Oost (fictief)", rol: rvdk, email: rvdk-oost@example.org, regios: [oost]}
        inzet:
          - {persoon: vz-w, regio: west, dag: dinsdag}
          - {persoon: r-w, regio: west, dag: dinsdag}
          - {persoon: vz-o, regio: oost, dag: donderdag}
          - {persoon: r-o, regio: oost, dag: donderdag}
        """)
        #expect(try w.jbt("roster", "import", roster).status == 0)
        #expect(try w.jbt("intake", w.intakeFile("n.yaml", prefix: "N", count: 6)).status == 0)
        let plan = try decodePlan(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1", "--json"))
        #expect(plan.booked.filter { $0.region == "oost" }.map(\.reference).sorted() == ["N-03", "N-06"], "\(plan.booked)")
        return w
    }

    @Test("A case at a neighbour's table: its CANCEL is selected by that table's region and names that table's place")
    func neighbourCancel() throws {
        let w = try Self.neighbourWorkspace()
        let outbox = w.root + "/uit"
        #expect(try w.jbt("invites", "--week", "2026-W49", "--outbox", outbox).status == 0)
        #expect(try w.jbt("cancel", "N-03").status == 0)
        var run = try w.jbt("invites", "--week", "2026-W49", "--region", "west", "--outbox", outbox)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("0 geschreven"), "West's run does not send Oost's cancellation: \(run.stdout)")
        run = try w.jbt("invites", "--week", "2026-W49", "--region", "oost", "--outbox", outbox)
        #expect(run.stdout.contains("N-03-professionals_jbt-1-cancel.ics"), "\(run.stdout)")
        let cancel = try String(contentsOfFile: outbox + "/N-03-professionals_jbt-1-cancel.ics", encoding: .utf8)
        #expect(cancel.contains("METHOD:CANCEL\r\n"))
        #expect(cancel.contains("LOCATION:Stadhuis Oostdorp\r\n"), "the place it was booked at, not the home region's")
        let family = try String(contentsOfFile: outbox + "/N-03-gezin-1_jbt-1-cancel.ics", encoding: .utf8)
        #expect(family.contains("LOCATION:Stadhuis Oostdorp\r\n"))
    }

    @Test("A CANCEL names the place a Lua locatie rule chose")
    func cancelAtRulePlace() throws {
        let w = Workspace()
        w.write("plugins/west/regels.lua", """
        contract = 1
        function locatie(zaak, plek) if zaak.gemeente == "Westdorp" then return "Dorpshuis Westdorp" end return nil end
        """)
        let manifest = w.root + "/plugins/west/regio.yaml"
        w.write("plugins/west/regio.yaml", try String(contentsOfFile: manifest, encoding: .utf8)
                + "\nregels:\n  bestand: regels.lua\n  contract: 1\n")
        try w.plannedWest(prefix: "L", count: 1)
        let outbox = w.root + "/uit"
        #expect(try w.jbt("invites", "--week", "2026-W49", "--outbox", outbox).status == 0)
        let request = try String(contentsOfFile: outbox + "/L-01-gezin-1_jbt-0-request.ics", encoding: .utf8)
        #expect(request.contains("LOCATION:Dorpshuis Westdorp\r\n"))
        #expect(try w.jbt("cancel", "L-01").status == 0)
        #expect(try w.jbt("invites", "--week", "2026-W49", "--outbox", outbox).status == 0)
        let cancel = try String(contentsOfFile: outbox + "/L-01-gezin-1_jbt-1-cancel.ics", encoding: .utf8)
        #expect(cancel.contains("LOCATION:Dorpshuis Westdorp\r\n"), "\(cancel)")
    }

    @Test("A case moved to another week gets its update on the next run of either week")
    func movedWeek() throws {
        for week in ["2026-W49", "2026-W50"] {
            let w = Workspace()
            try w.plannedWest(prefix: "M", count: 1)
            let outbox = w.root + "/uit"
            #expect(try w.jbt("invites", "--week", "2026-W49", "--outbox", outbox).status == 0)
            #expect(try w.jbt("reschedule", "M-01", "--from", "2026-11-30", "--weeks", "2").status == 0)
            let run = try w.jbt("invites", "--week", week, "--outbox", outbox)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("M-01-professionals_jbt-1-request.ics"), "run of \(week): \(run.stdout)")
            let update = try String(contentsOfFile: outbox + "/M-01-professionals_jbt-1-request.ics", encoding: .utf8)
            #expect(update.contains("DTSTART;TZID=Europe/Amsterdam:20261208T"))
            // The other week's run then has nothing new.
            let other = week == "2026-W49" ? "2026-W50" : "2026-W49"
            #expect(try w.jbt("invites", "--week", other, "--outbox", outbox).stdout.contains("0 geschreven"))
        }
    }

    static func reply(_ who: String, _ partstat: String, sequence: Int, stamp: String, uid: String = "R-01-professionals@jbt",
                      comment: String? = nil) -> String {
        "BEGIN:VCALENDAR\r\nPRODID:-//test//NL\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:\(uid)\r\n"
            + "SEQUENCE:\(sequence)\r\nDTSTAMP:\(stamp)\r\nORGANIZER:mailto:vz-west@example.org\r\n"
            + (comment.map { "COMMENT:\($0)\r\n" } ?? "")
            + "ATTENDEE;PARTSTAT=\(partstat):mailto:\(who)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    }

    @Test("Replies: SEQUENCE above what was sent refused, the later DTSTAMP wins, COMMENT kept and shown, who answered what")
    func replies() throws {
        let w = Workspace()
        try w.plannedWest(prefix: "R", count: 2)
        #expect(try w.jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit").status == 0)
        let ahead = w.write("ahead.ics", Self.reply("rvdk-west@example.org", "ACCEPTED", sequence: 5, stamp: "20261125T120000Z"))
        var run = try w.jbt("invites", "import", ahead)
        #expect(run.stdout.hasPrefix("0 antwoord(en) verwerkt"), "\(run.stdout)")
        #expect(run.stdout.contains("SEQUENCE 5, hoger dan ooit verstuurd (0); geweigerd"), "\(run.stdout)")

        // The later answer (declined, 12:00) is read first; the earlier (accepted, 10:00) after it does not win.
        let later = w.write("later.ics", Self.reply("rvdk-west@example.org", "DECLINED", sequence: 0, stamp: "20261125T120000Z",
                                                    comment: "Ik ben die dag op cursus"))
        let earlier = w.write("earlier.ics", Self.reply("rvdk-west@example.org", "ACCEPTED", sequence: 0, stamp: "20261125T100000Z"))
        run = try w.jbt("invites", "import", later, earlier)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("1 antwoord(en) verwerkt uit 2 bestand(en)."), "\(run.stdout)")
        #expect(run.stdout.contains("opmerking \"Ik ben die dag op cursus\""), "\(run.stdout)")
        #expect(run.stdout.contains("earlier.ics: antwoord van rvdk-west@example.org op R-01-professionals@jbt is ouder (DTSTAMP)"),
                "\(run.stdout)")
        run = try w.jbt("agenda", "--region", "west", "--week", "2026-W49")
        #expect(run.stdout.contains("uitnodigingen: 1 afgewezen, 2 geen antwoord"), "\(run.stdout)")
        #expect(run.stdout.contains("afgewezen: R. West (fictief) (\"Ik ben die dag op cursus\")"), "\(run.stdout)")
        #expect(run.stdout.contains("geen antwoord: Ouder 1 (fictief), Lokaal team (fictief)"), "\(run.stdout)")

        // A reply only as an application/ics attachment (no text/calendar part) is found.
        let attached = Data(Self.reply("lt@example.org", "ACCEPTED", sequence: 0, stamp: "20261125T130000Z").utf8)
        let mail = w.write("bijlage.eml", """
            From: lt@example.org\r\nTo: vz-west@example.org\r\nSubject: Re: uitnodiging\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/mixed; boundary="m1"\r\n\r\n--m1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nIk kom.\r\n\
            --m1\r\nContent-Type: application/ics; name="invite.ics"\r\nContent-Disposition: attachment; filename="invite.ics"\r\n\
            Content-Transfer-Encoding: base64\r\n\r\n\(attached.base64EncodedString())\r\n--m1--\r\n
            """)
        run = try w.jbt("invites", "import", mail)
        #expect(run.stdout.hasPrefix("1 antwoord(en) verwerkt uit 1 bestand(en)."), "\(run.stdout)")
        run = try w.jbt("agenda", "--region", "west", "--week", "2026-W49")
        #expect(run.stdout.contains("geaccepteerd: Lokaal team (fictief)"), "\(run.stdout)")

        // A reply to a cancelled invite is reported, not recorded.
        #expect(try w.jbt("cancel", "R-02").status == 0)
        #expect(try w.jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit").status == 0)
        let toCancelled = w.write("geannuleerd.ics", Self.reply("ouder2@example.org", "ACCEPTED", sequence: 0,
                                                                stamp: "20261126T120000Z", uid: "R-02-gezin-1@jbt"))
        run = try w.jbt("invites", "import", toCancelled)
        #expect(run.stdout.hasPrefix("0 antwoord(en) verwerkt"), "\(run.stdout)")
        #expect(run.stdout.contains("antwoord op R-02-gezin-1@jbt, maar die uitnodiging is geannuleerd; niet verwerkt"), "\(run.stdout)")

        // Every reply not recorded says why: no ATTENDEE, an unknown PARTSTAT.
        let noAttendee = w.write("leeg.ics", Self.reply("x", "ACCEPTED", sequence: 0, stamp: "20261125T120000Z")
            .replacingOccurrences(of: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:x\r\n", with: ""))
        let odd = w.write("vreemd.ics", Self.reply("lt@example.org", "COMPLETED", sequence: 0, stamp: "20261127T120000Z"))
        run = try w.jbt("invites", "import", noAttendee, odd)
        #expect(run.stdout.contains("leeg.ics: antwoord op R-01-professionals@jbt zonder ATTENDEE; overgeslagen"), "\(run.stdout)")
        #expect(run.stdout.contains("vreemd.ics: antwoord van lt@example.org met onbekende PARTSTAT COMPLETED; overgeslagen"),
                "\(run.stdout)")
    }

    @Test("An .eml nested 50,000 deep is refused with a Dutch reason")
    func deepMail() throws {
        let w = Workspace()
        let depth = 50_000
        let opening = (0..<depth).reversed().map { "Content-Type: multipart/mixed; boundary=\"b\($0)\"\r\n\r\n--b\($0)\r\n" }
        let closing = (0..<depth).map { "\r\n--b\($0)--\r\n" }
        let body = opening.joined() + "Content-Type: text/plain\r\n\r\nx\r\n" + closing.joined()
        let path = w.write("diep.eml", "From: a@example.org\r\nMIME-Version: 1.0\r\n" + body)
        let run = try w.jbt("invites", "import", path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("diep.eml: e-mail dieper genest dan 20 delen; overgeslagen"), "\(run.stdout)")
    }

    @Test("Availability: only the horizon is stored, an empty file keeps the earlier times, bookings hit are named")
    func availability() throws {
        let w = Workspace()
        try w.plannedWest(prefix: "A", count: 1)
        // Free/busy from 1900 to 2999, one busy weekday morning a year: only the horizon's days are kept.
        var periods = ""
        for year in 1900...2999 { periods += "FREEBUSY:\(year)0101T080000Z/\(year)0101T100000Z\r\n" }
        let wide = w.write("wijd.ics", Self.header + "BEGIN:VFREEBUSY\r\nUID:f\r\nDTSTAMP:20261120T000000Z\r\n"
                           + periods + "END:VFREEBUSY\r\nEND:VCALENDAR\r\n")
        var run = try w.jbt(["availability", "import", wide, "--person", "vz-w"], environment: ["JBT_TODAY": "2026-11-25"])
        #expect(run.status == 0, "\(run.stderr)")
        // 2026-11-25 − 366 days to + 735 days: 1 January of 2026, 2027 and 2028.
        #expect(run.stdout.hasPrefix("3 bezette tijd(en) ingelezen voor vz-w (do 1 jan 2026 t/m za 1 jan 2028)"), "\(run.stdout)")

        // A file without busy times does not wipe them.
        let empty = w.write("leeg.ics", Self.header + "BEGIN:VEVENT\r\nUID:t\r\nDTSTAMP:20261120T000000Z\r\n"
                            + "DTSTART:20261201T080000Z\r\nDTEND:20261201T090000Z\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        run = try w.jbt(["availability", "import", empty, "--person", "vz-w"], environment: ["JBT_TODAY": "2026-11-25"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("de 3 eerder ingelezen bezette tijd(en) van vz-w blijven staan"), "\(run.stderr)")

        // Weekly busy Tuesday mornings (RRULE): the booked conversation on 1 December is hit and named.
        let weekly = w.write("wekelijks.ics", Self.header + "BEGIN:VEVENT\r\nUID:w\r\nDTSTAMP:20261120T000000Z\r\n"
                             + "DTSTART;TZID=Europe/Amsterdam:20261103T083000\r\nDTEND;TZID=Europe/Amsterdam:20261103T170000\r\n"
                             + "RRULE:FREQ=WEEKLY;COUNT=5\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        run = try w.jbt(["availability", "import", weekly, "--person", "vz-w"], environment: ["JBT_TODAY": "2026-11-25"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("5 bezette tijd(en) ingelezen voor vz-w (di 3 nov 2026 t/m di 1 dec 2026)"), "\(run.stdout)")
        #expect(run.stdout.contains("Let op: bezet tijdens 1 geboekt(e) gesprek(ken)"), "\(run.stdout)")
        #expect(run.stdout.range(of: #"\n  A-01 op di 1 dec 2026 \d\d:\d\d–\d\d:\d\d \(west, tafel 1\)\n"#,
                                 options: .regularExpression) != nil, "\(run.stdout)")

        // An unknown zone is refused with the line, not read as local time.
        let mars = w.write("mars.ics", Self.header + "BEGIN:VEVENT\r\nUID:m\r\nDTSTAMP:20261120T000000Z\r\n"
                           + "DTSTART;TZID=Mars/Olympus:20261201T090000\r\nDTEND;TZID=Mars/Olympus:20261201T100000\r\n"
                           + "END:VEVENT\r\nEND:VCALENDAR\r\n")
        run = try w.jbt(["availability", "import", mars, "--case", "A-01"], environment: ["JBT_TODAY": "2026-11-25"])
        #expect(run.status == 1)
        #expect(run.stderr == "fout: \(mars): regel 7: onbekende tijdzone TZID=Mars/Olympus (geen VTIMEZONE in het bestand "
                + "en geen bekende IANA-naam)\n", "\(run.stderr)")
    }
}

/// The same against a real CalDAV server: the event of a case at a neighbour's table is deleted
/// from the calendar it was published to, and a DELETE that finds nothing is reported.
@Suite("CalDAV seams end to end", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"] != nil))
struct CalDAVSeamsEndToEndTests {
    @Test("Cancelling a case at Oost's table deletes it from Oost's calendar; a 404 is reported")
    func neighbourDelete() throws {
        let server = try CalDAVEndToEndTests.Radicale()
        let w = try CalendarSeamsEndToEndTests.neighbourWorkspace()
        let env = ["JBT_CALDAV_URL": server.url]
        func jbt(_ arguments: String...) throws -> JBTRun { try w.jbt(arguments, environment: env) }
        var run = try jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try server.get("oost/N-03-professionals_jbt.ics").0 == 200)
        #expect(try server.get("oost/N-06-professionals_jbt.ics").0 == 200)
        #expect(try w.jbt("cancel", "N-03").status == 0)
        run = try jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try server.get("oost/N-03-professionals_jbt.ics").0 == 404, "gone from the table it was booked at")
        #expect(!run.stdout.contains("CalDAV 404"), "\(run.stdout)")

        // Someone removed N-06's event by hand: the DELETE finds nothing, and jbt says so.
        let remove = try Harness.run(["-c", """
            import sys, urllib.request
            urllib.request.urlopen(urllib.request.Request(sys.argv[1], method='DELETE'), timeout=10)
            """, server.url + "oost/N-06-professionals_jbt.ics"], executable: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"]!)
        #expect(remove.status == 0, "\(remove.stderr)")
        #expect(try w.jbt("cancel", "N-06").status == 0)
        run = try jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Let op: N-06: N-06-professionals@jbt stond niet (meer) in de tafelagenda van oost (CalDAV 404)"),
                "\(run.stdout)")
        withExtendedLifetime(server) {}
    }
}

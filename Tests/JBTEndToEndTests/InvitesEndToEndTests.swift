import Foundation
import JBTCalendar
import Testing

@Suite("jbt invites end to end", .serialized)
struct InvitesEndToEndTests {
    func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".ics") }.sorted()
    }

    @Test("The RFC 2446 corpus imports without a crash; every message not used is reported",
          .enabled(if: FileManager.default.fileExists(atPath: Harness.repositoryRoot + "/../shared/corpora/itip-rfc2446")))
    func corpus() throws {
        let w = Workspace()
        let folder = Harness.repositoryRoot + "/../shared/corpora/itip-rfc2446"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".ics") }.sorted().map { folder + "/" + $0 }
        let run = try w.jbt(["invites", "import"] + files)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("0 antwoord(en) verwerkt uit 53 bestand(en)."))
        // 43 messages are not replies; the 10 replies answer invitations this store never sent.
        #expect(run.stdout.components(separatedBy: "geen antwoord op een uitnodiging; overgeslagen").count - 1 == 43)
        #expect(run.stdout.components(separatedBy: "antwoord op een onbekende uitnodiging").count - 1 >= 10)
    }

    /// Every invite, update and cancellation jbt writes for the bundled sample passes three
    /// independent Python parsers (icalendar, vobject with validate=True, the strict `ical`).
    /// `make test` provides them in a virtualenv; run alone, `swift test` skips this visibly.
    @Test("The sample's invites pass icalendar, vobject and ical",
          .enabled(if: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"] != nil))
    func independentParsers() throws {
        let store = NSTemporaryDirectory() + "jbt-inv-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: store) }
        func jbt(_ arguments: String...) throws -> JBTRun {
            try Harness.run(arguments + ["--store", store + "/s.sqlite"], cwd: NSTemporaryDirectory())
        }
        let samples = Harness.repositoryRoot + "/Samples/"
        #expect(try jbt("roster", "import", samples + "rooster.yaml").status == 0)
        #expect(try jbt("intake", samples + "aanmeldingen.yaml").status == 0)
        #expect(try jbt("plan", "--from", "2026-11-30", "--weeks", "3").status == 0)
        let outbox = store + "/uit"
        #expect(try jbt("invites", "--week", "2026-W49", "--outbox", outbox).status == 0)
        #expect(try jbt("cancel", "JBT-FV-2026-0001").status == 0)
        #expect(try jbt("invites", "--week", "2026-W49", "--outbox", outbox).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".ics") }.sorted().map { outbox + "/" + $0 }
        #expect(files.count > 50)
        #expect(files.contains { $0.hasSuffix("-cancel.ics") })
        let python = ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"]!
        let check = try Harness.run([Harness.repositoryRoot + "/Tests/tools/check_ics.py"] + files, executable: python)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.hasSuffix("\(files.count) files, 0 problems\n"))
    }

    @Test("REQUEST once, nothing new the second time, an update after reschedule, a CANCEL to the same people")
    func lifecycle() throws {
        let w = Workspace()
        try w.plannedWest(prefix: "I", count: 2)
        let outbox = w.root + "/uit"
        var run = try w.jbt("invites", "--week", "2026-W49", "--region", "west", "--outbox", outbox)
        #expect(run.status == 0, "\(run.stderr)")
        // Two cases, each: professionals (RvdK + referrer) and one parent.
        #expect(files(outbox) == ["I-01-gezin-1_jbt-0-request.ics", "I-01-professionals_jbt-0-request.ics",
                                  "I-02-gezin-1_jbt-0-request.ics", "I-02-professionals_jbt-0-request.ics"])
        for name in files(outbox) where !name.hasSuffix(".eml") {
            let text = try String(contentsOfFile: outbox + "/" + name, encoding: .utf8)
            #expect(ICalendar.problems(in: text).isEmpty, "\(name)")
            #expect(!text.contains("Ouder 2 (fictief)") || name.hasPrefix("I-02-gezin"), "a parent only in their own copy")
        }
        // The iMIP mails, read back by Python's standard e-mail parser: one per recipient, the
        // calendar part's method equal to METHOD, and the calendar itself unchanged.
        let mails = ((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(mails.count == 6, "\(mails)")   // professionals: RvdK + referrer; each parent copy: one
        let check = try Harness.run(["-c", """
        import email, sys
        from email import policy
        m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
        assert m.get_content_type() == 'multipart/alternative', m.get_content_type()
        parts = {p.get_content_type(): p for p in m.iter_parts()}
        cal = parts['text/calendar']
        assert cal.get_param('method') == 'REQUEST'
        body = cal.get_content()
        assert body.replace('\\r\\n', '\\n') == open(sys.argv[2], encoding='utf-8').read().replace('\\r\\n', '\\n')
        assert 'METHOD:REQUEST' in body
        print(m['To'])
        """, outbox + "/I-01-professionals_jbt-0-request-rvdk-west_example.org.eml", outbox + "/I-01-professionals_jbt-0-request.ics"],
                                    executable: "/usr/bin/env", prefix: ["python3"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("rvdk-west@example.org"))
        #expect(!check.stdout.contains("lt@example.org"), "one recipient per mail")
        let professionals = try String(contentsOfFile: outbox + "/I-01-professionals_jbt-0-request.ics", encoding: .utf8)
        #expect(professionals.contains("ORGANIZER;CN=V. West (fictief):mailto:vz-west@example.org"))
        #expect(professionals.contains("mailto:rvdk-west@example.org"))
        #expect(!professionals.contains("Ouder"))

        run = try w.jbt("invites", "--week", "2026-W49", "--region", "west", "--outbox", outbox)
        #expect(run.stdout.contains("0 geschreven, 4 ongewijzigd"))

        // Answers: the RvdK officer accepts (.ics), the referrer declines (an iMIP e-mail).
        func reply(_ who: String, _ partstat: String, sequence: Int) -> String {
            """
            BEGIN:VCALENDAR\r\nPRODID:-//test//NL\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n\
            UID:I-01-professionals@jbt\r\nSEQUENCE:\(sequence)\r\nDTSTAMP:20261125T120000Z\r\n\
            ORGANIZER:mailto:vz-west@example.org\r\nATTENDEE;PARTSTAT=\(partstat):MAILTO:\(who)\r\n\
            END:VEVENT\r\nEND:VCALENDAR\r\n
            """
        }
        let accepted = w.write("antwoord-rvdk.ics", reply("RVDK-west@example.org", "ACCEPTED", sequence: 0))
        let declinedMail = w.write("antwoord-lt.eml", """
            From: lt@example.org\r\nTo: vz-west@example.org\r\nSubject: Afgewezen\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nNee\r\n\
            --b1\r\nContent-Type: text/calendar; method=REPLY; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n\
            \(Data(reply("lt@example.org", "DECLINED", sequence: 0).utf8).base64EncodedString())\r\n--b1--\r\n
            """)
        run = try w.jbt("invites", "import", accepted, declinedMail)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("2 antwoord(en) verwerkt uit 2 bestand(en)."), "\(run.stdout)")
        run = try w.jbt("agenda", "--region", "west", "--week", "2026-W49")
        #expect(run.stdout.contains("uitnodigingen: 1 geaccepteerd, 1 afgewezen, 1 geen antwoord"), "\(run.stdout)")

        // I-01 moves to the next week: the same UIDs, SEQUENCE 1.
        _ = try w.jbt("reschedule", "I-01", "--from", "2026-11-30", "--weeks", "2")
        run = try w.jbt("invites", "--week", "2026-W50", "--region", "west", "--outbox", outbox)
        #expect(run.stdout.contains("I-01-professionals_jbt-1-request.ics"))
        let update = try String(contentsOfFile: outbox + "/I-01-professionals_jbt-1-request.ics", encoding: .utf8)
        #expect(update.contains("UID:I-01-professionals@jbt\r\n"))
        #expect(update.contains("SEQUENCE:1\r\n"))
        #expect(update.contains("DTSTART;TZID=Europe/Amsterdam:20261208T"))
        // An answer to the old version no longer counts, and importing it again is reported as stale.
        run = try w.jbt("agenda", "--region", "west", "--week", "2026-W50")
        #expect(run.stdout.contains("uitnodigingen: 3 geen antwoord"), "\(run.stdout)")
        run = try w.jbt("invites", "import", accepted)
        #expect(run.stdout.contains("verouderd antwoord op I-01-professionals@jbt (SEQUENCE 0, verstuurd 1); genegeerd"), "\(run.stdout)")

        // I-02 is cancelled: a CANCEL to exactly who had it.
        _ = try w.jbt("cancel", "I-02")
        run = try w.jbt("invites", "--week", "2026-W49", "--region", "west", "--outbox", outbox)
        #expect(run.stdout.contains("2 geschreven"))
        let cancel = try String(contentsOfFile: outbox + "/I-02-gezin-1_jbt-1-cancel.ics", encoding: .utf8)
        #expect(ICalendar.problems(in: cancel).isEmpty)
        #expect(cancel.contains("METHOD:CANCEL\r\n"))
        #expect(cancel.contains("mailto:ouder2@example.org"))
        #expect(!cancel.contains("mailto:ouder1@example.org"))
        run = try w.jbt("invites", "--week", "2026-W49", "--region", "west", "--outbox", outbox)
        #expect(run.stdout.contains("0 geschreven"), "sending twice sends nothing new")

        // One case only (--case): a new case J-01 gets its invites, nothing else is written.
        _ = try w.jbt("intake", w.intakeFile("j.yaml", prefix: "J", count: 1))
        _ = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1")
        run = try w.jbt("invites", "--week", "2026-W49", "--case", "J-01", "--outbox", w.root + "/een")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(files(w.root + "/een") == ["J-01-gezin-1_jbt-0-request.ics", "J-01-professionals_jbt-0-request.ics"])
    }
}

@Suite("jbt availability end to end")
struct AvailabilityEndToEndTests {
    @Test("A substitute takes the RvdK officer's place: the substitute gets the update, the officer a CANCEL, the rest the update")
    func substituteOfficer() throws {
        let w = Workspace()
        try w.plannedWest(prefix: "V", count: 1)
        let outbox = w.root + "/uit"
        var run = try w.jbt("invites", "--week", "2026-W49", "--outbox", outbox)
        #expect(run.status == 0, "\(run.stderr)")
        // The officer is ill on the table day; a colleague serving West takes over.
        let roster = w.write("rooster2.yaml", """
        personen:
          - {id: vz-w, naam: "V. West (fictief)", rol: voorzitter, email: vz-west@example.org, regios: [west]}
          - {id: r-w, naam: "R. West (fictief)", rol: rvdk, email: rvdk-west@example.org, regios: [west]}
          - {id: r-x, naam: "R. Invaller (fictief)", rol: rvdk, email: rvdk-invaller@example.org, regios: [west]}
        inzet:
          - {persoon: vz-w, regio: west, dag: dinsdag}
          - {persoon: r-w, regio: west, dag: dinsdag}
        afwezigheid:
          - {persoon: r-w, van: 2026-12-01, tot: 2026-12-01, reden: ziek}
        """)
        #expect(try w.jbt("roster", "import", roster).status == 0)
        run = try w.jbt("invites", "--week", "2026-W49", "--outbox", outbox)
        #expect(run.status == 0, "\(run.stderr)")
        let all = (try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []
        let update = try String(contentsOfFile: outbox + "/V-01-professionals_jbt-1-request.ics", encoding: .utf8)
        #expect(update.contains("mailto:rvdk-invaller@example.org"))
        #expect(!update.contains("rvdk-west@example.org"))
        let cancel = try String(contentsOfFile: outbox + "/V-01-professionals_jbt-1-cancel.ics", encoding: .utf8)
        #expect(ICalendar.problems(in: cancel).isEmpty)
        #expect(cancel.contains("METHOD:CANCEL") && cancel.contains("UID:V-01-professionals@jbt"))
        #expect(cancel.contains("mailto:rvdk-west@example.org") && !cancel.contains("lt@example.org"),
                "the CANCEL goes to the dropped officer only")
        let mails = all.filter { $0.hasPrefix("V-01-professionals_jbt-1-") && $0.hasSuffix(".eml") }.sorted()
        #expect(mails == ["V-01-professionals_jbt-1-cancel-rvdk-west_example.org.eml",
                          "V-01-professionals_jbt-1-request-lt_example.org.eml",
                          "V-01-professionals_jbt-1-request-rvdk-invaller_example.org.eml"], "\(mails)")
        #expect(!all.contains { $0.hasPrefix("V-01-gezin-1_jbt-1") }, "the family's copy did not change")
        // Sent once: nothing new the next time.
        run = try w.jbt("invites", "--week", "2026-W49", "--outbox", outbox)
        #expect(run.stdout.contains("0 geschreven"), "\(run.stdout)")
    }

    @Test("A voorzitter's busy morning and a family's busy day are planned around")
    func plannedAround() throws {
        let w = Workspace()
        let roster = w.westRoster()
        _ = try w.jbt("roster", "import", roster)
        _ = try w.jbt("intake", w.intakeFile("in.yaml", prefix: "A", count: 3))
        // The voorzitter is busy on Tue 1 Dec 09:00–12:00 (local): the 09:00 and 10:45 conversations go.
        let chair = w.write("vz.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//NL\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;TZID=Europe/Amsterdam:20261201T090000\r\nDTEND;TZID=Europe/Amsterdam:20261201T120000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        var run = try w.jbt("availability", "import", chair, "--person", "vz-w")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 bezette tijd(en) ingelezen voor vz-w"))
        // Family A-01 is busy all of Tue 1 Dec.
        let family = w.write("gezin.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//NL\r\nBEGIN:VEVENT\r\nUID:y\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        run = try w.jbt("availability", "import", family, "--case", "A-01")
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try decodePlan(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "2", "--proef", "--json"))
        let westFirst = plan.booked.filter { $0.region == "west" && $0.date == "2026-12-01" }
        #expect(!westFirst.contains { $0.start == "09:00" || $0.start == "10:45" }, "\(westFirst)")
        #expect(!plan.booked.contains { $0.reference == "A-01" && $0.date == "2026-12-01" })
        run = try w.jbt("availability", "import", family, "--person", "vz-w", "--case", "A-01")
        #expect(run.status == 1)
        #expect(run.stderr == "fout: geef precies één van --person of --case\n")
    }
}

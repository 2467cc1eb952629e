import Foundation
import Testing

@Suite("jbt end to end", .serialized)
struct EndToEndTests {
    @Test("Plan books within the norm, overflows to the neighbour, and explains the rest")
    func planWithOverflow() throws {
        let w = Workspace()
        // Complete Fri 27 Nov: earliest Mon 30 Nov, deadline Fri 11 Dec. Within the norm: West on
        // Tue 1 and 8 Dec (4 places each) and Oost on Thu 3 and 10 Dec (4 each): 16 places for 18 cases.
        let file = w.intakeFile("in.yaml", prefix: "W", count: 18)
        var run = try w.jbt("intake", file)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("18 aanmelding(en) geregistreerd"))

        run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "4", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try decodePlan(run)
        #expect(plan.booked.count == 18)
        #expect(plan.booked.filter(\.withinNorm).count == 16)
        #expect(plan.booked.filter { $0.region == "oost" }.count == 8)
        // The two that cannot make it wait for West's next table, Tue 15 Dec (22 and 29 Dec are closed).
        #expect(plan.misses.count == 2)
        #expect(plan.misses.allSatisfy { $0.bookedOn == "2026-12-15" })
        #expect(plan.misses.allSatisfy { $0.explanation.contains("alle 8 passende plekken in Regio West") && $0.explanation.contains("zijn ook bezet") })
        #expect(plan.bottlenecks == ["In de regio's Regio Oost en Regio West tussen di 1 dec 2026 en do 10 dec 2026 concurreren 18 aanmeldingen om 16 plekken; 2 halen de norm niet."])
        #expect(plan.objective == plan.lowerBound, "without child conversations the flow is exact")

        // The wachttijdsignalering names the escalation contact and both cases.
        run = try w.jbt("signalering", "--region", "west")
        #expect(run.stdout.contains("Wachttijdsignalering Regio West — aan W. Escalatie (fictief)"))
        #expect(run.stdout.contains("2 aanmelding(en) halen de norm van 14 dagen niet"))
    }

    @Test("The agenda shows times, references and who is expected; child conversations come first")
    func agenda() throws {
        let w = Workspace()
        // Children born 2010: 16 years old, so a child conversation before the table conversation.
        var run = try w.jbt("intake", w.intakeFile("in.yaml", prefix: "K", count: 2, childBirth: "2010-03-01"))
        #expect(run.status == 0, "\(run.stderr)")
        run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "2", "--json")
        let plan = try decodePlan(run)
        // West's 09:00 has no room before it; 10:45 has, but blocks 09:00; so one at 10:45 (or
        // 12:30/14:15) and never two that overlap.
        #expect(plan.booked.count == 2)
        #expect(plan.booked.allSatisfy { $0.childConversation != nil })
        #expect(!plan.booked.contains { $0.region == "west" && $0.start == "09:00" })
        let week = plan.booked.first { $0.region == "west" }.map { _ in "2026-W49" } ?? "2026-W49"
        run = try w.jbt("agenda", "--region", "west", "--week", week)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Agenda Regio West, week 2026-W49"))
        #expect(run.stdout.contains("kindgesprek zonder ouders: K.1. (16)") || run.stdout.contains("kindgesprek zonder ouders: K.2. (16)"))
        #expect(run.stdout.contains("verwacht: voorzitter, RvdK, ouder, aanmelder (Lokaal team Westdorp), GI op afroep"))
        #expect(!run.stdout.contains("Ouder 1 (fictief)"), "the agenda names no family members")
    }

    @Test("Cancel and reschedule move only the case asked for")
    func cancelAndReschedule() throws {
        let w = Workspace()
        _ = try w.jbt("intake", w.intakeFile("in.yaml", prefix: "C", count: 6))
        let before = try decodePlan(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "3", "--json")).booked
        #expect(before.count == 6)

        var run = try w.jbt("cancel", "C-01")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("C-01 geannuleerd."))
        let old = before.first { $0.reference == "C-03" }!
        run = try w.jbt("reschedule", "C-03", "--from", "2026-11-30", "--weeks", "3", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let moved = try decodePlan(run).booked
        #expect(moved.count == 1)
        #expect(moved[0].reference == "C-03")
        #expect(moved[0].date != old.date, "the old date is no longer possible for this family")

        // Nothing else moved: a dry run that books nothing new shows the others where they were.
        run = try w.jbt("agenda", "--region", "west", "--week", "2026-W49")
        for b in before where !["C-01", "C-03"].contains(b.reference) && b.region == "west" && b.date == "2026-12-01" {
            #expect(run.stdout.contains("\(b.start)–"), "\(b.reference) still at \(b.start)")
            #expect(run.stdout.contains(b.reference))
        }
        #expect(!run.stdout.contains("C-01"))
        run = try w.jbt("cancel", "C-01")
        #expect(run.status == 1)
        #expect(run.stderr == "fout: C-01 is al geannuleerd\n")
        run = try w.jbt("log")
        #expect(run.stdout.contains("cancel C-01: geannuleerd; plek"))
        #expect(run.stdout.contains("reschedule C-03: geboeking"))
    }

    @Test("Bad input: a clear Dutch message with file, line and field, exit 1, nothing written")
    func badInputWritesNothing() throws {
        let w = Workspace()
        _ = try w.jbt("intake", w.intakeFile("ok.yaml", prefix: "A", count: 2))
        let bad = w.write("bad.yaml", try String(contentsOfFile: w.intakeFile("b.yaml", prefix: "B", count: 3), encoding: .utf8)
            .replacingOccurrences(of: "referentie: B-02\n    gemeente: Westdorp", with: "referentie: B-02\n    gemeente: Atlantis"))
        var run = try w.jbt("intake", bad)
        #expect(run.status == 1)
        #expect(run.stderr == "fout: \(bad), regel 9, veld aanmeldingen[2].gemeente: onbekende gemeente \"Atlantis\": geen geladen regio-plugin noemt haar\n")

        // A duplicate of a stored reference refuses the whole file.
        let dup = w.intakeFile("dup.yaml", prefix: "A", count: 3)
        run = try w.jbt("intake", dup)
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(dup), regel 2, veld aanmeldingen[1].referentie: referentie A-01 is al geregistreerd"))
        run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "2", "--proef", "--json")
        #expect(try decodePlan(run).booked.map(\.reference).sorted() == ["A-01", "A-02"], "B-* and A-03 were not registered")

        run = try w.jbt("plan", "--from", "2026-02-30")
        #expect(run.status != 0)
        #expect(run.stderr.contains("\"2026-02-30\" is geen geldige datum"))
        run = try w.jbt("agenda", "--region", "noord", "--week", "2026-W49")
        #expect(run.status == 1)
        #expect(run.stderr == "fout: onbekende regio \"noord\"; bekend: oost, west\n")
        run = try w.jbt("intake", w.root + "/bestaat-niet.yaml")
        #expect(run.stderr.contains("bestaat-niet.yaml: bestand bestaat niet of is niet leesbaar"))
        let log = try w.jbt("log").stdout
        #expect(log.split(separator: "\n").count == 1, "only the first intake changed the store")
    }

    @Test("A broken plugin is a loud error naming the file; nothing runs on a silent default")
    func brokenPlugin() throws {
        let w = Workspace()
        w.write("plugins/kapot/regio.yaml", "id: kapot\nnaam: Kapot\ngemeenten: [Westdorp]\n")
        let run = try w.jbt("regions")
        #expect(run.status == 1)
        #expect(run.stderr.contains("plugins/kapot/regio.yaml"))
        #expect(run.stderr.contains("veld tafel: verplicht veld ontbreekt"))
    }

    @Test("The store is readable by its owner only")
    func storePermissions() throws {
        let w = Workspace()
        _ = try w.jbt("intake", w.intakeFile("in.yaml", prefix: "P", count: 1))
        let mode = try FileManager.default.attributesOfItem(atPath: w.store)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("Two secretaries registering at the same time lose nothing")
    func concurrentIntake() async throws {
        let w = Workspace()
        let files = (0..<2).map { w.intakeFile("in\($0).yaml", prefix: "S\($0)", count: 40) }
        try await withThrowingTaskGroup(of: JBTRun.self) { group in
            for file in files { group.addTask { try w.jbt("intake", file) } }
            for try await run in group { #expect(run.status == 0, "\(run.stderr)") }
        }
        let plan = try decodePlan(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "12", "--proef", "--json"))
        #expect(plan.booked.count + plan.misses.filter { $0.bookedOn == nil }.count == 80)
    }

    @Test("The same input gives the same plan")
    func deterministic() throws {
        let w = Workspace()
        _ = try w.jbt("intake", w.intakeFile("in.yaml", prefix: "D", count: 25, childBirth: "2013-01-01"))
        let a = try decodePlan(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "6", "--proef", "--json"))
        let b = try decodePlan(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "6", "--proef", "--json"))
        #expect(a.booked == b.booked)
        #expect(!a.booked.isEmpty)
    }
}

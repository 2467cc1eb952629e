import Foundation
import Testing

/// Records that do not change and conversations that are real (issue 15, part 2), through the
/// real `jbt` binary: a verslag keeps the conversation as it was held, a held conversation is
/// neither cancelled nor moved, the veiligheidsplan keeps the parents' words when they disagree,
/// and a case's own people (family, referrer) are never in two conversations at once.
@Suite("Records that do not change, conversations that are real")
struct RecordsEndToEndTests {
    static let samples = Harness.repositoryRoot + "/Samples/"

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// D-01 in West, booked on Tuesday 1 December 2026 (chair V. West), and its verslag; returns
    /// the booked start time.
    @discardableResult
    func heldCase(_ w: Workspace) throws -> String {
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        #expect(try w.jbt("intake", w.intakeFile("d.yaml", prefix: "D", count: 1)).status == 0)
        let plan = try decodePlan(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1", "--json"))
        #expect(plan.booked.map(\.date) == ["2026-12-01"])
        let verslag = try String(contentsOfFile: Self.samples + "verslag-voorbeeld.yaml", encoding: .utf8)
        let run = try w.jbt("verslag", "D-01", "--from", w.write("verslag.yaml", verslag))
        #expect(run.status == 0, "\(run.stderr)")
        return plan.booked.first?.start ?? "?"
    }

    @Test("A verslag version shows the conversation as it was held, also after the roster changed")
    func versionKeepsTheConversation() throws {
        let w = Workspace()
        let start = try heldCase(w)
        // A new chair takes over the Tuesday table after the conversation was held.
        let roster = w.write(
            "rooster2.yaml",
            """
            personen:
              - {id: vz-w, naam: "N. Nieuw (fictief)", rol: voorzitter, email: vz-west@example.org, regios: [west]}
              - {id: r-w, naam: "R. West (fictief)", rol: rvdk, email: rvdk-west@example.org, regios: [west]}
            inzet:
              - {persoon: vz-w, regio: west, dag: dinsdag}
              - {persoon: r-w, regio: west, dag: dinsdag}
            """)
        #expect(try w.jbt("roster", "import", roster).status == 0)
        let out = w.root + "/v1.md"
        let run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--versie", "1", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        let text = read(out)
        // West's conversations take 90 minutes.
        let end = ["09:00": "10:30", "10:45": "12:15", "12:30": "14:00", "14:15": "15:45"][start] ?? "?"
        #expect(text.contains("Gesprek op dinsdag 1 december 2026 om \(start)\n"), "\(text)")
        #expect(text.contains("- **Tijd:** \(start) – \(end)\n"))
        #expect(text.contains("- **Locatie:** Raadhuis Westdorp"))
        #expect(text.contains("- **Voorzitter:** V. West (fictief)"))
        #expect(!text.contains("N. Nieuw"))
    }

    @Test(
        "A held conversation cannot be cancelled or rescheduled; nothing is written",
        arguments: [["cancel", "D-01"], ["reschedule", "D-01", "--from", "2026-11-30", "--weeks", "2"]])
    func heldIsFinal(command: [String]) throws {
        let w = Workspace()
        try heldCase(w)
        let before = try w.jbt("log").stdout
        let run = try w.jbt(command)
        #expect(run.status == 1)
        #expect(run.stderr.contains("D-01 kan niet"), "\(run.stderr)")
        let held = "het gesprek is gehouden op di 1 dec 2026 en heeft een verslag (versie 1)"
        #expect(run.stderr.contains(held), "\(run.stderr)")
        #expect(run.stderr.contains("Een vervolg is een nieuw gesprek"))
        #expect(try w.jbt("log").stdout == before)
        let agenda = try w.jbt("agenda", "--region", "west", "--week", "2026-W49").stdout
        #expect(agenda.contains("D-01"), "\(agenda)")
    }

    @Test(
        "The veiligheidsplan keeps the parents' explanation when they do not agree, in every format",
        arguments: ["md", "html", "docx"])
    func disagreementIsKept(format: String) throws {
        let w = Workspace()
        try heldCase(w)
        var plan = try String(contentsOfFile: Self.samples + "veiligheidsplan-voorbeeld.yaml", encoding: .utf8)
        plan = plan.replacingOccurrences(of: "instemming_ouders: true", with: "instemming_ouders: false")
            .replacingOccurrences(
                of: "Wij staan achter dit plan & willen het proberen.",
                with: "Wij vinden afspraak 1 niet haalbaar zonder hulp van opa.")
        var run = try w.jbt("veiligheidsplan", "D-01", "--from", w.write("vp.yaml", plan))
        #expect(run.status == 0, "\(run.stderr)")
        let out = w.root + "/vp." + format
        run = try w.jbt("document", "D-01", "veiligheidsplan", "--format", format, "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        let text = format == "docx" ? try documentXML(out, in: w) : read(out)
        #expect(text.contains("De ouders hebben (nog) niet ingestemd met dit plan."))
        #expect(text.contains("Toelichting van de ouders"))
        #expect(text.contains("Wij vinden afspraak 1 niet haalbaar zonder hulp van opa."))
    }

    /// The text of a .docx's body (python3 is among the Makefile's packages).
    func documentXML(_ path: String, in w: Workspace) throws -> String {
        let script = "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())"
        let run = try Harness.run(["-c", script, path], executable: "/usr/bin/python3")
        #expect(run.status == 0, "\(run.stderr)")
        // Runs split a sentence; the text between the tags is what Word shows.
        return run.stdout.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
    }

    /// Region Duo: two tables side by side on Tuesdays, each with one conversation at 09:00 and
    /// one at 11:00; chair and officer differ per table, so only a case's own people can clash.
    func duo(_ w: Workspace, starts: String = "[\"09:00\", \"11:00\"]") {
        w.write(
            "plugins/duo/regio.yaml",
            """
            # Fictief: testregio.
            id: duo
            naam: Regio Duo
            gemeenten: [Duodorp]
            tafel:
              dagen: [dinsdag]
              begintijden: \(starts)
              gesprek_minuten: 90
              parallel: 2
              locatie: Dorpshuis Duodorp
            gesprekstypen: [vijf-voor-twaalf, kwart-voor-twaalf, evaluatie]
            escalatiecontact: {naam: D. Escalatie (fictief), functie: beleidsadviseur, email: d@example.org}
            """)
    }

    struct Slot: Hashable { var date: String; var start: String }

    @Test("Four cases of one aanmelder are never two at the same time at tables 1 and 2")
    func referrerInOnePlace() throws {
        let w = Workspace()
        duo(w)
        let intake = w.intakeFile("duo.yaml", prefix: "A", count: 4, municipality: "Duodorp")
        var run = try w.jbt("intake", intake)
        #expect(run.status == 0, "\(run.stderr)")
        run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "2", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let booked = try decodePlan(run).booked
        #expect(booked.count == 4)
        // One aanmelder (lt@example.org), so four different times: two Tuesdays, 09:00 and 11:00.
        #expect(Set(booked.map { Slot(date: $0.date, start: $0.start) }).count == 4, "\(booked)")
        #expect(Set(booked.map(\.date)) == ["2026-12-01", "2026-12-08"])
    }

    @Test("A case and its own evaluatiegesprek never overlap, also after a reschedule")
    func familyInOnePlace() throws {
        let w = Workspace()
        duo(w, starts: "[\"09:00\"]")
        // No e-mail addresses anywhere: only the family key ties F-01-E1 to F-01.
        let intake = w.write(
            "f.yaml",
            """
            aanmeldingen:
              - referentie: F-01
                gemeente: Duodorp
                type: vijf-voor-twaalf
                aangemeld: 2026-11-27
                aanmelder: {naam: "Lokaal team (fictief)"}
                ouders: [{naam: "Ouder F (fictief)"}]
            """)
        let today = ["JBT_TODAY": "2026-12-01"]
        var run = try w.jbt(["intake", intake], environment: today)
        #expect(run.status == 0, "\(run.stderr)")
        run = try w.jbt(["plan", "--from", "2026-11-30", "--weeks", "1", "--json"], environment: today)
        #expect(try decodePlan(run).booked.map(\.date) == ["2026-12-01"])
        var verslag = try String(contentsOfFile: Self.samples + "verslag-voorbeeld.yaml", encoding: .utf8)
        verslag = verslag.replacingOccurrences(
            of: "evaluatie: {datum: 2027-01-26, vorm: tafel}",
            with: "evaluatie: {datum: 2026-12-08, vorm: tafel}")
        run = try w.jbt(["verslag", "F-01", "--from", w.write("v.yaml", verslag)], environment: today)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Evaluatiegesprek F-01-E1 aangemeld"))
        // Table 2 at 09:00 on 1 December is free, but the family is at table 1 then.
        run = try w.jbt(["plan", "--from", "2026-11-30", "--weeks", "3", "--json"], environment: today)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try decodePlan(run).booked.map(\.date) == ["2026-12-08"])
        // Moved off 8 December: 1 December at 09:00 is still not free for this family.
        run = try w.jbt(
            ["reschedule", "F-01-E1", "--from", "2026-11-30", "--weeks", "3", "--json"], environment: today)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try decodePlan(run).booked.map(\.date) == ["2026-12-15"])
    }
}

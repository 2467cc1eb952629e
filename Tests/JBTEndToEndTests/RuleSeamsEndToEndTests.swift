import Foundation
import Testing

/// Region rules at the seams (issue 15 §4): a failing hook is never silent, whichever hook it is
/// and wherever its answer is used; the same input gives the same plan; lint catches manifests
/// that cannot be meant; one's own plugin folder replaces a bundled one.
@Suite("Region rules at the seams")
struct RuleSeamsEndToEndTests {
    func withRules(_ w: Workspace, _ lua: String, manifest edit: (String) -> String = { $0 }) {
        w.write("plugins/west/regels.lua", lua)
        let manifest = w.root + "/plugins/west/regio.yaml"
        let text = (try? String(contentsOfFile: manifest, encoding: .utf8)) ?? ""
        w.write("plugins/west/regio.yaml", edit(text) + "\nregels:\n  bestand: regels.lua\n  contract: 1\n")
    }

    static let brokenHooks = """
    contract = 1
    function locatie(zaak, plek)
      error("kapot\\nop\\ttwee regels\\r\\n")
    end
    function deelnemers(zaak)
      return "jeugdarts"
    end
    """

    @Test("A failing locatie or deelnemers hook is reported with file and line everywhere, its text on one line")
    func failingPlaceAndParticipantsReported() throws {
        let w = Workspace()
        withRules(w, Self.brokenHooks)
        let lua = w.plugins + "/west/regels.lua"
        let place = "\(lua):3: regel 'locatie' faalde: kapot op twee regels; de beslissing telt als 'nee'"
        let participants = "\(lua):5: regel 'deelnemers' faalde: moet een lijst van rollen teruggeven"
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        #expect(try w.jbt("intake", w.intakeFile("a.yaml", prefix: "F", count: 1)).status == 0)
        var run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Let op: plugin west: " + place), "\(run.stdout)")
        #expect(run.stdout.contains("Let op: plugin west: " + participants), "\(run.stdout)")
        run = try w.jbt("agenda", "--region", "west", "--week", "2026-W49")
        #expect(run.stdout.contains(place) && run.stdout.contains(participants), "\(run.stdout)")
        run = try w.jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/outbox")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(place), "\(run.stdout)")
        run = try w.jbt("document", "F-01", "uitnodiging", "--format", "md", "--voor", "ouder", "--out", w.root + "/brief.md")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Let op: plugin west: " + place), "\(run.stdout)")
        run = try w.jbt("log")
        #expect(run.stdout.contains("regelfout(en)") && run.stdout.contains("regel 'locatie' faalde"), "\(run.stdout)")
        run = try w.jbt("plugins", "lint", w.plugins + "/west")
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("fout: plugin west: " + place), "\(run.stdout)")
        #expect(run.stdout.contains("fout: plugin west: " + participants), "\(run.stdout)")
        w.write("plugins/west/voorbeelden.yaml", """
        voorbeelden:
          - naam: "Dinsdag 1 december"
            vanaf: 2026-11-30
            weken: 1
            aanmeldingen:
              - {referentie: VB-1, gemeente: Westdorp, type: vijf-voor-twaalf, aangemeld: 2026-11-27, aanmelder: {naam: LT (fictief)}}
            verwacht:
              - {referentie: VB-1, regio: west, datum: 2026-12-01}
        """)
        run = try w.jbt("plugins", "test", "west")
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("MISLUKT   west: Dinsdag 1 december"), "\(run.stdout)")
        #expect(run.stdout.contains("regelfout: plugin west: " + place), "\(run.stdout)")
        // Nothing of the rule's text spans lines or carries a control character.
        for line in run.stdout.split(separator: "\n") where line.contains("kapot") {
            #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(line)")
        }
    }

    @Test("voorbeelden.yaml expects a location and participants; zaak.gemeente is spelled as the manifest spells it")
    func examplesExpectPlaceAndParticipants() throws {
        let w = Workspace()
        withRules(w, """
        contract = 1
        function locatie(zaak, plek)
          if zaak.gemeente == "Westwoude" then return "Dorpshuis Westwoude" end
          return nil
        end
        function deelnemers(zaak)
          if zaak.gemeente == "Westwoude" then return { "jeugdarts" } end
          return {}
        end
        """)
        w.write("plugins/west/voorbeelden.yaml", """
        voorbeelden:
          - naam: "Westwoude, los geschreven: het dorpshuis en de jeugdarts"
            vanaf: 2026-11-30
            weken: 1
            aanmeldingen:
              - {referentie: VB-1, gemeente: west-woude, type: vijf-voor-twaalf, aangemeld: 2026-11-27, aanmelder: {naam: LT (fictief)}}
              - {referentie: VB-2, gemeente: Westdorp, type: vijf-voor-twaalf, aangemeld: 2026-11-27, aanmelder: {naam: LT (fictief)}}
            verwacht:
              - {referentie: VB-1, locatie: "Dorpshuis Westwoude", deelnemers: [jeugdarts]}
              - {referentie: VB-2, locatie: "Raadhuis Westdorp", deelnemers: []}
          - naam: "Verkeerd verwacht"
            vanaf: 2026-11-30
            weken: 1
            aanmeldingen:
              - {referentie: VB-3, gemeente: Westdorp, type: vijf-voor-twaalf, aangemeld: 2026-11-27, aanmelder: {naam: LT (fictief)}}
            verwacht:
              - {referentie: VB-3, locatie: "Dorpshuis Westwoude", deelnemers: [jeugdarts]}
        """)
        let run = try w.jbt("plugins", "test", "west")
        #expect(run.stdout.contains("geslaagd  west: Westwoude, los geschreven: het dorpshuis en de jeugdarts"), "\(run.stdout)")
        #expect(run.stdout.contains("MISLUKT   west: Verkeerd verwacht"), "\(run.stdout)")
        #expect(run.stdout.contains("regel 17: VB-3 verwacht op locatie \"Dorpshuis Westwoude\", maar de locatie is \"Raadhuis Westdorp\""),
                "\(run.stdout)")
        #expect(run.stdout.contains("regel 17: VB-3 verwacht extra deelnemers \"jeugdarts\", maar kreeg geen"), "\(run.stdout)")
        #expect(run.status == 1)
    }

    @Test("A rule using heap addresses (tostring, %s of a table) gives one plan in three runs; %p is refused")
    func sameInputSamePlan() throws {
        let w = Workspace()
        withRules(w, """
        contract = 1
        function toelaten(zaak, plek)
          local s = tostring({}) .. string.format("%s", function() end) .. tostring({})
          local h = 0
          for i = 1, #s do h = (h * 31 + string.byte(s, i)) % 1000003 end
          return (h + string.byte(plek.begintijd, 2) + string.byte(plek.begintijd, 4)) % 3 ~= 0
        end
        function locatie(zaak, plek)
          return "Zaal " .. tostring({})
        end
        """)
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        #expect(try w.jbt("intake", w.intakeFile("a.yaml", prefix: "D", count: 6)).status == 0)
        var plans: [[PlanJSON.Booked]] = []
        for _ in 0..<3 {
            let run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "2", "--json", "--proef")
            #expect(run.status == 0, "\(run.stderr)")
            plans.append(try decodePlan(run).booked.sorted { $0.reference < $1.reference })
        }
        #expect(plans[0] == plans[1] && plans[1] == plans[2], "\(plans)")
        #expect(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "2").status == 0)
        let agenda = try w.jbt("agenda", "--region", "west", "--week", "2026-W49")
        #expect(!agenda.stdout.contains("0x"), "no address reaches the agenda: \(agenda.stdout)")
        #expect(agenda.stdout.contains("locatie: Zaal table: 1"), "\(agenda.stdout)")

        w.write("plugins/west/regels.lua", "contract = 1\nfunction locatie(zaak, plek)\n  return string.format('%p', {})\nend\n")
        let run = try w.jbt("agenda", "--region", "west", "--week", "2026-W49")
        #expect(run.stdout.contains("regels.lua:3: regel 'locatie' faalde: string.format met %p is niet toegestaan"), "\(run.stdout)")
    }

    @Test("The norm explanation names the failed rule that refused the home region's places, and a failed norm")
    func explanationNamesFailedRule() throws {
        let w = Workspace()
        withRules(w, """
        contract = 1
        function toelaten(zaak, plek)
          if plek.regio == "west" then error("tabel kwijt") end
          return true
        end
        function normdagen(zaak) error("geen norm") end
        """, manifest: { $0.replacingOccurrences(of: "buurregios: [oost]", with: "buurregios: []") })
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        #expect(try w.jbt("intake", w.intakeFile("a.yaml", prefix: "E", count: 1)).status == 0)
        let run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1", "--json")
        let plan = try decodePlan(run)
        let explanation = try #require(plan.misses.first { $0.reference == "E-01" }?.explanation, "\(run.stdout)")
        #expect(explanation.contains("de eigen regel 'toelaten' van Regio West faalde, daardoor telden 4 plekken als 'nee'"),
                "\(explanation)")
        #expect(explanation.contains("regels.lua:3: tabel kwijt"), "\(explanation)")
        #expect(explanation.contains("de eigen norm (normdagen) van Regio West faalde, daardoor geldt de gewone norm van 14 dagen ("
                                     + w.plugins + "/west/regels.lua:6: geen norm)"), "\(explanation)")
    }

    @Test("Lint warns about a manifest that cannot be meant; a municipality claimed twice is the second plugin's error")
    func lintWarnings() throws {
        let w = Workspace()
        let west = w.plugins + "/west/regio.yaml"
        let text = try String(contentsOfFile: west, encoding: .utf8)
        try text.replacingOccurrences(of: "gemeenten: [Westdorp, Westwoude]", with: "gemeenten: [Westdorp, Westwoude, west-dorp]")
            .replacingOccurrences(of: "gesprekstypen: [vijf-voor-twaalf, kwart-voor-twaalf, evaluatie]",
                                  with: "gesprekstypen: [vijf-voor-twaalf, warme-overdracht-start]\nnorm_dagen: 10\nvoorbereiding_dagen: 10")
            .write(toFile: west, atomically: true, encoding: .utf8)
        var run = try w.jbt("plugins", "lint", w.plugins + "/west")
        #expect(run.status == 0, "warnings only: \(run.stdout)")
        #expect(run.stdout.contains("waarschuwing: \(west), regel 4, veld gemeenten[3]: gemeente \"west-dorp\" is dezelfde gemeente als \"Westdorp\""),
                "\(run.stdout)")
        #expect(run.stdout.contains("veld gesprekstypen[2]: warme-overdracht-start staat in gesprekstypen, maar let_jb staat niet aan"),
                "\(run.stdout)")
        #expect(run.stdout.contains("veld voorbereiding_dagen: de voorbereiding (10 dagen) is even lang als of langer dan de norm (10 dagen)"),
                "\(run.stdout)")
        // An e-mail address that is not one is an error (the manifest is refused on load), not a warning.
        let meant = try String(contentsOfFile: west, encoding: .utf8)
        try meant.replacingOccurrences(of: "email: w@example.org", with: "email: w.example.org")
            .write(toFile: west, atomically: true, encoding: .utf8)
        run = try w.jbt("plugins", "lint", w.plugins + "/west")
        #expect(run.status == 1)
        #expect(run.stdout.contains("veld escalatiecontact.email: \"w.example.org\" is geen e-mailadres"), "\(run.stdout)")
        try meant.write(toFile: west, atomically: true, encoding: .utf8)

        // A new plugin claiming Oostdorp: the error is the new plugin's, with its line.
        let noord = w.write("extra/noord/regio.yaml", """
        id: noord
        naam: Regio Noord
        gemeenten: [Noorddorp, oostdorp]
        tafel: {dagen: [maandag], begintijden: ["09:30"], gesprek_minuten: 90, locatie: Raadhuis Noorddorp}
        escalatiecontact: {naam: N. (fictief), functie: beleidsadviseur, email: n@example.org}
        """)
        run = try w.jbt("plugins", "lint", w.root + "/extra/noord")
        #expect(run.status == 1)
        #expect(run.stdout.contains("fout: \(noord), regel 3, veld gemeenten[2]: gemeente oostdorp hoort al bij regio oost"), "\(run.stdout)")
    }

    @Test("A folder of one's own replaces the bundled plugin of that name; testing a region not loaded says how to load it")
    func replaceBundled() throws {
        let root = NSTemporaryDirectory() + "jbt-replace-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bundled = Harness.repositoryRoot + "/Plugins/achterhoek"
        try FileManager.default.createDirectory(atPath: root + "/mijn", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: bundled, toPath: root + "/mijn/achterhoek")
        let manifest = root + "/mijn/achterhoek/regio.yaml"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "naam: Achterhoek\n", with: "naam: Achterhoek (eigen)\n")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let store = ["--store", root + "/jbt.sqlite"]
        var run = try Harness.run(["regions"] + store + ["--plugins", root + "/mijn"], cwd: root)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("Achterhoek (eigen)"), "\(run.stdout)")
        run = try Harness.run(["plugins", "test", "achterhoek", "--plugins", root + "/mijn/achterhoek"] + store, cwd: root)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        run = try Harness.run(["plugins", "test", "zeeland"] + store, cwd: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("regio \"zeeland\" is niet geladen") && run.stderr.contains("--plugins"), "\(run.stderr)")
    }
}

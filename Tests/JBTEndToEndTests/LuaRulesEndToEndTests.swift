import Foundation
import Testing

/// A region's own Lua rules through the real binary: they change the planning, and a rule that
/// fails is reported with plugin, hook and line while the planning goes on with "no".
@Suite("Region Lua rules end to end")
struct LuaRulesEndToEndTests {
    func withRules(_ w: Workspace, _ lua: String) {
        w.write("plugins/west/regels.lua", lua)
        let manifest = w.root + "/plugins/west/regio.yaml"
        let text = (try? String(contentsOfFile: manifest, encoding: .utf8)) ?? ""
        w.write("plugins/west/regio.yaml", text + "\nregels:\n  bestand: regels.lua\n  contract: 1\n")
    }

    @Test("toelaten, normdagen, locatie and deelnemers change what is planned and shown")
    func rulesApply() throws {
        let w = Workspace()
        withRules(w, """
        contract = 1
        function toelaten(zaak, plek)
          if plek.regio == "west" and plek.begintijd == "09:00" then return zaak.soort == "kwart-voor-twaalf" end
          return true
        end
        function normdagen(zaak) if zaak.gemeente == "Westwoude" then return 4 end return nil end
        function locatie(zaak, plek) if zaak.gemeente == "Westdorp" then return "Dorpshuis Westdorp" end return nil end
        function deelnemers(zaak) return { "jeugdarts" } end
        """)
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        #expect(try w.jbt("intake", w.intakeFile("a.yaml", prefix: "L", count: 3)).status == 0)
        var run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try decodePlan(run)
        #expect(plan.booked.count == 3)
        #expect(!plan.booked.contains { $0.region == "west" && $0.start == "09:00" }, "\(plan.booked)")
        run = try w.jbt("agenda", "--region", "west", "--week", "2026-W49")
        #expect(run.stdout.contains("jeugdarts"))
        #expect(run.stdout.contains("locatie: Dorpshuis Westdorp"))
        // normdagen: a Westwoude case complete on 20 November has a norm of 4 days (24 November),
        // not the region's 14 (4 December): booked on 1 December, it misses its norm.
        #expect(try w.jbt("intake", w.intakeFile("b.yaml", prefix: "N", count: 1, municipality: "Westwoude", complete: "2026-11-20")).status == 0)
        run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "2", "--json")
        let norm = try decodePlan(run)
        #expect(norm.misses.first { $0.reference == "N-01" }?.explanation != nil, "\(run.stdout)")
        #expect(run.stdout.contains("\"deadline\" : \"2026-11-24\""), "\(run.stdout)")
    }

    @Test("A rule that loops is stopped and reported with file, hook and line; the planning goes on with 'no'")
    func hostileRule() throws {
        let w = Workspace()
        withRules(w, """
        contract = 1

        function toelaten(zaak, plek)
          if plek.regio == "west" then
            while true do end
          end
          return true
        end
        """)
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        #expect(try w.jbt("intake", w.intakeFile("a.yaml", prefix: "H", count: 2)).status == 0)
        let run = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try decodePlan(run)
        // West's table refuses everything (the rule's decision counts as no): the neighbour takes them.
        #expect(plan.booked.allSatisfy { $0.region == "oost" }, "\(plan.booked)")
        let json = run.stdout
        #expect(json.contains("regels.lua:5"), "\(json)")
        #expect(json.contains("toelaten"))
    }

    @Test("A script that does not compile stops every command, naming file and line; lint says the same")
    func brokenScript() throws {
        let w = Workspace()
        withRules(w, "contract = 1\nfunction toelaten(zaak, plek)\n  return zaak.soort ==\nend\n")
        var run = try w.jbt("regions")
        #expect(run.status == 1)
        #expect(run.stderr.contains("regels.lua:4") || run.stderr.contains("regels.lua, regel 4"), "\(run.stderr)")
        run = try w.jbt(["plugins", "lint", w.plugins + "/west"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("regels.lua"), "\(run.stdout)")
        // Bytecode is refused: only text is loaded.
        w.write("plugins/west/regels.lua", "\u{1B}LuaT\u{00}garbage")
        run = try w.jbt("regions")
        #expect(run.status == 1)
        #expect(run.stderr.contains("regels.lua"))
    }
}

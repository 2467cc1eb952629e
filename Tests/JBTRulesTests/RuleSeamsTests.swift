import Testing
@testable import JBTRules

/// The sandbox and the hooks at the seams: same input, same answer; a budget for a whole command;
/// a rule's text on one line.
@Suite("Rules: determinism, total budget, one-line messages")
struct RuleSeamsTests {
    func location(_ body: String) throws -> Result<RuleValue, RuleFailure> {
        try script("function locatie(zaak, plek)\n" + body + "\nend\n").call("locatie", [zaak.ruleValue, plek.ruleValue])
    }

    @Test("tostring and %s of tables and functions name them by order, not by address: three runs, one answer", arguments: [
        "return tostring({}) .. ' ' .. tostring(function() end) .. ' ' .. tostring({})",
        "local t = {} return string.format('%s en %s en %5s', t, {}, t)",
        "return tostring(zaak) .. tostring(setmetatable({}, {__name = 'Eigen'}))",
    ])
    func addressesAreFixed(body: String) throws {
        let answers = try (0..<3).map { _ in try #require(try location(body).value) }
        #expect(answers[0] == answers[1] && answers[1] == answers[2], "\(answers)")
        guard case .text(let text) = answers[0] else { Issue.record("\(answers[0])"); return }
        #expect(!text.contains("0x"), "\(text)")
        #expect(text.contains(": 1") || text.contains("argument 1"), "\(text)")
    }

    @Test("The fixed names: the first value asked for is 1, the same value keeps its number")
    func fixedNames() throws {
        let value = try location("local a, b = {}, {} return tostring(a) .. '|' .. tostring(b) .. '|' .. tostring(a) .. '|' .. string.format('%s', b)")
        #expect(value.value == .text("table: 1|table: 2|table: 1|table: 2"), "\(value)")
    }

    @Test("%p is refused with a reason; pairs over several table keys is refused; next on a plain table is sorted")
    func addressOrderRefused() throws {
        var result = try location("return string.format('%p', {})")
        #expect(result.failure?.kind == .forbidden && result.failure?.message.contains("%p") == true, "\(result)")
        result = try location("local t = {} t[{}] = 1 t[{}] = 2 for k in pairs(t) do end return 'x'")
        #expect(result.failure?.kind == .forbidden, "\(result)")
        result = try location("local t = {zeta = 1, alfa = 2, mid = 3} return (next(t)) .. (next(t, 'alfa')) .. (next(t, 'mid'))")
        #expect(result.value == .text("alfamidzeta"), "\(result)")
    }

    @Test("A total instruction budget per command: past it, every decision is 'no', reported once")
    func totalBudget() throws {
        // Reads everything (no memo helps) and loops to its per-call limit every time.
        let s = try script("""
        function toelaten(zaak, plek)
          for k in pairs(plek) do end
          while true do end
        end
        """)
        let hooks = RegionHooks(plugin: "proef", script: s, limits: RuleLimits(instructions: 100_000, totalInstructions: 1_000_000))
        for minute in 0..<40 {
            let slot = HookSlot(regio: "proef", weekdag: "dinsdag", begintijd: "09:\(minute < 10 ? "0" : "")\(minute)", locatie: "Ede")
            #expect(!hooks.admits(zaak, slot))
        }
        // 100,000 per call, 1,000,000 together: ten calls (the one crossing the line runs to its end).
        #expect(hooks.evaluations == 10, "\(hooks.evaluations)")
        #expect(hooks.work.instructions >= 1_000_000 && hooks.work.instructions < 1_200_000, "\(hooks.work)")
        #expect(hooks.work.seconds > 0)
        let total = hooks.failures.filter { $0.kind == .totalBudget }
        #expect(total.count == 1, "\(hooks.failures)")
        #expect(total.first?.description == "\(file): de regels van plugin proef hebben hun rekengrens voor dit commando bereikt "
                + "(1000000 instructies samen); elke verdere beslissing van deze regels telt als 'nee' "
                + "(niet toegelaten, de gewone norm, geen extra deelnemers, de gewone locatie)")
        // The other hooks are over the budget too, without a second report.
        #expect(hooks.location(zaak, plek) == nil)
        #expect(hooks.failures.filter { $0.kind == .totalBudget }.count == 1)
    }

    @Test("A rule's error text is one line without control characters, and bounded", arguments: [
        ("error('a\\nb\\tc\\r\\nd')", "a b c d"),
        ("error('  voor\\bna  ')", "voor na"),
        ("error('regel\\u{2028}scheiding\\u{202E}omgekeerd')", "regel scheiding omgekeerd"),
    ])
    func oneLine(code: String, expected: String) throws {
        let failure = try #require(try location(code).failure)
        #expect(failure.message == expected, "\(failure.message.unicodeScalars.map(\.value))")
        #expect(!failure.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
        let long = try #require(try location("error(string.rep('x', 500))").failure)
        #expect(long.message.count == 301)
    }
}

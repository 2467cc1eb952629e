import Testing
@testable import JBTRules

@Suite("Micro-benchmark: calls per second of admits")
struct BenchmarkTests {
    @Test("admits, uncached (a fresh sandbox per distinct input) and cached")
    func admitsPerSecond() throws {
        let h = RegionHooks(plugin: "proef", script: try RuleScript(source: RegionHooksTests.rules, file: file))
        // The rule reads `plek.begintijd` (and, at 09:00, `zaak.soort`): every distinct time is a new evaluation.
        let questions = (0..<2000).map { i in
            (HookCase(soort: i % 2 == 0 ? "kwart-voor-twaalf" : "evaluatie", regio: "proef", gemeente: "Ede", kinderen: i),
             HookSlot(regio: "proef", weekdag: "dinsdag", begintijd: i % 4 < 2 ? "09:00" : "t\(i)", tafel: 1, locatie: "Zaal"))
        }
        let clock = ContinuousClock()
        var admitted = 0
        let uncached = clock.measure { for (c, s) in questions where h.admits(c, s) { admitted += 1 } }
        let cached = clock.measure { for _ in 0..<10 { for (c, s) in questions where h.admits(c, s) { admitted += 1 } } }
        #expect(admitted == 11 * 1500)
        #expect(h.evaluations == 1000 + 2)
        #expect(h.failures.isEmpty)
        let perSecond = { (calls: Int, d: Duration) in Int(Double(calls) / (Double(d.components.attoseconds) / 1e18 + Double(d.components.seconds))) }
        let u = perSecond(questions.count, uncached), k = perSecond(questions.count * 10, cached)
        print("admits: \(u) aanroepen/s zonder cache (verse Lua-toestand per aanroep), \(k) aanroepen/s uit de cache")
        #expect(k > u, "the cache is faster than evaluating")
    }
}

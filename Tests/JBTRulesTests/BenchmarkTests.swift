import Testing
@testable import JBTRules

@Suite("Micro-benchmark: calls per second of admits")
struct BenchmarkTests {
    @Test("admits, uncached (a fresh sandbox per distinct input) and cached")
    func admitsPerSecond() throws {
        let h = RegionHooks(plugin: "proef", script: try RuleScript(source: RegionHooksTests.rules, file: file))
        let slot = HookSlot(regio: "proef", weekdag: "dinsdag", begintijd: "09:00", tafel: 1, locatie: "Zaal")
        let cases = (0..<2000).map {
            HookCase(soort: $0 % 2 == 0 ? "kwart-voor-twaalf" : "evaluatie", regio: "proef", gemeente: "Ede", kinderen: $0)
        }
        let clock = ContinuousClock()
        var admitted = 0
        let uncached = clock.measure { for c in cases where h.admits(c, slot) { admitted += 1 } }
        let cached = clock.measure { for _ in 0..<10 { for c in cases where h.admits(c, slot) { admitted += 1 } } }
        #expect(admitted == 11 * 1000)
        #expect(h.failures.isEmpty)
        let perSecond = { (calls: Int, d: Duration) in Int(Double(calls) / (Double(d.components.attoseconds) / 1e18 + Double(d.components.seconds))) }
        let u = perSecond(cases.count, uncached), k = perSecond(cases.count * 10, cached)
        print("admits: \(u) aanroepen/s zonder cache (verse Lua-toestand per aanroep), \(k) aanroepen/s uit de cache")
        #expect(k > u, "the cache is faster than evaluating")
    }
}

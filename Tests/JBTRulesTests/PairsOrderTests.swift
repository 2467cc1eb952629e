import Testing
@testable import JBTRules

/// Lua seeds its string hashes per state: plain `pairs` would visit text keys in a different order
/// in every fresh evaluation, and a rule that returns its first match would plan differently for
/// the same input. The sandbox's `pairs` visits keys in a fixed, sorted order.
@Suite("pairs visits keys in a fixed order")
struct PairsOrderTests {
    static let body = """
        local t = { Zutphen = 1, Apeldoorn = 2, Ede = 3, Barneveld = 4, Wageningen = 5, Tiel = 6, Arnhem = 7,
                    [3] = "c", [1] = "a", [2.5] = "b", [true] = "t", [false] = "f", Doetinchem = 8, Nijkerk = 9 }
        function locatie(zaak, plek)
          local keys = {}
          for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
          return table.concat(keys, ",")
        end
        """

    @Test("The same order in every fresh evaluation: numbers, texts by bytes, false, true")
    func fixedOrder() throws {
        let s = try script(Self.body)
        let expected = "1=a,2.5=b,3=c,Apeldoorn=2,Arnhem=7,Barneveld=4,Doetinchem=8,Ede=3,Nijkerk=9,Tiel=6,Wageningen=5,Zutphen=1,false=f,true=t"
        for _ in 0..<50 {
            #expect(s.call("locatie", [zaak.ruleValue, plek.ruleValue]).value == .text(expected))
        }
    }

    @Test("pairs on a table with a metatable is refused; a huge table runs into the budget")
    func guarded() throws {
        let meta = try hostile("local t = setmetatable({}, {}) for k in pairs(t) do end")
        #expect(meta.failure?.kind == .forbidden)
        // Building the table fits the budget; sorting its keys (charged n log n) does not.
        let big = try hostile("local t = {} for i = 1, 40000 do t[i * 7919 % 40009] = i end\nfor k in pairs(t) do end",
                              limits: RuleLimits(instructions: 600_000, memoryBytes: 64 << 20))
        #expect(big.failure?.kind == .budget)
        #expect(big.failure?.line == 4, "\(String(describing: big.failure))")
    }
}

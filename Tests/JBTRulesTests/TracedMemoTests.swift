import Dispatch
import Testing
@testable import JBTRules
import struct JBTCore.SplitMix64

/// Failing scripts are reproducible from their seed.
typealias SeededGenerator = SplitMix64

/// Random `locatie(zaak, plek)` rules that branch on different fields, loop over `pairs`, use
/// `rawget`, `next`, `#`, `tostring`, write to `zaak`, call helpers, fail on some paths and run
/// out of budget on others.
struct RuleGenerator {
    var random: SeededGenerator
    var usesIdentity = false   // tostring(zaak) or next(…): a plain table would differ (address, hash order)

    mutating func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &random)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

    mutating func condition() -> String {
        switch Int.random(in: 0..<16, using: &random) {
        case 0: return "zaak.soort == '\(pick(["evaluatie", "vijf-voor-twaalf", "kwart-voor-twaalf"]))'"
        case 1: return "(zaak.jongste_kind or 99) < \(pick([4, 8, 12]))"
        case 2: return "zaak.jongste_kind < 6"                          // fails when the age is unknown
        case 3: return "zaak.let_jb"
        case 4: return "plek.begintijd == '\(pick(["09:00", "11:00", "13:30"]))'"
        case 5: return "plek.tafel == 2"
        case 6: return "rawget(zaak, 'gi') == 'vast'"
        case 7: return "groot(zaak)"
        case 8: return "velden(zaak) > 7"
        case 9:
            usesIdentity = true
            return "next(zaak, 'gi') == 'kinderen'"
        case 10: return "#zaak > 0"
        case 11:
            usesIdentity = true
            return "tostring(zaak) == 'argument 1'"
        case 12: return "zaak.gemeente == '\(pick(["Ede", "Tiel", "Wageningen"]))'"
        case 13: return "string.len(zaak.gemeente) > 3"
        case 14: return "heeft(plek, '\(pick(["dinsdag", "09:00", "Zaal A"]))')"
        default: return "zaak.kinderen >= \(pick([1, 2, 3]))"
        }
    }

    mutating func statement() -> String {
        switch Int.random(in: 0..<7, using: &random) {
        case 0: return "zaak.soort = 'evaluatie'"
        case 1: return "zaak.gemeente = nil"
        case 2: return "zaak[1] = 'x'"
        case 3: return "rawset(zaak, 'kinderen', 9)"
        case 4: return "zaak.gemeente = zaak.gemeente or 'Elders'"
        case 5: return "local n = 0 for k, v in pairs(plek) do n = n + 1 end"
        default: return "local s = zaak.soort"
        }
    }

    mutating func result() -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return "return 'plek \(Int.random(in: 0..<100, using: &random))'"
        case 1: return "return zaak.gemeente"
        case 2: return "return plek.weekdag .. ' ' .. tostring(zaak.kinderen)"
        case 3: return "return nil"
        case 4: return "return table.concat({ zaak.soort, plek.begintijd }, '/')"
        case 5: return "error('geen plek')"
        case 6: return "while true do end"
        case 7: return "return 42"                                   // a bad result
        case 8: return "local t = {} for k, v in pairs(zaak) do t[#t + 1] = k end return table.concat(t, ',')"
        default: return "return plek.locatie"
        }
    }

    mutating func block(depth: Int) -> [String] {
        var lines: [String] = []
        if chance(0.3) { lines.append(statement()) }
        if depth > 0 && chance(0.8) {
            lines.append("if \(condition()) then")
            lines += block(depth: depth - 1).map { "  " + $0 }
            lines.append("else")
            lines += block(depth: depth - 1).map { "  " + $0 }
            lines.append("end")
        } else {
            lines.append(result())
        }
        return lines
    }

    mutating func script() -> String {
        """
        contract = 1
        local function groot(z) return z.kinderen > 2 end
        local function velden(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
        local function heeft(t, waarde) for k, v in pairs(t) do if v == waarde then return true end end return false end
        function locatie(zaak, plek) PREAMBLE
        \(block(depth: 4).joined(separator: "\n"))
        end
        """
    }
}

@Suite("The memo on what a rule read gives exactly what a direct evaluation gives")
struct TracedMemoTests {
    static let limits = RuleLimits(instructions: 50_000)

    static let inputs: [(HookCase, HookSlot)] = {
        var random = SeededGenerator(state: 7)
        return (0..<80).map { _ in
            let jongste: Int? = Bool.random(using: &random) ? nil : Int.random(in: 0...15, using: &random)
            let c = HookCase(soort: ["evaluatie", "vijf-voor-twaalf", "kwart-voor-twaalf"].randomElement(using: &random)!,
                             regio: "proef", gemeente: ["Ede", "Tiel", "Wageningen", "Oss"].randomElement(using: &random)!,
                             kinderen: Int.random(in: 0...4, using: &random), oudsteKind: jongste.map { $0 + 2 },
                             jongsteKind: jongste, letJB: Bool.random(using: &random),
                             gi: Bool.random(using: &random) ? "vast" : "op_afroep")
            let s = HookSlot(regio: "proef", weekdag: ["dinsdag", "donderdag"].randomElement(using: &random)!,
                             begintijd: ["09:00", "11:00", "13:30"].randomElement(using: &random)!,
                             tafel: Int.random(in: 1...2, using: &random), locatie: ["Zaal A", "Zaal B"].randomElement(using: &random)!)
            return (c, s)
        }
    }()

    static func same(_ a: Outcome<String?>, _ b: Outcome<String?>) -> Bool {
        a.answer == b.answer && a.failure?.kind == b.failure?.kind && a.failure?.line == b.failure?.line
            && a.failure?.message == b.failure?.message
    }

    @Test("Generated rules × inputs, in any order and on several threads", arguments: 0..<48)
    func property(seed: Int) throws {
        var generator = RuleGenerator(random: SeededGenerator(state: UInt64(seed) &* 7919 &+ 1))
        let template = generator.script()
        let source = template.replacingOccurrences(of: " PREAMBLE", with: "")
        let script = try RuleScript(source: source, file: file)
        // Direct: a fresh RegionHooks per input, so nothing is memoised.
        let direct = Self.inputs.map { c, s in
            RegionHooks(plugin: "proef", script: script, limits: Self.limits).locationOutcome(c, s)
        }
        let memo = RegionHooks(plugin: "proef", script: script, limits: Self.limits)
        var order = Array(Self.inputs.indices)
        var random = SeededGenerator(state: UInt64(seed))
        order.shuffle(using: &random)
        for i in order {
            let (c, s) = Self.inputs[i]
            let got = memo.locationOutcome(c, s)
            #expect(Self.same(got, direct[i]), "seed \(seed), input \(i): \(got) ≠ \(direct[i])\n\(source)")
        }
        #expect(memo.evaluations <= Self.inputs.count)
        #expect(memo.contradictions == 0, "seed \(seed)\n\(source)")
        // Again, all at once from several threads, on a fresh memo.
        let shared = RegionHooks(plugin: "proef", script: script, limits: Self.limits)
        let mismatches = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            for i in stride(from: w, to: Self.inputs.count, by: 4).reversed() {
                let (c, s) = Self.inputs[i]
                if !Self.same(shared.locationOutcome(c, s), direct[i]) { mismatches.withLock { $0 += 1 } }
            }
        }
        #expect(mismatches.withLock { $0 } == 0, "seed \(seed)\n\(source)")
        #expect(shared.contradictions == 0, "seed \(seed)")
        #expect(Set(shared.failures) == Set(direct.compactMap(\.failure)), "each failure recorded once, the same ones")

        // The proxies behave as the plain tables they stand for: the same rule on copies of its
        // arguments (made on the hook's own line, so lines agree) answers the same.
        guard !generator.usesIdentity else { return }
        let copying = template.replacingOccurrences(of: " PREAMBLE", with:
            " local function kopie(t) local u = {} for k, v in pairs(t) do u[k] = v end return u end zaak, plek = kopie(zaak), kopie(plek)")
        let plain = RegionHooks(plugin: "proef", script: try RuleScript(source: copying, file: file),
                                limits: RuleLimits(instructions: Self.limits.instructions))
        for (i, (c, s)) in Self.inputs.enumerated() {
            let got = plain.locationOutcome(c, s)
            let budgetBoth = got.failure?.kind == .budget && direct[i].failure?.kind == .budget
            #expect(got.answer == direct[i].answer && got.failure?.kind == direct[i].failure?.kind
                    && got.failure?.line == direct[i].failure?.line && (budgetBoth || got.failure?.message == direct[i].failure?.message),
                    "seed \(seed), input \(i): with plain tables \(got) ≠ \(direct[i])\n\(copying)")
        }
    }

    @Test("A rule reading only zaak.soort and plek.begintijd is evaluated once per pair of their values")
    func fewEvaluations() throws {
        let h = RegionHooks(plugin: "proef", script: try script("""
        function toelaten(zaak, plek)
          if zaak.soort == 'kwart-voor-twaalf' then return plek.begintijd == '09:00' end
          return plek.begintijd ~= '09:00'
        end
        """))
        let soorten = ["vijf-voor-twaalf", "kwart-voor-twaalf", "evaluatie", "ots-beeindiging"]
        let tijden = ["09:00", "10:30", "12:00", "13:30", "15:00"]
        var random = SeededGenerator(state: 42)
        var admitted = 0
        for i in 0..<2000 {
            let c = HookCase(soort: soorten.randomElement(using: &random)!, regio: "proef", gemeente: "Gemeente \(i % 97)",
                             kinderen: i % 6, oudsteKind: i % 18, jongsteKind: i % 5, letJB: i % 3 == 0,
                             gi: i % 2 == 0 ? "vast" : "op_afroep")
            let s = HookSlot(regio: "proef", weekdag: ["maandag", "dinsdag", "woensdag"][i % 3],
                             begintijd: tijden.randomElement(using: &random)!, tafel: 1 + i % 4, locatie: "Zaal \(i % 7)")
            let expected = c.soort == "kwart-voor-twaalf" ? s.begintijd == "09:00" : s.begintijd != "09:00"
            #expect(h.admits(c, s) == expected)
            if expected { admitted += 1 }
        }
        #expect(admitted > 0 && admitted < 2000)
        #expect(h.evaluations <= soorten.count * tijden.count, "\(h.evaluations) evaluations")
        #expect(h.evaluations >= soorten.count + 1, "one per distinct path at least")
        #expect(h.failures.isEmpty)
    }

    @Test("Seeing an argument as a whole memoises per whole input", arguments: [
        "local n = 0 for _ in pairs(zaak) do n = n + 1 end return n > 0",
        "return next(zaak) ~= nil",
        "return #zaak == 0",
        "return tostring(zaak) == 'argument 1'",
        "return table.concat(zaak) == ''",
        "for i, v in ipairs(zaak) do end return true",
    ])
    func everything(body: String) throws {
        let h = RegionHooks(plugin: "proef", script: try script("function toelaten(zaak, plek) \(body) end"))
        let cases = (0..<5).map { HookCase(soort: "evaluatie", regio: "proef", gemeente: "Ede", kinderen: $0) }
        for c in cases { #expect(h.admits(c, plek)) }
        #expect(h.evaluations == cases.count, "each distinct input evaluated")
        #expect(h.failures.isEmpty, "\(h.failures)")
    }

    @Test("The trace lists the fields read, in order, once each")
    func trace() throws {
        let s = try script("""
        function toelaten(zaak, plek)
          local a = plek.begintijd
          if zaak.soort == 'evaluatie' and rawget(zaak, 'soort') then return zaak.onbekend == nil end
          zaak.gemeente = nil
          return zaak.gemeente == nil and zaak.kinderen > 0
        end
        """)
        let evaluatie = HookCase(soort: "evaluatie", regio: "proef", gemeente: "Ede", kinderen: 2)
        let (first, t1) = s.traced("toelaten", [evaluatie.ruleValue, plek.ruleValue], limits: .init())
        #expect(first.value == .bool(true))
        #expect(t1 == ReadTrace(fields: [.init(argument: 2, key: "begintijd"), .init(argument: 1, key: "soort"),
                                         .init(argument: 1, key: "onbekend")]))
        let (second, t2) = s.traced("toelaten", [zaak.ruleValue, plek.ruleValue], limits: .init())
        #expect(second.value == .bool(true), "a written nil stays nil: it does not read the input again")
        #expect(t2 == ReadTrace(fields: [.init(argument: 2, key: "begintijd"), .init(argument: 1, key: "soort"),
                                         .init(argument: 1, key: "kinderen")]))
        let (_, t3) = s.traced("toelaten", [zaak.ruleValue, plek.ruleValue, .text("extra")], limits: .init())
        #expect(t3 == t2, "a text argument is passed as it is")
    }

    @Test("field(_:) gives exactly the fields of ruleValue (the memo walks with one, the script reads the other)")
    func fieldsAgree() {
        let arguments: [any HookArgument] = Self.inputs.prefix(20).flatMap { [$0.0 as any HookArgument, $0.1] }
        for argument in arguments {
            guard case .table(let fields) = argument.ruleValue else { Issue.record("not a table"); continue }
            for key in Set(fields.keys).union(["oudste_kind", "jongste_kind", "onbekend", "tafel", "soort"]) {
                #expect(argument.field(key) == fields[key], "\(key)")
            }
        }
    }

    @Test("A proxy keeps its protections: no new metatable, no raw access to the input")
    func protections() throws {
        let set = try hostile("setmetatable(zaak, {})")
        #expect(set.failure?.message.contains("protected metatable") == true, "\(String(describing: set.failure))")
        let meta = try hostile("if getmetatable(zaak) ~= false then error('open') end")
        #expect(meta.value == .bool(true))
        let returned = try script("function locatie(zaak, plek) zaak.extra = 'x' zaak.regio = nil return table.concat({ #zaak }) .. next(plek) end")
            .call("locatie", [zaak.ruleValue, plek.ruleValue])
        #expect(returned.value == .text("0begintijd"))
        let whole = try script("function deelnemers(zaak) zaak.extra = 'x' zaak.regio = nil return zaak end").call("deelnemers", [zaak.ruleValue])
        guard case .table(let fields)? = whole.value else { Issue.record("\(whole)"); return }
        #expect(fields["extra"] == .text("x") && fields["regio"] == nil && fields["soort"] == .text("kwart-voor-twaalf"))
    }
}

import Foundation
import Testing
@testable import JBTRules

/// Each limit of the sandbox against a hostile script: contained, reported with kind and Lua line,
/// quick, and the next evaluation clean.
@Suite("The Lua sandbox against hostile scripts")
struct SandboxTests {
    /// Runs `code` inside `toelaten` (its first line is line 3) and checks the failure.
    func expectFailure(_ code: String, kind: RuleFailure.Kind, line: Int?, message fragment: String,
                       limits: RuleLimits = .init(), sourceLocation: SourceLocation = #_sourceLocation) throws {
        let start = ContinuousClock.now
        let failure = try #require(try hostile(code, limits: limits).failure, "contained as a failure", sourceLocation: sourceLocation)
        let elapsed = ContinuousClock.now - start
        #expect(failure.kind == kind, "\(failure)", sourceLocation: sourceLocation)
        #expect(failure.line == line, "\(failure)", sourceLocation: sourceLocation)
        #expect(failure.message.contains(fragment), "\(failure)", sourceLocation: sourceLocation)
        #expect(failure.hook == "toelaten" && failure.file == file, sourceLocation: sourceLocation)
        #expect(elapsed < .seconds(1), "stopped quickly, took \(elapsed)", sourceLocation: sourceLocation)
        // The host is unharmed and the next evaluation is clean.
        #expect(try hostile("").value == .bool(true), sourceLocation: sourceLocation)
    }

    @Test("An endless loop runs into the instruction budget, on its own line")
    func endlessLoop() throws {
        try expectFailure("local n = 0\nwhile true do n = n + 1 end", kind: .budget, line: 4, message: "rekengrens van 1000000 instructies")
        try expectFailure("for i = 1, math.maxinteger do end", kind: .budget, line: 3, message: "rekengrens")
        try expectFailure("local t = {}\nfor i = 1, 1000 do t[i] = i end", kind: .budget, line: 4, message: "rekengrens van 500",
                          limits: RuleLimits(instructions: 500))
    }

    @Test("pcall cannot swallow a stopped script")
    func pcallCannotCatchLimits() throws {
        try expectFailure("while true do pcall(function() while true do end end) end", kind: .budget, line: 3, message: "rekengrens")
        try expectFailure("local ok = xpcall(function() while true do end end, function(e) return e end)\nwhile true do end",
                          kind: .budget, line: 3, message: "rekengrens")
        // Lua runs a message handler for an error raised in the count hook with hooks off: the
        // script's own handler must never run then.
        try expectFailure("xpcall(function() while true do end end, function(e) while true do end end)", kind: .budget, line: 3,
                          message: "rekengrens")
        try expectFailure("xpcall(function() io.open('x') end, function(e) while true do end end)", kind: .forbidden, line: 3,
                          message: "'io' is niet toegestaan")
        try expectFailure("local x <close> = setmetatable({}, { __close = function() while true do end end })\nwhile true do end",
                          kind: .budget, line: 4, message: "rekengrens")
        let handled = try hostile("local ok, e = xpcall(function() error('eigen fout', 0) end, function(e) return 'afgehandeld: ' .. e end)\n"
                                  + "if e ~= 'afgehandeld: eigen fout' then error(e) end")
        #expect(handled.value == .bool(true), "the script's handler still handles its own errors: \(String(describing: handled))")
        try expectFailure("pcall(string.rep, 'x', 1 << 40)\nreturn true", kind: .memory, line: 3, message: "string.rep zou")
        try expectFailure("local ok, e = pcall(io.open, 'x')", kind: .forbidden, line: 3, message: "'io' is niet toegestaan")
    }

    @Test("A memory bomb runs into the memory cap")
    func memoryBomb() throws {
        try expectFailure("local t = {}\nfor i = 1, 1e9 do t[i] = i end", kind: .memory, line: 4, message: "geheugengrens van 4194304 bytes")
        try expectFailure("local s = 'x'\nwhile true do s = s .. s end", kind: .memory, line: 4, message: "geheugengrens")
        try expectFailure("local s = string.rep('x', 1e9)", kind: .memory, line: 3, message: "string.rep zou 1000000000 bytes maken")
        try expectFailure("local s = ('ab'):rep(3e6, ',')", kind: .memory, line: 3, message: "string.rep zou")
        try expectFailure("local t = {}\nfor i = 1, 1e6 do t[i] = ('x'):rep(1000) .. i end", kind: .memory, line: 4, message: "geheugengrens",
                          limits: RuleLimits(instructions: 100_000_000))
    }

    @Test("string.rep of nothing, a huge number of times, is just empty (not a loop outside the budget)")
    func emptyRep() throws {
        let s = try script("function locatie(zaak, plek) return 'Zaal ' .. #string.rep('', 1e15) .. #string.rep('', 5, '') end")
        #expect(s.call("locatie", [zaak.ruleValue, plek.ruleValue]).value == .text("Zaal 00"))
    }

    @Test("Work done in C or by the VM on long strings is charged to the budget")
    func hiddenWork() throws {
        // Each line copies or scans about 1 MB per iteration while using few instructions.
        try expectFailure("local s = ('x'):rep(1e6)\nfor i = 1, 1e6 do local y = s .. i end", kind: .budget, line: 4, message: "rekengrens")
        try expectFailure("local s = ('x'):rep(1e6)\nfor i = 1, 1e6 do local y = s:upper() end", kind: .budget, line: 4, message: "rekengrens")
        try expectFailure("local s = ('x'):rep(1e6)\nfor i = 1, 1e6 do local y = s:find('y', 1, true) end", kind: .budget, line: 4,
                          message: "rekengrens")
        try expectFailure("local t = {}\nfor i = 1, 1e5 do table.insert(t, 1, i) end", kind: .budget, line: 4, message: "rekengrens")
        try expectFailure("local t = setmetatable({}, { __len = function() return 1e15 end })\ntable.insert(t, 1, 'x')",
                          kind: .forbidden, line: 4, message: "table.insert op een tabel met een metatabel")
    }

    @Test("Comparing long strings in a loop hits the time backstop (about 1 s per million instructions)")
    func timeBackstop() throws {
        let start = ContinuousClock.now
        let r = try hostile("local a = ('x'):rep(1e6) .. 'a'\nlocal b = ('x'):rep(1e6) .. 'b'\nlocal n = 0\nwhile a < b do n = n + 1 end")
        let failure = try #require(r.failure)
        #expect(failure.kind == .budget && failure.line == 6 && failure.message.contains("rekentijd van 1.0 s"), "\(failure)")
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    @Test("Deep recursion is stopped, never a crash of the host")
    func deepRecursion() throws {
        let r = try hostile("local function f(n) return 1 + f(n + 1) end\nreturn f(1)")
        let failure = try #require(r.failure)
        #expect([.memory, .error].contains(failure.kind), "\(failure)")
        #expect(failure.line == 3, "\(failure)")
        // C-level nesting: pcall inside pcall.
        let nested = try hostile("local function f() return pcall(f) end\nlocal ok = f()\nerror('hier')")
        #expect(nested.failure?.kind == .error, "\(String(describing: nested))")
        // A deeply nested expression is refused by the compiler.
        let deep = String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)
        #expect(throws: RuleCompileError.self) { try script("function toelaten() return \(deep) end") }
    }

    @Test("Patterns are refused (they run in C, outside the budget); plain search works")
    func patterns() throws {
        try expectFailure("return string.find(('a'):rep(120), '.-.-.-.-b')", kind: .forbidden, line: 3, message: "string.find met een patroon")
        try expectFailure("return ('abc'):match('a(.)c')", kind: .forbidden, line: 3, message: "'match' is niet toegestaan")
        try expectFailure("for w in ('a b'):gmatch('%a+') do end", kind: .forbidden, line: 3, message: "'gmatch' is niet toegestaan")
        try expectFailure("local s = ('a'):gsub('a', 'b')", kind: .forbidden, line: 3, message: "'gsub' is niet toegestaan")
        try expectFailure("local s = ('a'):rep(5e5)\nlocal t = ('a'):rep(1e3)\nreturn s:find(t, 1, true)", kind: .budget, line: 5,
                          message: "string.find op te lange tekst")
        let s = try script("""
        function toelaten(zaak, plek)
          return string.find(plek.locatie, 'Ede') ~= nil and zaak.gemeente:find('.', 1, true) == nil
        end
        """)
        #expect(s.call("toelaten", [zaak.ruleValue, plek.ruleValue]).value == .bool(true))
    }

    @Test("Files, the OS, loading code, bytecode, the collector and print are forbidden", arguments: [
        ("io.open('/etc/passwd')", "'io' is niet toegestaan"),
        ("os.execute('true')", "'os' is niet toegestaan"),
        ("require('socket')", "'require' is niet toegestaan"),
        ("load('return 1')()", "'load' is niet toegestaan"),
        ("dofile('/etc/passwd')", "'dofile' is niet toegestaan"),
        ("loadfile('/etc/passwd')", "'loadfile' is niet toegestaan"),
        ("string.dump(function() end)", "'dump' is niet toegestaan"),
        ("collectgarbage('stop')", "'collectgarbage' is niet toegestaan"),
        ("print('hallo')", "'print' is niet toegestaan"),
        ("debug.sethook()", "'debug' is niet toegestaan"),
        ("package.loadlib('x', 'y')", "'package' is niet toegestaan"),
        ("coroutine.wrap(function() end)", "'coroutine' is niet toegestaan"),
        ("math.randomseed(1)", "'randomseed' is niet toegestaan"),
        ("local x = math.random()", "'random' is niet toegestaan"),
        ("table.move({}, 1, math.maxinteger - 1, 2)", "'move' is niet toegestaan"),
        ("string.pack('i4', 1)", "'pack' is niet toegestaan"),
        ("getmetatable('').__index = { upper = function() return 'x' end }", "getmetatable op een string"),
        ("setmetatable({}, { __gc = function() while true do end end })", "__gc is niet toegestaan"),
        ("local g = _G; g['lo' .. 'ad']('x')", "'load' is niet toegestaan"),
        ("local t = setmetatable({}, { __mode = 'k' })", "__mode (zwakke tabel) is niet toegestaan"),
    ])
    func forbidden(code: String, fragment: String) throws {
        try expectFailure(code, kind: .forbidden, line: 3, message: fragment)
    }

    @Test("Protected metatables stay protected")
    func metatables() throws {
        try expectFailure("setmetatable(_G, nil)", kind: .error, line: 3, message: "protected metatable")
        let r = try hostile("if getmetatable(_G) ~= false then error('open') end\nif getmetatable(string) ~= false then error('open') end")
        #expect(r.value == .bool(true), "\(String(describing: r))")
    }

    @Test("Errors are reported with their line; error objects that are tables are described")
    func errorObjects() throws {
        try expectFailure("local x\nlocal y = x.veld", kind: .error, line: 4, message: "attempt to index a nil value")
        try expectFailure("error('geen plek voor deze zaak')", kind: .error, line: 3, message: "geen plek voor deze zaak")
        try expectFailure("error({ code = 7 })", kind: .error, line: 3, message: "het foutobject is een table")
        try expectFailure("error(setmetatable({}, { __tostring = function() while true do end end }))", kind: .error, line: 3,
                          message: "het foutobject is een table")
        try expectFailure("error()", kind: .error, line: 3, message: "fout zonder bericht")
        try expectFailure("error(42, 0)", kind: .error, line: 3, message: "fout 42")
    }

    @Test("Globals set by one evaluation are not seen by the next")
    func freshEnvironment() throws {
        let s = try script("""
        function normdagen(zaak)
          teller = (teller or 0) + 1
          string.upper = function() return 'gekaapt' end
          return teller
        end
        function locatie(zaak, plek) return string.upper('zaal') end
        """)
        #expect(s.call("normdagen", [zaak.ruleValue]).value == .number(1))
        #expect(s.call("normdagen", [zaak.ruleValue]).value == .number(1))
        #expect(s.call("locatie", [zaak.ruleValue, plek.ruleValue]).value == .text("ZAAL"))
    }

    @Test("Results that cannot cross are reported as bad results")
    func unreadableResults() throws {
        let s = try script("""
        function toelaten(zaak, plek) return function() end end
        function deelnemers(zaak) return { 1, x = 2 } end
        function locatie(zaak, plek) local t = {} t[1] = t return t end
        function normdagen(zaak) return '\\255' end
        """)
        let f = s.call("toelaten", [zaak.ruleValue, plek.ruleValue]).failure
        #expect(f?.kind == .badResult && f?.line == 2 && f?.message == "gaf een functie terug", "\(String(describing: f))")
        #expect(s.call("deelnemers", [zaak.ruleValue]).failure?.message == "gaf een tabel met gemengde sleutels terug")
        #expect(s.call("locatie", [zaak.ruleValue, plek.ruleValue]).failure?.message.contains("te diep genest") == true)
        #expect(s.call("normdagen", [zaak.ruleValue]).failure?.message == "gaf tekst die geen geldige UTF-8 is terug")
    }

    @Test("Limits below what the libraries need, and hooks the script lacks, fail cleanly")
    func edges() throws {
        let r = try hostile("", limits: RuleLimits(instructions: 1_000_000, memoryBytes: 1_000))
        #expect(r.failure?.kind == .memory, "\(String(describing: r))")
        let s = try script("function normdagen(zaak) return 12, 'meer' end")
        #expect(s.call("normdagen", [zaak.ruleValue]).value == .number(12), "only the first result counts")
        let missing = s.call("toelaten", [zaak.ruleValue, plek.ruleValue]).failure
        #expect(missing?.kind == .error && missing?.message == "het script definieert de hook 'toelaten' niet")
    }

    @Test("Evaluations run in parallel without sharing anything")
    func parallel() async throws {
        let s = try script("function normdagen(zaak) x = (x or 0) + zaak.kinderen return x end")
        let results = await withTaskGroup(of: RuleValue?.self) { group in
            for n in 1...16 {
                group.addTask { s.call("normdagen", [HookCase(soort: "evaluatie", regio: "r", gemeente: "g", kinderen: n).ruleValue]).value }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.compactMap { $0 }) == Set((1...16).map { RuleValue.number(Double($0)) }))
    }
}

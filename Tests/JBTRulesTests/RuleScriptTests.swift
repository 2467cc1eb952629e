import Testing
@testable import JBTRules

@Suite("Loading a rule script: contract v1 checked before any planning")
struct RuleScriptTests {
    @Test("A script's hooks are the known global functions it defines; local helpers are fine")
    func hooks() throws {
        let s = try script("""
        local function jong(zaak) return (zaak.jongste_kind or 99) < 12 end
        function toelaten(zaak, plek) return not jong(zaak) end
        function normdagen(zaak) return 21 end
        grens = 12
        """)
        #expect(s.hooks == ["toelaten", "normdagen"])
        #expect(s.file == file)
    }

    @Test("Compile errors name file, line and what is wrong", arguments: [
        ("contract = 1\nfunction toelaten(zaak, plek)\n  return zaak.soort ==\nend\n", 4, "geen geldige Lua-tekst"),
        ("contract = 1\nlocal x = nil\nx.veld = 1\nfunction toelaten() return true end\n", 3, "faalt bij het laden"),
        ("contract = 1\nfunction toelaten() return true end\n\nfunction hulp() return 1 end\n", 4, "'hulp' is geen hook"),
        ("contract = 1\nwhile true do end\nfunction toelaten() return true end\n", 2, "rekengrens"),
        ("contract = 1\nlocal f = io.open('/etc/passwd')\nfunction toelaten() return true end\n", 2, "'io' is niet toegestaan"),
    ])
    func compileErrors(source: String, line: Int, fragment: String) {
        #expect {
            _ = try RuleScript(source: source, file: file)
        } throws: { error in
            guard let e = error as? RuleCompileError else { return false }
            return e.file == file && e.line == line && e.message.contains(fragment)
                && e.description.hasPrefix("\(file):\(line): ")
        }
    }

    @Test("The contract version must be set, and be 1; a script needs at least one hook", arguments: [
        ("function toelaten() return true end", "zet 'contract = 1' niet"),
        ("contract = 2\nfunction toelaten() return true end", "kent alleen contract 1"),
        ("contract = '1'\nfunction toelaten() return true end", "kent alleen contract 1"),
        ("contract = 1\ntoelaten = true", "'toelaten' moet een functie zijn"),
        ("contract = 1\nlocal function toelaten() return true end", "geen enkele hook"),
    ])
    func contract(source: String, fragment: String) {
        #expect {
            _ = try RuleScript(source: source, file: file)
        } throws: { error in
            (error as? RuleCompileError)?.message.contains(fragment) == true
        }
    }

    @Test("Bytecode is refused: only text is loaded")
    func bytecode() {
        let source = "\u{1B}Lua\u{54}\u{00}\u{19}\u{93}\r\n\u{1A}\n"
        #expect {
            _ = try RuleScript(source: source, file: file)
        } throws: { error in
            (error as? RuleCompileError)?.message.contains("binary chunk") == true
        }
    }

    @Test("Lua's location prefix is split off the message, also when the chunk name was cut short")
    func location() {
        #expect(LuaEvaluation.splitLocation("\(file):12: boem", file: file) == (12, "boem"))
        let long = String(repeating: "a", count: 80) + ".lua"
        #expect(LuaEvaluation.splitLocation(String(long.prefix(59)) + ":3: x: y", file: long) == (3, "x: y"))
        #expect(LuaEvaluation.splitLocation("zonder plaats: 3: x", file: file) == (nil, "zonder plaats: 3: x"))
    }
}

import Foundation
import Testing
@testable import JBTRules

/// The examples in docs/plugins-lua.md are real: each Lua block loads, and the hooks it shows
/// answer as the text says.
@Suite("The examples of docs/plugins-lua.md")
struct DocumentationTests {
    static let guide: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOf: url.appendingPathComponent("docs/plugins-lua.md"), encoding: .utf8)) ?? ""
    }()

    static var luaBlocks: [String] {
        guide.components(separatedBy: "```lua\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    @Test("Every example loads as a script of contract 1")
    func examplesLoad() throws {
        let blocks = Self.luaBlocks
        try #require(blocks.count == 5, "one structure example and one per hook")
        var defined: Set<String> = []
        for block in blocks {
            let source = block.hasPrefix("contract = 1") ? block : "contract = 1\n" + block
            defined.formUnion(try RuleScript(source: source, file: "docs/plugins-lua.md").hooks)
        }
        #expect(defined == RuleScript.knownHooks)
    }

    @Test("The examples answer as described")
    func examplesAnswer() throws {
        let source = "contract = 1\n" + Self.luaBlocks.dropFirst().joined(separator: "\n")
        let h = RegionHooks(plugin: "voorbeeld", script: try RuleScript(source: source, file: "docs/plugins-lua.md"))
        let evaluatie = HookCase(soort: "evaluatie", regio: "food-valley", gemeente: "Ede", kinderen: 1, oudsteKind: 2, jongsteKind: 2)
        let kwart = HookCase(soort: "kwart-voor-twaalf", regio: "food-valley", gemeente: "Barneveld", kinderen: 2, letJB: true)
        let negen = HookSlot(regio: "food-valley", weekdag: "dinsdag", begintijd: "09:00", locatie: "Gemeentehuis Ede")
        #expect(h.admits(kwart, negen) && !h.admits(evaluatie, negen))
        #expect(h.normDays(evaluatie) == 28 && h.normDays(kwart) == nil)
        #expect(h.extraParticipants(evaluatie) == ["jeugdarts", "consultatiebureau"])
        #expect(h.extraParticipants(kwart) == ["jeugdreclassering"])
        #expect(h.location(evaluatie, negen) == "Stadhuis Wageningen, Markt 22" && h.location(kwart, negen) == nil)
        #expect(h.failures.isEmpty)
    }
}

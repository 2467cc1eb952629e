import Foundation
import Testing
@testable import JBTRules

@Suite("Contract v1: the typed hooks the planner calls")
struct RegionHooksTests {
    static let rules = """
    contract = 1
    -- Kwart-voor-twaalf alleen in het eerste gesprek van de dag; Ede en Wageningen in Wageningen.
    function toelaten(zaak, plek)
      if plek.begintijd == '09:00' then return zaak.soort == 'kwart-voor-twaalf' end
      return true
    end
    function normdagen(zaak)
      if zaak.soort == 'evaluatie' then return 28 end
      return nil
    end
    function deelnemers(zaak)
      if zaak.let_jb then return { 'jeugdreclassering' } end
      if (zaak.jongste_kind or 99) < 4 then return { 'jeugdarts', 'consultatiebureau' } end
      return {}
    end
    function locatie(zaak, plek)
      if zaak.gemeente == 'Wageningen' or zaak.gemeente == 'Ede' then return 'Stadhuis Wageningen, Markt 22' end
    end
    """

    func hooks(_ source: String = rules) throws -> RegionHooks {
        RegionHooks(plugin: "proef", script: try RuleScript(source: source, file: file))
    }

    func slot(_ time: String) -> HookSlot {
        HookSlot(regio: "proef", weekdag: "dinsdag", begintijd: time, tafel: 1, locatie: "Gemeentehuis Ede")
    }

    func zaak(_ soort: String, gemeente: String = "Ede", jongste: Int? = nil, letJB: Bool = false) -> HookCase {
        HookCase(soort: soort, regio: "proef", gemeente: gemeente, kinderen: 1, oudsteKind: jongste, jongsteKind: jongste, letJB: letJB, gi: "vast")
    }

    @Test("Each hook answers with the typed value of the contract")
    func answers() throws {
        let h = try hooks()
        #expect(h.admits(zaak("kwart-voor-twaalf"), slot("09:00")))
        #expect(!h.admits(zaak("evaluatie"), slot("09:00")))
        #expect(h.admits(zaak("evaluatie"), slot("11:00")))
        #expect(h.normDays(zaak("evaluatie")) == 28)
        #expect(h.normDays(zaak("vijf-voor-twaalf")) == nil)
        #expect(h.extraParticipants(zaak("evaluatie", letJB: true)) == ["jeugdreclassering"])
        #expect(h.extraParticipants(zaak("evaluatie", jongste: 2)) == ["jeugdarts", "consultatiebureau"])
        #expect(h.extraParticipants(zaak("evaluatie", jongste: 9)) == [])
        #expect(h.location(zaak("evaluatie", gemeente: "Wageningen"), slot("09:00")) == "Stadhuis Wageningen, Markt 22")
        #expect(h.location(zaak("evaluatie", gemeente: "Renswoude"), slot("09:00")) == nil)
        #expect(h.failures.isEmpty)
        #expect(h.plugin == "proef" && h.has("toelaten") && !h.has("onbekend"))
    }

    @Test("Without a hook the defaults hold: admitted, the usual norm, nobody extra, the slot's location")
    func defaults() throws {
        let h = try hooks("contract = 1\nfunction normdagen(zaak) return 10 end")
        #expect(h.admits(zaak("evaluatie"), slot("09:00")))
        #expect(h.extraParticipants(zaak("evaluatie")) == [])
        #expect(h.location(zaak("evaluatie"), slot("09:00")) == nil)
        #expect(h.normDays(zaak("evaluatie")) == 10)
        #expect(h.failures.isEmpty)
    }

    @Test("Wrong result types are failures naming what was expected; the decision counts as 'no'", arguments: [
        ("function toelaten(z, p) return 1 end", "toelaten", "moet true of false teruggeven, maar gaf het getal 1"),
        ("function toelaten(z, p) end", "toelaten", "moet true of false teruggeven, maar gaf nil"),
        ("function normdagen(z) return 91 end", "normdagen", "geheel getal van 1 tot en met 90 (of nil) teruggeven, maar gaf het getal 91"),
        ("function normdagen(z) return 14.5 end", "normdagen", "maar gaf het getal 14.5"),
        ("function normdagen(z) return '14' end", "normdagen", "maar gaf de tekst \"14\""),
        ("function deelnemers(z) return 'jeugdarts' end", "deelnemers", "moet een lijst van rollen teruggeven"),
        ("function deelnemers(z) end", "deelnemers", "maar gaf nil"),
        ("function deelnemers(z) return { 'jeugdarts', '' } end", "deelnemers", "maar item 2 is de tekst \"\""),
        ("function deelnemers(z) return { string.rep('x', 61) } end", "deelnemers", "maar item 1 is de tekst"),
        ("function deelnemers(z) return { rol = 'x' } end", "deelnemers", "maar gaf een tabel met velden (rol)"),
        ("function locatie(z, p) return '' end", "locatie", "moet een tekst van 1 tot 200 tekens op één regel (of nil) teruggeven"),
        ("function locatie(z, p) return 'Zaal 1\\nZaal 2' end", "locatie", "op één regel"),
        ("function locatie(z, p) return true end", "locatie", "maar gaf de waarde true"),
    ])
    func badResults(body: String, hook: String, fragment: String) throws {
        let h = try hooks("contract = 1\n" + body)
        let c = zaak("evaluatie"), s = slot("09:00")
        #expect(h.admits(c, s) == (hook != "toelaten"))
        #expect(h.normDays(c) == nil)
        #expect(h.extraParticipants(c) == [])
        #expect(h.location(c, s) == nil)
        let failure = try #require(h.failures.first)
        #expect(h.failures.count == 1)
        #expect(failure.kind == .badResult && failure.hook == hook && failure.line == 2, "\(failure)")
        #expect(failure.message.contains(fragment), "\(failure.message)")
        #expect(failure.description.hasPrefix("\(file):2: regel '\(hook)' faalde: "), "\(failure)")
        #expect(failure.description.hasSuffix("; de beslissing telt als 'nee'"))
    }

    @Test("A failing rule is recorded once, with plugin file, hook and line; the planning goes on")
    func failuresRecorded() throws {
        let h = try hooks("""
        contract = 1
        function toelaten(zaak, plek)
          if zaak.gemeente == 'Ede' then
            while true do end
          end
          if zaak.gemeente == 'Barneveld' then error('onbekende gemeente') end
          return true
        end
        """)
        for _ in 0..<3 {
            #expect(!h.admits(zaak("evaluatie"), slot("09:00")))
            #expect(!h.admits(zaak("evaluatie"), slot("11:00")))
            #expect(!h.admits(zaak("evaluatie", gemeente: "Barneveld"), slot("09:00")))
            #expect(h.admits(zaak("evaluatie", gemeente: "Nijkerk"), slot("09:00")))
        }
        #expect(h.failures.map(\.description) == [
            "\(file):4: regel 'toelaten' faalde: de rekengrens van 1000000 instructies is overschreden (een eindeloze lus, of te veel werk); de beslissing telt als 'nee'",
            "\(file):6: regel 'toelaten' faalde: onbekende gemeente; de beslissing telt als 'nee'",
        ])
        #expect(h.failures.map(\.kind) == [.budget, .error])
    }

    @Test("Answers are memoised: a rule is evaluated once per distinct input")
    func memoised() throws {
        // A rule that takes ~0.1 s per evaluation: 50 repeated questions must not cost 50 evaluations.
        let h = RegionHooks(plugin: "proef", script: try RuleScript(source: """
        contract = 1
        function toelaten(zaak, plek)
          local n = 0
          for i = 1, 3000000 do n = n + i end
          return n > 0
        end
        """, file: file), limits: RuleLimits(instructions: 100_000_000))
        let start = ContinuousClock.now
        let first = h.admits(zaak("evaluatie"), slot("09:00"))
        let once = ContinuousClock.now - start
        for _ in 0..<50 { #expect(h.admits(zaak("evaluatie"), slot("09:00")) == first) }
        #expect(first)
        #expect(ContinuousClock.now - start < once * 5, "50 cached answers cost less than a few evaluations")
    }

    @Test("Ages are absent in Lua when unknown; numbers arrive as integers")
    func inputs() throws {
        let h = try hooks("""
        contract = 1
        function locatie(zaak, plek)
          return table.concat({ zaak.soort, zaak.regio, zaak.gemeente, math.type(zaak.kinderen), tostring(zaak.oudste_kind),
            tostring(zaak.jongste_kind), tostring(zaak.let_jb), zaak.gi, plek.regio, plek.weekdag, plek.begintijd,
            string.format('%d', plek.tafel), plek.locatie }, '|')
        end
        """)
        let c = HookCase(soort: "evaluatie", regio: "proef", gemeente: "Ede", kinderen: 3, oudsteKind: 15, jongsteKind: nil, letJB: true, gi: "op_afroep")
        #expect(h.location(c, HookSlot(regio: "proef", weekdag: "donderdag", begintijd: "13:30", tafel: 2, locatie: "Zaal B"))
                == "evaluatie|proef|Ede|integer|15|nil|true|op_afroep|proef|donderdag|13:30|2|Zaal B")
    }
}

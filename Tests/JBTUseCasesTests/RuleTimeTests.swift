import Foundation
import Testing
@testable import JBTUseCases
import JBTCore

/// The solver time a plan reports ("rekentijd") includes the time the region's rules took: a rule
/// that takes seconds must not be reported as a plan of a hundredth of a second.
@Suite("The reported solver time includes the rules")
struct RuleTimeTests {
    @Test("A plan's seconds are at least the seconds its rules took")
    func secondsIncludeRules() throws {
        let root = NSTemporaryDirectory() + "jbt-ruletime-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let plugin = root + "/plugins/west"
        try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
        try """
        id: west
        naam: Regio West
        gemeenten: [Westdorp]
        tafel: {dagen: [dinsdag, donderdag], begintijden: ["09:00", "11:00", "13:00", "15:00"], gesprek_minuten: 90,
                locatie: Raadhuis Westdorp}
        escalatiecontact: {naam: W. (fictief), functie: beleidsadviseur, email: w@example.org}
        regels: {bestand: regels.lua, contract: 1}
        """.write(toFile: plugin + "/regio.yaml", atomically: true, encoding: .utf8)
        // Reads everything (so every place is a new question) and works to near its per-call limit.
        try """
        contract = 1
        function toelaten(zaak, plek)
          for k in pairs(plek) do end
          local n = 0
          for i = 1, 250000 do n = n + i end
          return n > 0
        end
        """.write(toFile: plugin + "/regels.lua", atomically: true, encoding: .utf8)
        var intake = "aanmeldingen:\n"
        for n in 1...3 {
            intake += "  - {referentie: T-\(n), gemeente: Westdorp, type: vijf-voor-twaalf, aangemeld: 2026-11-27, "
                + "aanmelder: {naam: LT (fictief)}}\n"
        }
        try intake.write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
        let workspace = Workspace(storePath: root + "/store.sqlite", pluginRoots: [root + "/plugins"])
        let app = try App(workspace: workspace, dependencies: Dependencies(clock: FixedClock(day: CivilDate(iso: "2026-11-28")!),
                                                                            templateFolder: nil))
        _ = try app.intake(path: root + "/intake.yaml")
        let report = try app.plan(from: CivilDate(iso: "2026-11-30")!, weeks: 2, region: nil, dryRun: true)
        #expect(report.booked.count == 3)
        let rules = app.hooks.seconds
        #expect(rules > 0)
        #expect(report.seconds >= rules, "reported \(report.seconds) s, the rules took \(rules) s")
    }
}

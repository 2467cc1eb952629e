import Foundation
import Testing

/// `jbt plugins lint` and `jbt plugins test`, as a region uses them before trusting a plugin.
@Suite("jbt plugins lint and test")
struct PluginToolsEndToEndTests {
    /// The bundled plugins, as `make demo` loads them.
    func bundled(_ arguments: String..., environment: [String: String] = [:]) throws -> JBTRun {
        try Harness.run(arguments, environment: environment, cwd: NSTemporaryDirectory())
    }

    @Test("Every bundled plugin passes lint and its own example cases")
    func bundledPass() throws {
        let lint = try bundled("plugins", "lint")
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(lint.stdout.contains("8 plugin(s) gecontroleerd") && lint.stdout.contains("in orde"), "\(lint.stdout)")
        #expect(!lint.stdout.contains("waarschuwing"), "\(lint.stdout)")
        let test = try bundled("plugins", "test")
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("uit 8 plugin(s)") && test.stdout.contains(", 0 mislukt."), "every bundled plugin has examples: \(test.stdout)")
        // The dated change ahead in Rivierenland is among them.
        #expect(test.stdout.contains("geslaagd  rivierenland: Vanaf 1 maart 2027 zit de tafel op donderdag"))
    }

    @Test("A rule ending within the coming weeks is a warning ahead of time; a broken plugin an error with file and line")
    func lintWarnsAndFails() throws {
        let w = Workspace()
        let west = w.plugins + "/west/regio.yaml"
        let text = try String(contentsOfFile: west, encoding: .utf8)
        // West's table stops at the end of January 2027, with nothing after it.
        try text.replacingOccurrences(of: "  dagen: [dinsdag]\n", with: """
          dagen:
            waarden:
              2026-01-01: [dinsdag]
              2027-02-01: null

        """).write(toFile: west, atomically: true, encoding: .utf8)
        var run = try w.jbt(["plugins", "lint"], environment: ["JBT_TODAY": "2026-12-15"])
        #expect(run.status == 0, "a warning is not an error: \(run.stdout)")
        #expect(run.stdout.contains("veld tafel.dagen: de regel eindigt op 2027-02-01 (over 48 dagen) en heeft daarna geen waarde"), "\(run.stdout)")
        #expect(run.stdout.contains("van 2027-02-01 tot en met 2027-02-09 zit de tafel van west niet"), "\(run.stdout)")
        // Far enough ahead, no warning yet (of a rule ending; the test regions have no secretariat).
        run = try w.jbt(["plugins", "lint"], environment: ["JBT_TODAY": "2026-10-01"])
        #expect(!run.stdout.contains("eindigt op") && !run.stdout.contains("zit de tafel"), "\(run.stdout)")
        // Looking further ahead brings it into view.
        run = try w.jbt(["plugins", "lint", "--weken", "20"], environment: ["JBT_TODAY": "2026-10-01"])
        #expect(run.stdout.contains("eindigt op 2027-02-01"))

        // A typo in a key: an error naming file, line and field, exit 1.
        try text.replacingOccurrences(of: "gesprek_minuten: 90", with: "gesprekminuten: 90").write(toFile: west, atomically: true, encoding: .utf8)
        run = try w.jbt("plugins", "lint", w.plugins + "/west")
        #expect(run.status == 1)
        #expect(run.stdout.contains("fout: \(west), regel 11, veld tafel.gesprekminuten: onbekend veld \"gesprekminuten\" (bedoelt u \"gesprek_minuten\"?)"), "\(run.stdout)")
    }

    @Test("A plugin's examples that the planner does not meet fail with the difference and the line")
    func exampleFails() throws {
        let w = Workspace()
        let examples = w.write("plugins/west/voorbeelden.yaml", """
        voorbeelden:
          - naam: "Dinsdag 1 december"
            vanaf: 2026-11-30
            weken: 1
            aanmeldingen:
              - {referentie: VB-1, gemeente: Westdorp, type: vijf-voor-twaalf, aangemeld: 2026-11-27, aanmelder: {naam: LT (fictief)}}
            verwacht:
              - {referentie: VB-1, regio: west, datum: 2026-12-01, binnen_norm: true}
          - naam: "Verkeerd verwacht"
            vanaf: 2026-11-30
            weken: 1
            aanmeldingen:
              - {referentie: VB-2, gemeente: Westdorp, type: vijf-voor-twaalf, aangemeld: 2026-11-27, aanmelder: {naam: LT (fictief)}}
            verwacht:
              - {referentie: VB-2, regio: oost}
        """)
        var run = try w.jbt("plugins", "test", "west")
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("geslaagd  west: Dinsdag 1 december"))
        #expect(run.stdout.contains("MISLUKT   west: Verkeerd verwacht (\(examples), regel 9)"), "\(run.stdout)")
        #expect(run.stdout.contains("regel 15: VB-2 verwacht in oost, maar geboekt op 2026-12-01"), "\(run.stdout)")
        #expect(run.stdout.contains("2 voorbeeld(en) uit 1 plugin(s): 1 geslaagd, 1 mislukt."))
        // An example naming a reference it does not register is a lint error.
        w.write("plugins/west/voorbeelden.yaml", """
        voorbeelden:
          - naam: "Onbekende referentie"
            vanaf: 2026-11-30
            aanmeldingen:
              - {referentie: VB-1, gemeente: Westdorp, type: vijf-voor-twaalf, aangemeld: 2026-11-27, aanmelder: {naam: LT (fictief)}}
            verwacht:
              - {referentie: VB-9}
        """)
        run = try w.jbt("plugins", "lint")
        #expect(run.status == 1)
        #expect(run.stdout.contains("regel 7, veld voorbeelden[1].verwacht[1].referentie: referentie VB-9 staat niet bij de aanmeldingen van dit voorbeeld"), "\(run.stdout)")
    }
}

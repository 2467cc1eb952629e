import Foundation
import Testing

/// Hostile input through the real binary: a Dutch message, exit code 1, the store unchanged, and
/// nothing that one bad input does to the commands after it.
@Suite("End to end: hostile input hurts no more than itself")
struct HostileInputEndToEndTests {
    /// English words the argument parser, libyaml or Foundation would print.
    static let english = ["Error", "Usage", "Unknown", "Missing", "invalid", "expected", "Unexpected", "See '",
                          "NSCocoaErrorDomain", "The operation", "could not"]

    static func expectDutch(_ run: JBTRun, _ what: String) {
        #expect(run.status == 1, "\(what): exit \(run.status)")
        #expect(run.stderr.hasPrefix("fout: "), "\(what): \(run.stderr)")
        for word in english { #expect(!run.stderr.contains(word), "\(what): \(run.stderr)") }
    }

    /// (arguments, the first line of the message)
    static let commandLines: [([String], String)] = [
        (["plan", "--bogus"], "fout: onbekende optie '--bogus'"),
        (["plan", "--from"], "fout: bij '--from' ontbreekt de waarde"),
        (["plan", "--weeks", "veel"], "fout: de waarde 'veel' is ongeldig voor --weeks; geef een geheel getal"),
        (["cancel"], "fout: verplicht argument REFERENTIE ontbreekt"),
        (["cancel", "A-1", "A-2"], "fout: onverwacht argument 'A-2'"),
        (["agenda", "--region", "west"], "fout: verplicht argument --week ontbreekt"),
        (["plan", "--from", "10000-01-01"], "fout: --from: \"10000-01-01\" is geen geldige datum; schrijf JJJJ-MM-DD"),
        (["plan", "--from", "2201-01-01"], "fout: --from: datum 2201-01-01 ligt buiten de toegestane jaren 1900 t/m 2200"),
        (["agenda", "--region", "west", "--week", "9999-W52"],
         "fout: \"9999-W52\" is geen geldige week; schrijf JJJJ-Www, bijvoorbeeld 2026-W49"),
        (["agenda", "--region", "west", "--week", "2026-W4611686018427387904"],
         "fout: \"2026-W4611686018427387904\" is geen geldige week; schrijf JJJJ-Www, bijvoorbeeld 2026-W49"),
        (["cancel", "../../etc/passwd"],
         "fout: referentie: een referentie bevat alleen letters, cijfers en - _ . (geen spaties, / of regeleinden)"),
        (["document", "a\nb", "verslag"],
         "fout: referentie: een referentie bevat alleen letters, cijfers en - _ . (geen spaties, / of regeleinden)"),
        (["plugins", "lint", "--weken", "9223372036854775807"], "fout: --weken moet tussen 1 en 104 liggen"),
        (["roster", "--weeks", "100000000"], "fout: --weeks moet tussen 1 en 104 liggen"),
        (["invites", "--week", "2026-W49", "--case", String(repeating: "R", count: 300)],
         "fout: --case: de referentie is te lang (ten hoogste 80 tekens)"),
    ]

    @Test("A wrong command line is refused in Dutch with exit code 1 and writes nothing",
          arguments: 0..<HostileInputEndToEndTests.commandLines.count)
    func commandLine(index: Int) throws {
        let (arguments, expected) = Self.commandLines[index]
        let w = Workspace()
        _ = try w.jbt("intake", w.intakeFile("ok.yaml", prefix: "A", count: 1))
        let before = try w.jbt("log").stdout
        let run = try w.jbt(arguments)
        Self.expectDutch(run, arguments.joined(separator: " "))
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == expected)
        #expect(try w.jbt("log").stdout == before)
    }

    @Test("Help is in Dutch too, with exit code 0", arguments: [["--help"], ["plan", "--help"], ["help", "regions"], []])
    func help(arguments: [String]) throws {
        let run = try Harness.run(arguments)
        #expect(run.status == 0)
        #expect(run.stdout.contains("GEBRUIK: jbt"))
        #expect(run.stdout.contains("OPTIES:"))
        for word in ["USAGE", "OPTIONS", "OVERVIEW", "Show help", "See '", "default"] {
            #expect(!run.stdout.contains(word), "\(arguments): \(word)")
        }
    }

    @Test("Two intakes of one reference in composed and decomposed É: the second is a duplicate; plan still runs")
    func unicodeForms() throws {
        let w = Workspace()
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        let first = w.intakeFile("een.yaml", prefix: "\u{00C9}", count: 1)
        let second = w.intakeFile("twee.yaml", prefix: "E\u{0301}", count: 1)
        #expect(try w.jbt("intake", first).status == 0)
        let before = try w.jbt("log").stdout
        let run = try w.jbt("intake", second)
        Self.expectDutch(run, "second intake")
        #expect(run.stderr == "fout: \(second), regel 2, veld aanmeldingen[1].referentie: referentie \u{00C9}-01 is al geregistreerd\n")
        #expect(try w.jbt("log").stdout == before)
        let plan = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1", "--json")
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(try decodePlan(plan).booked.map(\.reference) == ["\u{00C9}-01"])
        #expect(try w.jbt("agenda", "--region", "west", "--week", "2026-W49").status == 0)
        #expect(try w.jbt("cancel", "E\u{0301}-01").stdout.hasPrefix("\u{00C9}-01 geannuleerd."))
    }

    @Test("An alias bomb in a plugin manifest is refused at once by every command, naming file and line")
    func aliasBombPlugin() throws {
        let w = Workspace()
        var bomb = "id: bom\nnaam: Bom\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...30 {
            bomb += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let file = w.write("plugins/bom/regio.yaml", bomb)
        for arguments in [["regions"], ["plan", "--from", "2026-11-30"], ["log"]] {
            let run = try w.jbt(arguments)
            Self.expectDutch(run, arguments[0])
            #expect(run.stderr == "fout: \(file), regel 8: te veel waarden (meer dan 1000000, aliassen meegeteld); "
                    + "splits het bestand of gebruik minder aliassen (*naam)\n")
        }
    }

    @Test("An evaluation date far out is refused when it comes in, so no later plan reaches the year 10000")
    func evaluationDate() throws {
        let w = Workspace()
        try w.plannedWest(prefix: "V", count: 1)
        let verslag = w.write("verslag.yaml", """
        datum: 2026-12-01
        aanwezigen: [{naam: V. West (fictief), rol: voorzitter}]
        gaat_goed: School gaat goed.
        zorgen: Zorgen thuis.
        visie_ouders: Ouders willen hulp.
        uitkomst: verplicht-vrijwillig
        besluiten: {route: vrijwillig, hulp: gezinscoach, veiligheid: afspraken}
        afspraken: [{wat: Gezinscoach, wie: lokaal team, wanneer: binnen twee weken}]
        monitoring: Het lokale team.
        evaluatie: {datum: 9999-12-31, vorm: tafel}
        consequentie: Een raadsonderzoek.
        """)
        let before = try w.jbt("log").stdout
        let run = try w.jbt("verslag", "V-01", "--from", verslag)
        Self.expectDutch(run, "verslag")
        #expect(run.stderr == "fout: \(verslag), regel 10, veld evaluatie.datum: datum 9999-12-31 ligt buiten de "
                + "toegestane jaren 1900 t/m 2200\n")
        #expect(try w.jbt("log").stdout == before)
        #expect(try w.jbt("plan", "--from", "2200-12-01", "--weeks", "8").status == 0)
    }
}

import Foundation
import Testing

/// Documents as a municipality or a family reads them, checked on the rendered text of every kind:
/// no heading without content, no dangling separators or a role said twice, lists in Dutch, letters
/// from the table that holds the conversation with a place and a phone line, attendees by name.
@Suite("Documents read as a municipality or family would")
struct DocumentsReadingEndToEndTests {
    static let samples = Harness.repositoryRoot + "/Samples/"

    /// Headings (`#`, `##`) with nothing under them before the next heading or the footer.
    static func emptyHeadings(_ markdown: String) -> [String] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var empty: [String] = []
        for (i, line) in lines.enumerated() where line.hasPrefix("## ") {
            let next = lines[(i + 1)...].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "---"
            if next.hasPrefix("#") || next == "---" || next.hasPrefix("|---") { empty.append(line) }
            if next.hasPrefix("| "), lines[(i + 1)...].drop { !$0.hasPrefix("|---") }.dropFirst().first?.hasPrefix("|") != true {
                empty.append(line + " (tabel zonder rijen)")
            }
        }
        return empty
    }

    /// Text left by an empty value next to its separator: "X, " at a line's end, "; |", "(, ", ", )".
    static func danglingSeparators(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in
            line.hasSuffix(", ") || line.hasSuffix("; ") || line.contains(", |") || line.contains("; |")
                || line.contains("(, ") || line.contains(", )") || line.contains("()") || line.contains(" ,")
        }
    }

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// West with a phone number for its secretariat, a chair in both regions, and cases that fill
    /// West's Tuesday so some go to Oost's Thursday.
    func workspace() throws -> (Workspace, [PlanJSON.Booked]) {
        let w = Workspace()
        let manifest = w.plugins + "/west/regio.yaml"
        w.write("plugins/west/regio.yaml", read(manifest) + "\nteksten: {secretariaat_telefoon: \"0100 000 000\"}\n")
        let roster = w.write("rooster.yaml", """
        personen:
          - {id: vz-w, naam: "V. West (fictief)", rol: voorzitter, email: vz-west@example.org, regios: [west]}
          - {id: r-w, naam: "R. West (fictief)", rol: rvdk, email: rvdk-west@example.org, regios: [west]}
          - {id: vz-o, naam: "V. Oost (fictief)", rol: voorzitter, email: vz-oost@example.org, regios: [oost]}
          - {id: r-o, naam: "R. Oost (fictief)", rol: rvdk, email: rvdk-oost@example.org, regios: [oost]}
        inzet:
          - {persoon: vz-w, regio: west, dag: dinsdag}
          - {persoon: r-w, regio: west, dag: dinsdag}
          - {persoon: vz-o, regio: oost, dag: donderdag}
          - {persoon: r-o, regio: oost, dag: donderdag}
        """)
        #expect(try w.jbt("roster", "import", roster).status == 0)
        var intake = "aanmeldingen:\n"
        for n in 1...6 {
            intake += """
              - referentie: L-0\(n)
                gemeente: Westdorp
                type: vijf-voor-twaalf
                aangemeld: 2026-11-27
                aanmelder: {naam: "G. Geheim (fictief)", organisatie: "Stichting Verborgen GI", email: gi@example.org}
                ouders: [{naam: "Ouder \(n)A (fictief)", email: o\(n)a@example.org}, {naam: "Ouder \(n)B (fictief)", email: o\(n)b@example.org}]
                jeugdbeschermer: {naam: "G. Geheim (fictief)", organisatie: "Stichting Verborgen GI", email: gi@example.org}
                kinderen: [{initialen: K.A., geboortedatum: 2012-01-01}, {initialen: K.B., geboortedatum: 2015-01-01}]
                let_jb: true

            """
        }
        let run = try w.jbt("intake", w.write("intake.yaml", intake))
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try decodePlan(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1", "--json"))
        return (w, plan.booked)
    }

    func document(_ w: Workspace, _ arguments: String...) throws -> String {
        let out = w.root + "/doc-\(UUID().uuidString).md"
        let run = try w.jbt(Array(arguments) + ["--format", "md", "--out", out])
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return read(out)
    }

    @Test("A letter for a conversation at a neighbouring region's table is written and signed for that table, with place and phone")
    func neighbourLetter() throws {
        let (w, plan) = try workspace()
        let away = try #require(plan.first { $0.region == "oost" }, "a case at Oost's table: \(plan)")
        let home = try #require(plan.first { $0.region == "west" })
        let letter = try document(w, "document", away.reference, "uitnodiging")
        #expect(letter.contains("V. Oost (fictief), voorzitter Jeugdbeschermingstafel Regio Oost"), "\(letter)")
        #expect(!letter.contains("Regio West"), "the home region is nowhere in a letter from Oost's table: \(letter)")
        #expect(letter.contains("\nOostdorp, "), "place line: \(letter)")
        let own = try document(w, "document", home.reference, "uitnodiging")
        #expect(own.contains("V. West (fictief), voorzitter Jeugdbeschermingstafel Regio West"))
        #expect(own.contains("\nWestdorp, "), "place line: \(own)")
        #expect(own.contains("- **Telefoon:** 0100 000 000"), "phone line: \(own)")
        // Two children in running text, separated as Dutch writes them.
        #expect(own.contains("Het gesprek gaat over K.A. (14 jaar) en K.B. (11 jaar)."), "\(own)")
        let signal = try document(w, "document", "wachttijdsignalering", "--region", "west")
        #expect(signal.contains("\nWestdorp, "), "\(signal)")
        #expect(signal.contains("- **Telefoon:** 0100 000 000"))
    }

    @Test("A LET JB family copy names the worker once by role, without dangling separators; no heading stands empty")
    func familyCopies() throws {
        let (w, plan) = try workspace()
        let home = try #require(plan.first { $0.region == "west" })
        var verslag = try String(contentsOfFile: Self.samples + "verslag-voorbeeld.yaml", encoding: .utf8)
        verslag = verslag.replacingOccurrences(of: "datum: 2026-12-01", with: "datum: \(home.date)")
        verslag = verslag.replacingOccurrences(of: "aanwezigen:\n", with: "aanwezigen:\n  - {naam: \"G. Geheim (fictief)\", rol: jeugdbeschermer, organisatie: \"Stichting Verborgen GI\"}\n")
        var run = try w.jbt("verslag", home.reference, "--from", w.write("v.yaml", verslag))
        #expect(run.status == 0, "\(run.stderr)")
        // A plan without network, signals or goals: those headings go.
        let safety = """
        opgesteld_door: "De ouders (fictief)"
        aanwezigen:
          - {naam: "G. Geheim (fictief)", rol: jeugdbeschermer, organisatie: "Stichting Verborgen GI"}
        zorgen: Zorgen.
        risico: Risico.
        doelen: [Veilig thuis.]
        afspraken:
          - {doel: "Veilig", gedrag: "Naar buiten", wie: "Ouders", wanneer: "Direct", steun: "Buurvrouw"}
        ondersteuning: Opa.
        monitoring: Het lokaal team.
        escalatie: [De tafel opnieuw.]
        evaluatie_datum: 2027-01-26
        instemming_ouders: false
        """
        run = try w.jbt("veiligheidsplan", home.reference, "--from", w.write("p.yaml", safety))
        #expect(run.status == 0, "\(run.stderr)")
        for (kind, audience) in [("verslag", "ouder"), ("verslag", "professionals"), ("veiligheidsplan", "ouder"),
                                 ("uitnodiging", "ouder")] {
            let text = try document(w, "document", home.reference, kind, "--voor", audience)
            #expect(Self.emptyHeadings(text).isEmpty, "\(kind) \(audience): \(Self.emptyHeadings(text))")
            #expect(Self.danglingSeparators(text).isEmpty, "\(kind) \(audience): \(Self.danglingSeparators(text))")
            if audience == "ouder" && kind == "verslag" {
                #expect(text.contains("- jeugdbeschermer (LET JB)\n"), "\(text)")
                #expect(text.contains("- **Verwijzer:** jeugdbeschermer (LET JB)\n"), "\(text)")
                for line in text.split(separator: "\n") {
                    #expect(line.components(separatedBy: "jeugdbeschermer").count <= 2, "the role twice: \(line)")
                }
            }
        }
        let planText = try document(w, "document", home.reference, "veiligheidsplan")
        for heading in ["## Netwerk", "## Signalen dat het niet goed gaat"] {
            #expect(!planText.contains(heading), "\(heading) without content")
        }
    }

    @Test("The weekagenda names attendees by name and role, not by e-mail address or invite key")
    func weekagendaAttendees() throws {
        let (w, _) = try workspace()
        #expect(try w.jbt("invites", "write", "--week", "2026-W49", "--outbox", w.root + "/uit").status == 0)
        let agenda = try document(w, "document", "weekagenda", "--region", "west", "--week", "2026-W49")
        #expect(!agenda.contains("@"), "\(agenda)")
        #expect(!agenda.contains("(gezin-"))
        #expect(!agenda.contains("(professionals)"))
        #expect(agenda.contains("Ouder 1A (fictief) (ouder): nog geen antwoord"), "\(agenda)")
        #expect(agenda.contains("R. West (fictief) (medewerker RvdK)"))
        #expect(Self.danglingSeparators(agenda).isEmpty, "\(Self.danglingSeparators(agenda))")
    }
}

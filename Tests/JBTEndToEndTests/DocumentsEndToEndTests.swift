import Foundation
import Testing

/// The records of a conversation (verslag, veiligheidsplan, reactions) and the documents rendered
/// from them, through the real `jbt` binary on a temporary store.
@Suite("jbt verslag, reactie, veiligheidsplan and document end to end")
struct DocumentsEndToEndTests {
    static let samples = Harness.repositoryRoot + "/Samples/"

    /// One case in West, booked on Tuesday 1 December 2026, with a confidant and a GI worker.
    func bookedCase(_ w: Workspace, shielded: Bool = false, childBirth: String = "2009-05-01") throws {
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        let intake = w.write("intake.yaml", """
        aanmeldingen:
          - referentie: D-01
            gemeente: Westdorp
            type: vijf-voor-twaalf
            aangemeld: 2026-11-27
            aanmelder: {naam: "C. Jansen (fictief)", organisatie: "Lokaal team Westdorp", email: lt@example.org}
            ouders: [{naam: "A. de Vries (fictief)", email: ouder@example.org}]
            vertrouwensfiguur: {naam: "V. Trouw (fictief)", email: vt@example.org}
            jeugdbeschermer: {naam: "G. Geheim (fictief)", organisatie: "Stichting Verborgen GI", email: gi@example.org}
            kinderen: [{initialen: K.L., geboortedatum: \(childBirth)}]
            let_jb: \(shielded)
        """)
        let run = try w.jbt("intake", intake)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1").status == 0)
    }

    func verslag(_ w: Workspace, _ name: String = "verslag.yaml", replacing: [(String, String)] = []) throws -> String {
        var text = try String(contentsOfFile: Self.samples + "verslag-voorbeeld.yaml", encoding: .utf8)
        for (a, b) in replacing { text = text.replacingOccurrences(of: a, with: b) }
        return w.write(name, text)
    }

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    @Test("A verslag is stored, a reaction adds a version, every version stays renderable; the evaluation is planned")
    func versionsAndFollowUp() throws {
        let w = Workspace()
        try bookedCase(w)
        var run = try w.jbt("verslag", "D-01", "--from", try verslag(w))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("versie 1"))
        #expect(run.stdout.contains("Evaluatiegesprek D-01-E1 aangemeld"))
        run = try w.jbt("reactie", "D-01", "--from", Self.samples + "reactie-voorbeeld.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("versie 2"))

        let v1 = w.root + "/v1.md", v2 = w.root + "/v2.md"
        #expect(try w.jbt("document", "D-01", "verslag", "--format", "md", "--versie", "1", "--out", v1).status == 0)
        run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--out", v2)
        #expect(run.status == 0, "\(run.stderr)")
        let first = read(v1), second = read(v2)
        #expect(first.contains("D-01"))
        #expect(first.contains("Intake gezinshulp plannen"))
        #expect(first.contains("K.L."))
        #expect(!first.contains("te weinig staat over wat al goed gaat"))
        #expect(second.contains("te weinig staat over wat al goed gaat"))
        #expect(!second.contains("{{"))

        // What left the system is in the audit log.
        #expect(try w.jbt("log").stdout.contains("document D-01 verslag: D-01-verslag-v1-professionals als md naar v1.md"))
        run = try w.jbt("verslag", "D-01", "--geschiedenis")
        #expect(run.stdout.contains("versie 1") && run.stdout.contains("versie 2"))
        #expect(run.stdout.contains("reactie toegevoegd van A. de Vries (fictief) (ouder)"))
        #expect(run.stdout.contains("evaluatiegesprek aan tafel uiterlijk di 26 jan 2027 (aanmelding D-01-E1)"))

        // The evaluation conversation is booked by the scheduler, within its norm (by 26 January).
        run = try w.jbt("plan", "--from", "2027-01-18", "--weeks", "2", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try decodePlan(run)
        let booked = plan.booked.first { $0.reference == "D-01-E1" }
        #expect(booked?.date == "2027-01-19" || booked?.date == "2027-01-26")
        #expect(booked?.withinNorm == true)
    }

    @Test("A written evaluation is listed on the region's agenda in the week it is due")
    func writtenEvaluation() throws {
        let w = Workspace()
        try bookedCase(w)
        let run = try w.jbt("verslag", "D-01", "--from", try verslag(w, replacing: [("vorm: tafel", "vorm: schriftelijk")]))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Schriftelijke evaluatie uiterlijk di 26 jan 2027 genoteerd"))
        #expect(try w.jbt("agenda", "--region", "west", "--week", "2027-W04").stdout.contains("Schriftelijke evaluatie D-01 uiterlijk di 26 jan 2027"))
        #expect(!(try w.jbt("agenda", "--region", "west", "--week", "2027-W03").stdout.contains("Schriftelijke evaluatie")))
        // No conversation was registered for it.
        #expect(!(try w.jbt("plan", "--from", "2027-01-18", "--weeks", "2").stdout.contains("D-01-E1")))
    }

    @Test("Bad records are refused with file, line and field, and nothing is written",
          arguments: [("uitkomst: verplicht-vrijwillig", "uitkomst: misschien", "veld uitkomst"),
                      ("  veiligheid: Ruzie niet", "  gevaar: Ruzie niet", "veld besluiten.gevaar"),
                      ("datum: 2026-12-01", "datum: 2026-12-02", "veld datum"),
                      ("datum: 2026-12-01", "datum: 2026-13-01", "veld datum"),
                      ("evaluatie: {datum: 2027-01-26, vorm: tafel}", "evaluatie: {datum: 2027-01-26, vorm: brief}", "veld evaluatie.vorm")])
    func badRecords(original: String, replacement: String, field: String) throws {
        let w = Workspace()
        try bookedCase(w)
        let before = try w.jbt("log").stdout
        let run = try w.jbt("verslag", "D-01", "--from", try verslag(w, replacing: [(original, replacement)]))
        #expect(run.status == 1)
        #expect(run.stderr.contains("verslag.yaml"), "\(run.stderr)")
        #expect(run.stderr.contains(field), "\(run.stderr)")
        #expect(try w.jbt("log").stdout == before)
        #expect(try w.jbt("verslag", "D-01", "--geschiedenis").stdout.contains("nog geen verslag"))
    }

    @Test("Family copies of a shielded case never name the GI worker; free text that would is refused")
    func shielded() throws {
        let w = Workspace()
        try bookedCase(w, shielded: true)
        let path = try verslag(w, replacing: [("  - {naam: \"D. Bakker (fictief)\"", "  - {naam: \"G. Geheim (fictief)\", rol: jeugdbeschermer, organisatie: \"Stichting Verborgen GI\"}\n  - {naam: \"D. Bakker (fictief)\"")])
        #expect(try w.jbt("verslag", "D-01", "--from", path).status == 0)
        let family = w.root + "/gezin.md", professionals = w.root + "/prof.md"
        var run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--voor", "ouder", "--out", family)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!read(family).contains("Geheim"))
        #expect(!read(family).contains("Verborgen"))
        #expect(read(family).contains("jeugdbeschermer (LET JB)"))
        #expect(try w.jbt("document", "D-01", "verslag", "--format", "md", "--out", professionals).status == 0)
        #expect(read(professionals).contains("G. Geheim (fictief)"))
        // The invitation letter to the parents does not name the GI either.
        let letter = w.root + "/brief.md"
        run = try w.jbt("document", "D-01", "uitnodiging", "--format", "md", "--out", letter)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!read(letter).contains("Geheim") && !read(letter).contains("Verborgen"))

        // A correction whose free text names the GI's organisation: the family copy is refused.
        let leaky = try verslag(w, "leaky.yaml", replacing: [("De ouders zijn betrokken", "Stichting Verborgen GI ziet dat de ouders betrokken zijn")])
        #expect(try w.jbt("verslag", "D-01", "--from", leaky).status == 0)
        let refused = w.root + "/refused.md"
        run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--voor", "ouder", "--out", refused)
        #expect(run.status == 1)
        #expect(run.stderr.contains("afgeschermde zaak") && run.stderr.contains("gaat_goed"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: refused))
    }

    @Test("Who receives what follows the region's rules: no verslag for the confidant or a child under 16")
    func recipients() throws {
        let w = Workspace()
        try bookedCase(w, childBirth: "2014-05-01")
        #expect(try w.jbt("verslag", "D-01", "--from", try verslag(w)).status == 0)
        var run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--voor", "vertrouwensfiguur", "--out", w.root + "/x.md")
        #expect(run.status == 1)
        #expect(run.stderr.contains("ontvangt de vertrouwensfiguur het verslag niet"))
        run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--voor", "kind", "--out", w.root + "/x.md")
        #expect(run.status == 1)
        #expect(run.stderr.contains("vanaf 16 jaar"))
        #expect(!FileManager.default.fileExists(atPath: w.root + "/x.md"))
        run = try w.jbt("document", "D-01", "verslag", "--ontvangers")
        #expect(run.stdout.contains("verslag: professionals, ouder\n"), "\(run.stdout)")
        #expect(run.stdout.contains("uitnodiging: ouder, vertrouwensfiguur"))
    }

    @Test("The veiligheidsplan, the weekagenda and the wachttijdsignalering render; a docx is a real Word file")
    func otherDocuments() throws {
        let w = Workspace()
        try bookedCase(w)
        var run = try w.jbt("veiligheidsplan", "D-01", "--from", Self.samples + "veiligheidsplan-voorbeeld.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        let plan = w.root + "/vp.html"
        run = try w.jbt("document", "D-01", "veiligheidsplan", "--format", "html", "--out", plan)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(read(plan).contains("Wij staan achter dit plan &amp; willen het proberen."))
        #expect(read(plan).contains("Een ouder gaat naar buiten als de spanning oploopt"))
        let agenda = w.root + "/agenda.md"
        run = try w.jbt("document", "weekagenda", "--week", "2026-W49", "--region", "west", "--format", "md", "--out", agenda)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(read(agenda).contains("D-01"))
        #expect(read(agenda).contains("V. West (fictief)"))
        let docx = w.root + "/verslag.docx"
        #expect(try w.jbt("verslag", "D-01", "--from", try verslag(w)).status == 0)
        run = try w.jbt("document", "D-01", "verslag", "--out", docx)
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: docx))
        #expect(data.prefix(2) == Data("PK".utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: docx)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        if let python = ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"] {
            let script = w.write("read.py", """
            import sys, docx
            d = docx.Document(sys.argv[1])
            parts = [p.text for p in d.paragraphs]
            for t in d.tables:
                for row in t.rows:
                    for cell in row.cells: parts.append(cell.text)
            for s in d.sections:
                parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
            print("\\n".join(parts))
            print("pagina %dx%d mm" % (round(d.sections[0].page_width.mm), round(d.sections[0].page_height.mm)))
            """)
            let text = try Harness.run([script, docx], executable: python)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("D-01"))
            #expect(text.stdout.contains("Intake gezinshulp plannen"))
            #expect(!text.stdout.contains("{{"))
            #expect(text.stdout.contains("pagina 210x297 mm"), "A4, as Dutch letters are")
        }
    }

    @Test("A region's own template wins; a broken one is caught by lint and by templates check, naming the tag")
    func regionTemplates() throws {
        let w = Workspace()
        try bookedCase(w)
        #expect(try w.jbt("verslag", "D-01", "--from", try verslag(w)).status == 0)
        w.write("plugins/west/templates/verslag.md.mustache", "EIGEN SJABLOON WEST {{zaak}} {{regio.naam}}\n")
        let out = w.root + "/eigen.md"
        var run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(read(out) == "EIGEN SJABLOON WEST D-01 Regio West\n")
        #expect(try w.jbt(["plugins", "lint", w.plugins + "/west"]).status == 0)

        let broken = w.write("plugins/west/templates/uitnodiging.md.mustache", "{{#kinderen}}{{initialen}}\nop {{gesprek.datun}}\n")
        run = try w.jbt(["plugins", "lint", w.plugins + "/west"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("uitnodiging.md.mustache"), "\(run.stdout)")
        #expect(run.stdout.contains("{{#kinderen}}"), "\(run.stdout)")
        run = try Harness.run(["templates", "check", broken])
        #expect(run.status == 1)
        #expect(run.stdout.contains("sectie wordt niet gesloten"), "\(run.stdout)")
        w.write("plugins/west/templates/uitnodiging.md.mustache", "{{#kinderen}}{{initialen}}{{/kinderen}}\nop {{gesprek.datun}}\n")
        run = try Harness.run(["templates", "check", broken])
        #expect(run.status == 1)
        #expect(run.stdout.contains("bedoelt u “gesprek.datum”?"), "\(run.stdout)")
        // The broken template is never used to write a document: nothing is written.
        let letter = w.root + "/brief.md"
        run = try w.jbt("document", "D-01", "uitnodiging", "--format", "md", "--out", letter)
        #expect(run.status == 1)
        #expect(run.stderr.contains("gesprek.datun"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: letter))
        // The bundled templates all check out.
        for name in ["verslag.docx", "veiligheidsplan.docx", "uitnodiging.docx", "wachttijdsignalering.docx", "weekagenda.docx",
                     "verslag.md.mustache", "weekagenda.html.mustache"] {
            #expect(try Harness.run(["templates", "check", Harness.repositoryRoot + "/Templates/" + name]).status == 0, "\(name)")
        }
    }

    @Test("The wachttijdsignalering lists the cases that miss the norm, for the municipality's escalation contact")
    func signalering() throws {
        let w = Workspace()
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        // Twelve cases, all due 11 December, for West's four places a Tuesday and Oost's overflow:
        // some miss the norm.
        #expect(try w.jbt("intake", w.intakeFile("s.yaml", prefix: "S", count: 12)).status == 0)
        #expect(try w.jbt("plan", "--from", "2026-11-30", "--weeks", "3").status == 0)
        let out = w.root + "/sig.md"
        let run = try w.jbt("document", "wachttijdsignalering", "--region", "west", "--format", "md", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        let text = read(out)
        #expect(text.contains("W. Escalatie (fictief)"))
        let signals = try w.jbt("signalering", "--region", "west").stdout
        let refs = signals.split(separator: "\n").compactMap { $0.split(separator: " ").first(where: { $0.hasPrefix("S-") }) }
        #expect(!refs.isEmpty, "\(signals)")
        for ref in refs { #expect(text.contains(String(ref))) }
    }

    @Test("PDF through LibreOffice", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice")))
    func pdf() throws {
        let w = Workspace()
        try bookedCase(w)
        #expect(try w.jbt("verslag", "D-01", "--from", try verslag(w)).status == 0)
        let out = w.root + "/verslag.pdf"
        let run = try w.jbt("document", "D-01", "verslag", "--format", "pdf", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        let data = (try? Data(contentsOf: URL(fileURLWithPath: out))) ?? Data()
        #expect(data.prefix(4) == Data("%PDF".utf8))
    }
}

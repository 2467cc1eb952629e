import Foundation
import Testing

/// LET JB end to end: what people actually write about the GI worker is caught in every family
/// output; a reviewer clears a false alarm (in the audit log); a reaction that names the worker
/// gets a family version; families see the region's secretariat, never a person's own address.
@Suite("LET JB shielding end to end")
struct ShieldingEndToEndTests {
    static let samples = Harness.repositoryRoot + "/Samples/"

    /// A shielded case D-01 in region West, booked on Tuesday 1 December 2026. The GI worker is
    /// "G. Geheim (fictief)" of "Stichting Verborgen GI", 06-12345678, Kantoorlaan 7.
    func shieldedCase(_ w: Workspace, secretariat: Bool = false, location: String = "Raadhuis Westdorp") throws {
        if secretariat || location != "Raadhuis Westdorp" {
            var manifest = try String(contentsOfFile: w.plugins + "/west/regio.yaml", encoding: .utf8)
            manifest = manifest.replacingOccurrences(of: "locatie: Raadhuis Westdorp", with: "locatie: \(location)")
            if secretariat {
                manifest += "\nsecretariaat: {naam: Secretariaat JBT West (fictief), email: jbt-west@example.org, "
                    + "telefoon: 0100 000 000}\n"
            }
            w.write("plugins/west/regio.yaml", manifest)
        }
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        let intake = w.write(
            "intake.yaml",
            """
            aanmeldingen:
              - referentie: D-01
                gemeente: Westdorp
                type: vijf-voor-twaalf
                aangemeld: 2026-11-27
                aanmelder: {naam: "C. Jansen (fictief)", organisatie: "Lokaal team Westdorp", email: lt@example.org}
                ouders: [{naam: "A. de Vries (fictief)", email: ouder@example.org}]
                vertrouwensfiguur: {naam: "V. Trouw (fictief)", email: vt@example.org}
                jeugdbeschermer:
                  naam: "G. Geheim (fictief)"
                  organisatie: "Stichting Verborgen GI"
                  email: gi@example.org
                  telefoon: "06-12345678"
                  adres: ["Kantoorlaan 7, 1234 AB Westwoude"]
                kinderen: [{initialen: K.L., geboortedatum: 2009-05-01}]
                let_jb: true
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

    @Test(
        "What people write about the worker is refused in every format of the family copy, naming field and kind",
        arguments: [
            ("Meneer Geheim ziet dat de ouders betrokken zijn", "naam (\"Meneer Geheim\")"),
            ("Volgens G. GEHEIM zijn de ouders betrokken", "naam (\"G. GEHEIM\")"),
            ("Verborgen ziet dat de ouders betrokken zijn", "organisatie (\"Verborgen\")"),
            ("Bel 06 - 1234 5678 als de ouders betrokken zijn", "telefoonnummer"),
            ("Op de Kantoorlaan 7 zijn de ouders betrokken", "adres (\"Kantoorlaan 7\")"),
        ])
    func refusedEveryFormat(text: String, hit: String) throws {
        let w = Workspace()
        try shieldedCase(w)
        let path = try verslag(w, replacing: [("De ouders zijn betrokken", text)])
        #expect(try w.jbt("verslag", "D-01", "--from", path).status == 0)
        for format in ["md", "html", "docx", "pdf"] {
            let out = w.root + "/gezin.\(format)"
            let run = try w.jbt("document", "D-01", "verslag", "--format", format, "--voor", "ouder", "--out", out)
            #expect(run.status == 1, "\(format): \(run.stdout)")
            #expect(run.stderr.contains("veld gaat_goed: \(hit)"), "\(format): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        // The professionals' copy is theirs to read.
        let professionals = w.root + "/prof.md"
        #expect(try w.jbt("document", "D-01", "verslag", "--format", "md", "--out", professionals).status == 0)
        #expect(read(professionals).contains(text))
    }

    @Test("A reviewer clears a false alarm with --vrijgeven; it is in the audit log and clears only that phrase")
    func clearFalseAlarm() throws {
        let w = Workspace()
        try shieldedCase(w)
        let path = try verslag(
            w, replacing: [("De ouders zijn betrokken", "Er is geen geheim van gemaakt: de ouders zijn betrokken")])
        #expect(try w.jbt("verslag", "D-01", "--from", path).status == 0)
        let out = w.root + "/gezin.md"
        var run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--voor", "ouder", "--out", out)
        #expect(run.status == 1)
        #expect(run.stderr.contains("--vrijgeven \"geheim\""), "\(run.stderr)")
        run = try w.jbt(
            "document", "D-01", "verslag", "--format", "md", "--voor", "ouder", "--out", out,
            "--vrijgeven", "geen geheim")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(read(out).contains("Er is geen geheim van gemaakt"))
        #expect(try w.jbt("log").stdout.contains("LET JB-controle: vrijgegeven \"geen geheim\""))
        // The clearing is of that phrase only: the worker by name is still refused.
        let named = try verslag(
            w, "v2.yaml",
            replacing: [("De ouders zijn betrokken", "Er is geen geheim van gemaakt; mevrouw Geheim belt")])
        #expect(try w.jbt("verslag", "D-01", "--from", named).status == 0)
        run = try w.jbt(
            "document", "D-01", "verslag", "--format", "md", "--voor", "ouder", "--out", w.root + "/g2.md",
            "--vrijgeven", "geen geheim")
        #expect(run.status == 1)
        #expect(run.stderr.contains("naam (\"mevrouw Geheim\")"), "\(run.stderr)")
    }

    @Test("A reaction naming the worker gets a family version; the original stays for the professionals")
    func reactionFamilyVersion() throws {
        let w = Workspace()
        try shieldedCase(w)
        #expect(try w.jbt("verslag", "D-01", "--from", try verslag(w)).status == 0)
        let reaction = w.write(
            "reactie.yaml",
            """
            van: "A. de Vries (fictief)"
            rol: ouder
            datum: 2026-12-08
            tekst: "Ik heb mevrouw Geheim gebeld over de afspraken."
            """)
        var run = try w.jbt("reactie", "D-01", "--from", reaction)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("--gezinsversie 1"), "\(run.stdout)")
        let family = w.root + "/gezin.md"
        run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--voor", "ouder", "--out", family)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("veld reacties[1].tekst") && run.stderr.contains("--gezinsversie 1"), "\(run.stderr)")

        // A family version that still names the worker is refused with file and field; nothing is stored.
        let before = try w.jbt("log").stdout
        let leaky = w.write("gezinsversie-fout.yaml", "gezinsversie: \"Ik heb Geheim gebeld.\"\n")
        run = try w.jbt("reactie", "D-01", "--gezinsversie", "1", "--from", leaky)
        #expect(run.status == 1)
        #expect(run.stderr.contains("gezinsversie-fout.yaml, regel 1, veld gezinsversie"), "\(run.stderr)")
        #expect(try w.jbt("log").stdout == before)
        #expect(try w.jbt("reactie", "D-01", "--gezinsversie", "2", "--from", leaky).status == 1)

        let redacted = w.write(
            "gezinsversie.yaml", "gezinsversie: \"Ik heb de jeugdbeschermer gebeld over de afspraken.\"\n")
        run = try w.jbt("reactie", "D-01", "--gezinsversie", "1", "--from", redacted)
        #expect(run.status == 0, "\(run.stderr)")
        // A later reaction (by the worker, signed with their name) carries the family version forward.
        let later = w.write(
            "reactie2.yaml",
            """
            van: "G. Geheim (fictief)"
            rol: jeugdbeschermer
            datum: 2026-12-09
            tekst: "De afspraken lopen."
            """)
        #expect(try w.jbt("reactie", "D-01", "--from", later).status == 0)
        run = try w.jbt("document", "D-01", "verslag", "--format", "md", "--voor", "ouder", "--out", family)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(read(family).contains("Ik heb de jeugdbeschermer gebeld over de afspraken."))
        #expect(read(family).contains("De afspraken lopen."))
        #expect(!read(family).contains("Geheim"))
        let professionals = w.root + "/prof.md"
        #expect(try w.jbt("document", "D-01", "verslag", "--format", "md", "--out", professionals).status == 0)
        #expect(read(professionals).contains("Ik heb mevrouw Geheim gebeld over de afspraken."))
        #expect(try w.jbt("verslag", "D-01", "--geschiedenis").stdout.contains("gezinsversie van reactie 1 vastgelegd"))
    }

    @Test(
        "Family invites, e-mails and the letter come from the secretariat; an invite naming the worker is held back"
    )
    func secretariatAndInvites() throws {
        let w = Workspace()
        try shieldedCase(w, secretariat: true, location: "Kantoor Verborgen, Westdorp")
        let outbox = w.root + "/outbox"
        let run = try w.jbt("invites", "--week", "2026-W49", "--outbox", outbox)
        #expect(run.status == 0, "\(run.stderr)")
        // The place is the worker's office: the family copies are not written, the professionals' is.
        #expect(run.stdout.contains("LOCATION: organisatie (\"Verborgen\")"), "\(run.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox)
        #expect(files.contains { $0.hasPrefix("D-01-professionals") })
        #expect(!files.contains { $0.contains("gezin") || $0.contains("vertrouwensfiguur") })

        // A place that only looks like the worker (a venue "Het Geheim"): cleared by the reviewer, in the log.
        let venue = Workspace()
        try shieldedCase(venue, secretariat: true, location: "Het Geheim, Westdorp")
        let venueBox = venue.root + "/outbox"
        var held = try venue.jbt("invites", "--week", "2026-W49", "--outbox", venueBox)
        #expect(held.stdout.contains("LOCATION: naam (\"Geheim\")"), "\(held.stdout)")
        held = try venue.jbt("invites", "--week", "2026-W49", "--outbox", venueBox, "--vrijgeven", "Het Geheim")
        #expect(held.status == 0)
        #expect(!held.stdout.contains("Let op"), "\(held.stdout)")
        #expect(FileManager.default.fileExists(atPath: venueBox + "/D-01-gezin-1_jbt-0-request.ics"))
        #expect(try venue.jbt("log").stdout.contains("LET JB-controle: vrijgegeven \"Het Geheim\""))

        let open = Workspace()
        try shieldedCase(open, secretariat: true)
        let box = open.root + "/outbox"
        #expect(try open.jbt("invites", "--week", "2026-W49", "--outbox", box).status == 0)
        let parent = read(box + "/D-01-gezin-1_jbt-0-request.ics")
        #expect(
            parent.contains("ORGANIZER;CN=Secretariaat JBT West (fictief):mailto:jbt-west@example.org")
                || parent.contains("mailto:jbt-west@example.org"), "\(parent)")
        #expect(!parent.contains("vz-west@example.org"))
        let mail = read(box + "/D-01-gezin-1_jbt-0-request-ouder_example.org.eml")
        #expect(mail.contains("<jbt-west@example.org>"), "\(mail)")
        let professionals = read(box + "/D-01-professionals_jbt-0-request.ics")
        #expect(professionals.contains("mailto:vz-west@example.org"))
        let letter = open.root + "/brief.md"
        #expect(try open.jbt("document", "D-01", "uitnodiging", "--format", "md", "--out", letter).status == 0)
        let text = read(letter)
        #expect(text.contains("contact op met Secretariaat JBT West (fictief) (jbt-west@example.org)"), "\(text)")
        #expect(text.contains("**Telefoon:** 0100 000 000"), "the secretariat's phone line: \(text)")
        #expect(!text.contains("vz-west@example.org"))
    }

    @Test("Lint warns about a region without secretariat; a secretariat without a real e-mail address is an error")
    func lintSecretariat() throws {
        let w = Workspace()
        var run = try w.jbt("plugins", "lint", w.plugins + "/west")
        #expect(run.stdout.contains("geen secretariaat"), "\(run.stdout)")
        let manifest = try String(contentsOfFile: w.plugins + "/west/regio.yaml", encoding: .utf8)
        w.write(
            "plugins/west/regio.yaml", manifest + "\nsecretariaat: {naam: Secretariaat, email: secretariaat-west}\n")
        run = try w.jbt("plugins", "lint", w.plugins + "/west")
        #expect(run.status == 1)
        #expect(
            (run.stdout + run.stderr).contains("veld secretariaat.email: \"secretariaat-west\" is geen e-mailadres"),
            "\(run.stdout)\(run.stderr)")
    }
}

import Foundation
import Testing
import ZIPFoundation
@testable import JBTUseCases
import JBTCore
import JBTDocuments
import JBTStorage

/// Over many generated LET JB cases: no copy of a document that goes to the family (parent,
/// confidant, child) names the GI worker, their organisation or e-mail, in any format; and a
/// record whose free text would name them is refused, never rendered.
@Suite("Shielded (LET JB) cases: family documents never name the GI worker")
struct ShieldingPropertyTests {
    static let catalog = try! Workspace.resolve(store: "/dev/null", plugins: []).loadRegions(today: CivilDate(iso: "2026-11-28")!)
    static let renderer = DocumentRenderer(templateRoots: [URL(fileURLWithPath: Workspace.bundledRoot()! + "/Templates")])

    static let surnames = ["Geheim", "Verborgen", "Schuil", "Dekker", "Stil", "Mantel", "Sluier", "Scherm"]
    static let roles = ["jeugdbeschermer", "GI", "gezinsvoogd", "GI-medewerker", "jeugdbeschermer LET JB", "Jeugdbescherming Gelderland"]

    func generated(_ seed: UInt64) -> (Registration, Verslag, Veiligheidsplan, StoredBooking) {
        var rng = SplitMix64(state: seed)
        func pick<T>(_ a: [T]) -> T { a[Int.random(in: 0..<a.count, using: &rng)] }
        let region = pick(Self.catalog.regions)
        let giName = "\(pick(["A.", "B.", "C.", "D."])) \(pick(Self.surnames))\(Int.random(in: 10...99, using: &rng))"
        let giOrg = "Stichting \(pick(Self.surnames))zorg \(Int.random(in: 100...999, using: &rng))"
        let gi = ContactPerson(name: giName, organisation: giOrg, email: "gi\(seed)@example.org")
        // Sometimes the GI worker is also the referrer (a shielded takeover), sometimes not.
        let referrer = Bool.random(using: &rng) ? gi : ContactPerson(name: "Lokaal team (fictief)", organisation: "Lokaal team", email: "lt@example.org")
        let complete = CivilDate(iso: "2026-11-27")!
        let r = Registration(reference: "P-\(seed)", municipality: region.municipalities[0], homeRegion: region.id, type: pick(MeetingType.standard),
                             registered: complete, complete: complete,
                             children: [ChildRecord(initials: "K.L.", birthDate: CivilDate(iso: pick(["2008-03-01", "2012-06-01", "2019-01-01"]))!)],
                             referrer: referrer, parents: [ContactPerson(name: "Ouder (fictief)", email: "ouder@example.org")],
                             childProtectionWorker: gi, confidant: ContactPerson(name: "Vertrouwd (fictief)", email: "vt@example.org"),
                             shielded: true)
        let giAttendee = RecordPerson(name: giName, role: pick(Self.roles), organisation: Bool.random(using: &rng) ? giOrg : nil)
        var attendees = [RecordPerson(name: "Ouder (fictief)", role: "ouder"), RecordPerson(name: "R. Raad (fictief)", role: "RvdK", organisation: "Raad voor de Kinderbescherming")]
        attendees.insert(giAttendee, at: Int.random(in: 0...attendees.count, using: &rng))
        let v = Verslag(date: complete.adding(days: 4), attendees: attendees, goesWell: "Het gaat beter op school.\nDe ouders zijn betrokken & open.",
                        concerns: "Spanning thuis <soms>.", viewParents: "Willen hulp.", viewChild: "", outcome: pick(Outcome.allCases),
                        decisionRoute: "Verplicht vrijwillig.", decisionHelp: "Gezinshulp.", decisionSafety: "Afspraken over ruzie.",
                        agreements: [Agreement(what: "Intake plannen", who: pick(["De jeugdbeschermer", "Lokaal team", "Ouders"]), when: "binnen twee weken")],
                        monitoring: "De jeugdbeschermer volgt de afspraken.", evaluation: nil, consequence: "Raadsonderzoek.")
        let plan = Veiligheidsplan(madeBy: "De ouders met de jeugdbeschermer", attendees: attendees, network: [RecordPerson(name: "Buur (fictief)", role: "buurvrouw")],
                                   concerns: "Ruzie.", risk: "Onveiligheid.", goals: ["Geen ruzie waar het kind bij is."],
                                   agreements: [SafetyAgreement(goal: "Rust", behaviour: "Naar buiten gaan", who: "Ouders", when: "Direct", support: "Buur")],
                                   support: "Netwerk.", monitoring: "Jeugdbeschermer.", signals: ["Verzuim"], escalation: ["Huisbezoek"],
                                   evaluationDate: complete.adding(days: 40), parentsAgree: true, parentsStatement: "")
        return (r, v, plan, StoredBooking(reference: r.reference, region: region.id, date: complete.adding(days: 4), table: 1,
                                          start: TimeOfDay(minutes: 540), end: TimeOfDay(minutes: 630), childStart: nil))
    }

    func texts(of data: Data, _ format: DocumentFormat) throws -> String {
        guard format == .docx else { return String(decoding: data, as: UTF8.self) }
        let archive = try Archive(data: data, accessMode: .read)
        var all = ""
        for entry in archive where entry.path.hasPrefix("word/") && entry.path.hasSuffix(".xml") {
            _ = try archive.extract(entry) { all += String(decoding: $0, as: UTF8.self) }
        }
        return all
    }

    @Test("No family copy names the GI worker, in any format", arguments: 0..<60)
    func familyCopies(seed: Int) throws {
        let (r, v, plan, booking) = generated(UInt64(seed))
        let data = DocumentData(regions: Self.catalog, roster: Roster(), hooks: .none)
        let secrets = [r.childProtectionWorker!.name, r.childProtectionWorker!.organisation!, r.childProtectionWorker!.email!]
        for audience in [DocumentAudience.ouder, .vertrouwensfiguur, .kind] {
            let values: [(DocumentKind, DocumentValue)] = [
                (.verslag, data.verslag(r, v, version: 1, booking: booking, audience: audience, sessions: [])),
                (.veiligheidsplan, data.veiligheidsplan(r, plan, version: 1, booking: booking, audience: audience, sessions: [], today: booking.date)),
                (.uitnodiging, data.uitnodiging(r, booking: booking, audience: audience, sessions: [], today: booking.date)),
            ]
            for (kind, value) in values {
                try App.checkShielding(value, registration: r, kind: kind)
                let matcher = ShieldingMatcher(identity: ShieldedIdentity(r.childProtectionWorker!),
                                               cleared: [DocumentData.shieldedName])
                for format in [DocumentFormat.md, .html, .docx] {
                    let data = try Self.renderer.render(kind, as: format, value: value)
                    let text = try texts(of: data, format)
                    for secret in secrets {
                        #expect(!text.contains(secret), "seed \(seed) \(audience) \(kind) \(format): \(secret)")
                    }
                    // Nor in any form the matcher knows (surname alone, organisation without legal form).
                    let visible = format == .docx ? try WordText.plainText(data) : String(decoding: data, as: UTF8.self)
                    #expect(matcher.hits(in: visible).isEmpty, "seed \(seed) \(audience) \(kind) \(format): \(matcher.hits(in: visible))")
                }
            }
        }
        // The professionals' copy does name the GI worker: the shielding is for the family only.
        let professional = data.verslag(r, v, version: 1, booking: booking, audience: .professionals, sessions: [])
        #expect(professional.texts().contains { $0.text == r.childProtectionWorker!.name })
    }

    @Test("Free text that names the GI worker or organisation is refused for the family, naming the field", arguments: 0..<20)
    func leakingTextRefused(seed: Int) throws {
        var (r, v, _, booking) = generated(UInt64(1000 + seed))
        let gi = r.childProtectionWorker!
        let leak = seed % 2 == 0 ? gi.name : gi.organisation!.uppercased()
        if seed % 3 == 0 { v.concerns += " Volgens \(leak) gaat het niet goed." } else { v.agreements[0].who = leak }
        r.shielded = true
        let value = DocumentData(regions: Self.catalog, roster: Roster(), hooks: .none)
            .verslag(r, v, version: 1, booking: booking, audience: .ouder, sessions: [])
        do {
            try App.checkShielding(value, registration: r, kind: .verslag)
            Issue.record("seed \(seed): a family copy naming \(leak) was not refused")
        } catch let error as ServiceError {
            #expect("\(error)".contains(seed % 3 == 0 ? "zorgen" : "afspraken[1].wie"), "\(error)")
        }
    }
}

import Testing

@testable import JBTCore

@Suite("LET JB: the matcher finds every form a reader would recognise of the GI worker, and only those")
struct ShieldingMatcherTests {
    static let worker = ShieldedIdentity(
        name: "Ruud van der Hak", organisation: "Jeugdbescherming Gelderland (fictief)",
        email: "rvdhak@jbgelderland.nl",
        phone: "+31 6 1234 5678", addresses: ["Stationsplein 12, 6811 KL Arnhem", "Postbus 321, 3500AH Utrecht"])
    static let matcher = ShieldingMatcher(identity: worker, commonWords: ["Centraal Gelderland", "Arnhem", "Utrecht"])

    @Test(
        "What people write about the worker hits, with its kind",
        arguments: [
            ("Volgens meneer Hak gaat het beter.", ShieldingHit.Kind.name),
            ("R. Hak belt de ouders.", .name),
            ("dhr. Hak", .name),
            ("Ruud komt langs.", .name),
            ("RUUD VAN DER HAK", .name),
            ("mevrouw sprak met Hák", .name),
            ("Van der Hak", .name),
            ("Haks verslag", .name),
            ("H\u{200B}ak", .name),
            ("Hak\u{00AD}", .name),
            ("mevrouw Hak\u{200D} belde", .name),
            ("Ha\u{200D}k", .name),
            ("R\u{200C}uud", .name),
            ("\u{041D}ak zegt", .name),
            ("\u{041D}\u{0430}k", .name),
            ("Ik heb R.H. gebeld", .name),
            ("volgens RvdH", .name),
            ("R.v.d.H. komt ook", .name),
            ("de gezinsvoogd Van der H. belde", .name),
            ("Jeugdbescherming Gelderland", .organisation),
            ("jeugdbescherming\n   gelderland B.V.", .organisation),
            ("JEUGDBESCHERMING GELDERLÄND", .organisation),
            ("mail naar rvdhak@jbgelderland.nl", .email),
            ("het adres is RvdHak op de site", .email),
            ("een mail van jbgelderland", .email),
            ("bel 06-12345678", .phone),
            ("bel 06 12 34 56 78", .phone),
            ("+31612345678", .phone),
            ("0031 6 1234 5678", .phone),
            ("+31 (0)6 1234 5678", .phone),
            ("06.1234.5678", .phone),
            ("Stationsplein 12 is het kantoor", .address),
            ("postcode 6811KL", .address),
            ("6811 kl", .address),
            ("Postbus 321", .address),
        ])
    func hits(text: String, kind: ShieldingHit.Kind) {
        let hits = Self.matcher.hits(in: text)
        #expect(hits.first?.kind == kind, "\(text): \(hits)")
    }

    @Test(
        "Ordinary text does not hit: word boundaries, common words, the region's own names",
        arguments: [
            "De kinderen hakken hout.",
            "Hakvoort is de buurman.",
            "Jeugdbescherming is betrokken bij het gezin.",
            "Regio Centraal Gelderland, tafel in Arnhem.",
            "bel 06-12345679",
            "Het gesprek was op 12-12-2026 om 10.00 uur.",
            "Stationsplein 14",
            "6811 KM",
            "de jeugdbeschermer (LET JB) volgt de afspraken",
            "Ruudste plannen",
            "",
        ])
    func misses(text: String) {
        #expect(Self.matcher.hits(in: text).isEmpty, "\(text): \(Self.matcher.hits(in: text))")
    }

    @Test("A name that is also a common word hits only capitalised or in context")
    func commonWordNames() {
        let m = ShieldingMatcher(identity: ShieldedIdentity(name: "Roos de Jong"))
        #expect(m.hits(in: "Mevrouw de Jong belt.").count == 1)
        #expect(m.hits(in: "mevrouw de jong belt.").count == 1)
        #expect(m.hits(in: "Jong zei het.").count == 1)
        #expect(m.hits(in: "R. de Jong").count == 1)
        #expect(m.hits(in: "Roos komt.").count == 1)
        #expect(m.hits(in: "een jong kind met een rode roos").isEmpty)
        #expect(m.hits(in: "jong en oud").isEmpty)
        let bos = ShieldingMatcher(identity: ShieldedIdentity(name: "Karin Bos"))
        #expect(bos.hits(in: "spelen aan de bosrand").isEmpty)
        #expect(bos.hits(in: "Bosrand").isEmpty)
        #expect(bos.hits(in: "mevrouw Bos").count == 1)
    }

    @Test("A cleared phrase is masked; the worker elsewhere in the same text still hits")
    func cleared() {
        let identity = ShieldedIdentity(name: "Karin Geheim")
        let text = "Er is geen geheim van gemaakt."
        #expect(ShieldingMatcher(identity: identity).hits(in: text).count == 1)
        #expect(ShieldingMatcher(identity: identity, cleared: ["geen geheim"]).hits(in: text).isEmpty)
        let both = ShieldingMatcher(identity: identity, cleared: ["geen geheim"]).hits(
            in: text + " Mevrouw Geheim belt.")
        #expect(both.map(\.found) == ["Mevrouw Geheim"] || both.map(\.found) == ["Geheim"])
    }

    @Test("An organisation made of common words hits as a phrase of two or more, not word by word")
    func genericOrganisation() {
        let m = ShieldingMatcher(
            identity: ShieldedIdentity(
                name: "F. Hermsen",
                organisation: "Landelijk Expertise Team Jeugdbescherming (fictief)"))
        #expect(m.hits(in: "het Landelijk Expertise Team").first?.kind == .organisation)
        #expect(m.hits(in: "expertise team jeugdbescherming").first?.kind == .organisation)
        #expect(m.hits(in: "met de expertise van het team").isEmpty)
        #expect(m.hits(in: "landelijk is de jeugdbescherming").isEmpty)
    }

    @Test("A hit at the end of a long text is found")
    func longText() {
        let text = String(repeating: "Het gaat goed met de kinderen op school. ", count: 20_000) + "meneer Hak"
        #expect(Self.matcher.hits(in: text).count == 1)
    }
}

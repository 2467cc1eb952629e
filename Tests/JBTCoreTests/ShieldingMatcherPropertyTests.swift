import Testing

@testable import JBTCore

/// Over generated workers (names, organisations, e-mail, phone, address) and generated text: a
/// text with one of the forms people write always hits, with the right kind; the same text
/// without it, full of near misses (the name inside a longer word, a phone number one digit off),
/// never does.
@Suite("LET JB matcher over generated workers and texts")
struct ShieldingMatcherPropertyTests {
    struct Generator {
        var rng: SplitMix64
        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        mutating func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &rng) == 0 }
        mutating func digits(_ n: Int) -> String {
            (0..<n).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
        }

        /// A made-up word from syllables that are no Dutch word on their own.
        mutating func word(syllables: ClosedRange<Int>) -> String {
            let parts = [
                "kel", "dor", "vim", "zan", "tro", "quel", "bry", "mox", "ruf", "sel", "wyn", "gard", "pol", "thi",
            ]
            let n = Int.random(in: syllables, using: &rng)
            let text = (0..<n).map { _ in pick(parts) }.joined()
            return text.prefix(1).uppercased() + text.dropFirst()
        }
    }

    struct Case {
        var identity: ShieldedIdentity
        var given: String
        /// Whether the stored name has the given name or only its initial.
        var givenStored: Bool
        var infix: String
        var surname: String
        var orgWord: String
        var phoneDigits: String
        var street: String
        var number: Int
        var postcode: (String, String)
    }

    static let filler = [
        "Het", "gesprek", "ging", "over", "de", "school", "en", "thuis", "moeder", "vader", "kind",
        "afspraken", "wekelijks", "bos", "werk", "hulp", "jeugdbescherming", "is", "betrokken",
        "volgens", "plan", "veilig", "samen", "team", "zorg", "op", "12-12-2026", "om", "10.00",
        "uur", "in", "Arnhem", "met", "een", "gezin", "stichting", "expertise", "de", "jeugdbeschermer",
    ]

    func generated(_ seed: UInt64) -> (Case, Generator) {
        var g = Generator(rng: SplitMix64(state: seed))
        let given = g.word(syllables: 1...2)
        let infix = g.pick(["", "van", "de", "van der", "ter", "van 't"])
        let surname = g.word(syllables: 2...3)
        let orgWord = g.word(syllables: 2...3)
        let form = g.pick(["Stichting ", "", "Jeugdbescherming "])
        let organisation = "\(form)\(orgWord)\(g.pick(["", " B.V.", " (fictief)", " Zorg"]))"
        let phone = "6" + g.digits(8)
        let street = g.word(syllables: 2...2) + g.pick(["straat", "weg", "laan"])
        let number = Int.random(in: 1...250, using: &g.rng)
        let postcode = (String(Int.random(in: 1000...9999, using: &g.rng)), g.pick(["AB", "KL", "XZ", "RT"]))
        let givenStored = g.chance(2)
        let name = [givenStored ? given : String(given.prefix(1)) + ".", infix, surname].filter { !$0.isEmpty }.joined(
            separator: " ")
        let identity = ShieldedIdentity(
            name: name, organisation: organisation,
            email: "\(given.prefix(1).lowercased())\(surname.lowercased())@\(orgWord.lowercased()).nl",
            phone: g.pick(["06-\(phone.dropFirst())", "+31 \(phone)", "0\(phone)"]),
            addresses: ["\(street) \(number), \(postcode.0) \(postcode.1) Plaats"])
        return (
            Case(
                identity: identity, given: given, givenStored: givenStored, infix: infix, surname: surname,
                orgWord: orgWord,
                phoneDigits: phone, street: street, number: number, postcode: postcode), g
        )
    }

    /// How people write a letter: other case, accents, spacing, an invisible character.
    func disguised(_ text: String, _ g: inout Generator) -> String {
        var out = text
        switch Int.random(in: 0..<5, using: &g.rng) {
        case 0: out = out.uppercased()
        case 1: out = out.lowercased()
        case 2: out = out.replacingOccurrences(of: "e", with: "é").replacingOccurrences(of: "o", with: "ö")
        case 3: out = out.replacingOccurrences(of: " ", with: "  \n ")
        default: break
        }
        if g.chance(4), out.count > 3 {
            let i = out.index(out.startIndex, offsetBy: 2)
            out.insert("\u{200B}", at: i)
        }
        return out
    }

    /// A form of the worker's identity that people write, and the kind it must be reported as.
    func variant(_ c: Case, _ g: inout Generator) -> (String, ShieldingHit.Kind) {
        let p = c.phoneDigits
        let infix = c.infix.isEmpty ? "" : c.infix + " "
        var forms: [(String, ShieldingHit.Kind)] = [
            ("meneer \(c.surname)", .name), ("mevrouw \(infix)\(c.surname)", .name), ("dhr. \(c.surname)", .name),
            ("\(c.given.prefix(1)). \(c.surname)", .name), ("\(c.surname)", .name),
            ("\(c.surname)s", .name),
            ("\(c.orgWord)", .organisation), ("Stichting \(c.orgWord) B.V.", .organisation),
            ("\(c.given.prefix(1).lowercased())\(c.surname.lowercased())@\(c.orgWord.lowercased()).nl", .email),
            ("06-\(p.dropFirst())", .phone), ("+31 \(p.prefix(1)) \(p.dropFirst().prefix(4)) \(p.suffix(4))", .phone),
            ("0031\(p)", .phone),
            ("(06) \(p.dropFirst().prefix(2)) \(p.dropFirst(3).prefix(2)) \(p.suffix(4))", .phone),
            ("\(c.street) \(c.number)", .address), ("\(c.postcode.0)\(c.postcode.1)", .address),
            ("\(c.postcode.0) \(c.postcode.1.lowercased())", .address),
        ]
        if c.givenStored { forms += [("\(c.given)", .name), ("\(c.given) \(infix)\(c.surname)", .name)] }
        return g.pick(forms)
    }

    /// Words that look like the worker but are not: the name inside a longer word, a phone
    /// number one digit off, another house number.
    func nearMisses(_ c: Case, _ g: inout Generator) -> [String] {
        var wrong = Array(c.phoneDigits)
        let i = Int.random(in: 1..<wrong.count, using: &g.rng)
        wrong[i] = wrong[i] == "9" ? "0" : Character(String(Int(String(wrong[i]))! + 1))
        return [
            "\(c.surname.lowercased())rand", "on\(c.surname.lowercased())", String(c.surname.dropLast()),
            "\(c.orgWord)huis", "0\(String(wrong))", "\(c.street) \(c.number + 1)", "\(c.postcode.0) QQ",
            "\(c.given)ke",
        ]
    }

    func text(_ g: inout Generator, inserting extra: [String]) -> String {
        var words = (0..<Int.random(in: 8...40, using: &g.rng)).map { _ in g.pick(Self.filler) }
        for item in extra {
            words.insert(item, at: Int.random(in: 0...words.count, using: &g.rng))
        }
        return words.joined(separator: g.pick([" ", "  ", "\n", " \t"]))
    }

    @Test("A generated text with a form of the worker hits, with the right kind", arguments: 0..<400)
    func withHit(seed: Int) {
        var (c, g) = generated(UInt64(seed))
        let matcher = ShieldingMatcher(identity: c.identity, commonWords: ["Arnhem"])
        let (form, kind) = variant(c, &g)
        let written = disguised(form, &g)
        let text = text(&g, inserting: nearMisses(c, &g) + [written])
        let hits = matcher.hits(in: text)
        #expect(!hits.isEmpty, "seed \(seed): \(c.identity) not found in \(text.debugDescription)")
        #expect(hits.contains { $0.kind == kind }, "seed \(seed): \(written.debugDescription) → \(hits)")
    }

    @Test("The same kind of text without the worker, but with near misses, does not hit", arguments: 0..<400)
    func withoutHit(seed: Int) {
        var (c, g) = generated(UInt64(10_000 + seed))
        let matcher = ShieldingMatcher(identity: c.identity, commonWords: ["Arnhem"])
        let misses = nearMisses(c, &g).map { disguised($0, &g) }
        let text = text(&g, inserting: misses)
        #expect(
            matcher.hits(in: text).isEmpty,
            "seed \(seed): \(c.identity) in \(text.debugDescription): \(matcher.hits(in: text))")
    }
}

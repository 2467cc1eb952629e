import Foundation

/// What a shielded (LET JB) case keeps from the family: the GI worker's name, organisation,
/// e-mail address, phone number and the addresses of the organisation and workplace.
public struct ShieldedIdentity: Sendable, Hashable {
    public var name: String
    public var organisation: String?
    public var email: String?
    public var phone: String?
    public var addresses: [String]

    public init(
        name: String, organisation: String? = nil, email: String? = nil, phone: String? = nil,
        addresses: [String] = []
    ) {
        self.name = name
        self.organisation = organisation
        self.email = email
        self.phone = phone
        self.addresses = addresses
    }

    public init(_ worker: ContactPerson) {
        self.init(
            name: worker.name, organisation: worker.organisation, email: worker.email, phone: worker.phone,
            addresses: worker.addresses ?? [])
    }
}

/// One place where a text would point a reader to the shielded worker.
public struct ShieldingHit: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case name, organisation, email, phone, address

        /// Where two patterns cover the same words, the name is reported first.
        var order: Int {
            switch self {
            case .name: 0
            case .organisation: 1
            case .email: 2
            case .phone: 3
            case .address: 4
            }
        }

        public var dutchName: String {
            switch self {
            case .name: "naam"
            case .organisation: "organisatie"
            case .email: "e-mailadres"
            case .phone: "telefoonnummer"
            case .address: "adres"
            }
        }
    }

    public var kind: Kind
    /// The words as they are written in the text.
    public var found: String

    public init(kind: Kind, found: String) {
        self.kind = kind
        self.found = found
    }
}

/// Finds every form a reader would recognise of a shielded GI worker in a text: each part of the
/// name (with or without initials and titles), the organisation's distinctive words and phrases
/// (with or without legal form or a parenthesised suffix), the e-mail address, its local part and
/// the organisation's own domain, the phone number in any format, and the addresses.
///
/// Matching is on whole words, insensitive to case, diacritics, spacing and invisible characters
/// (zero-width space, soft hyphen): "Bos" hits "bos" and "BOS" but never "bosrand".
///
/// Decisions (see docs/formats.md, "LET JB"):
/// - A name part that is also a common Dutch word ("de Jong", "Bakker", "Roos", "Wil") hits only
///   when written capitalised, or together with its tussenvoegsel, a title, an initial or the
///   other name parts: "een jong kind" is not the worker, "mevrouw de jong" is.
/// - Words that say only what kind of organisation it is ("Jeugdbescherming", "Stichting",
///   "Landelijk", "Team", "B.V.") and the names of the regions and municipalities jbt knows do not
///   hit on their own; the organisation's name without its legal form and any two of its words
///   in a row do ("Expertise Team", "Jeugdbescherming Gelderland").
/// - Generic mail providers and placeholder domains (gmail.com, example.org) are not the
///   organisation's domain.
/// - Phrases that are cleared (a reviewer's `--vrijgeven`, and jbt's own "jeugdbeschermer (LET JB)")
///   are masked in the text before matching: they never hit, other occurrences still do.
public struct ShieldingMatcher: Sendable {
    struct Pattern: Sendable {
        var words: [String]
        var kind: ShieldingHit.Kind
        /// A single common word that is also the name: only capitalised in the text.
        var capitalisedOnly: Bool
    }

    struct Token {
        var folded: String
        var original: String
        var capitalised: Bool
        var range: Range<String.Index>
    }

    let patterns: [String: [Pattern]]
    let cleared: [[String]]
    /// The phone number without country code and leading zero ("612345678").
    let phoneDigits: String?

    public init(identity: ShieldedIdentity, cleared: [String] = [], commonWords: Set<String> = []) {
        let common = Set(commonWords.flatMap { ShieldingMatcher.words($0) })
        var list: [Pattern] = []
        list += ShieldingMatcher.namePatterns(identity.name)
        if let organisation = identity.organisation {
            list += ShieldingMatcher.organisationPatterns(organisation, common: common)
        }
        if let email = identity.email {
            list += ShieldingMatcher.emailPatterns(email, common: common)
        }
        for address in identity.addresses {
            list += ShieldingMatcher.addressPatterns(address)
        }
        var byFirst: [String: [Pattern]] = [:]
        for pattern in list where !pattern.words.isEmpty {
            byFirst[pattern.words[0], default: []].append(pattern)
        }
        patterns = byFirst
        self.cleared = cleared.map { ShieldingMatcher.words($0) }.filter { !$0.isEmpty }
        phoneDigits = identity.phone.flatMap(ShieldingMatcher.significantDigits)
    }

    /// Every hit in `text`, in the order they appear.
    public func hits(in text: String) -> [ShieldingHit] {
        let tokens = ShieldingMatcher.tokens(text)
        var masked = [Bool](repeating: false, count: tokens.count)
        for phrase in cleared {
            for start in tokens.indices where matches(phrase, tokens, at: start) {
                for i in start..<(start + phrase.count) {
                    masked[i] = true
                }
            }
        }
        var result: [ShieldingHit] = []
        var start = 0
        while start < tokens.count {
            var next = start + 1
            for candidate in candidates(for: tokens[start].folded) where !masked[start] {
                let end = start + candidate.words.count
                guard end <= tokens.count, !masked[start..<end].contains(true) else { continue }
                guard matches(candidate.words, tokens, at: start, genitive: candidate.words.count == 1) else {
                    continue
                }
                if candidate.capitalisedOnly && !tokens[start].capitalised { continue }
                let found = String(text[tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound])
                result.append(ShieldingHit(kind: candidate.kind, found: found))
                next = end
                break
            }
            start = next
        }
        if let phoneDigits {
            for run in ShieldingMatcher.digitRuns(text) where run.digits.contains(phoneDigits) {
                result.append(ShieldingHit(kind: .phone, found: run.original))
            }
        }
        return result
    }

    func candidates(for word: String) -> [Pattern] {
        var found = patterns[word] ?? []
        // The Dutch genitive: "Haks dossier" names Hak.
        if word.count > 3, word.hasSuffix("s") {
            found += (patterns[String(word.dropLast())] ?? []).filter { $0.words.count == 1 && $0.kind == .name }
        }
        // Longest first: the hit names as much as was written.
        return found.sorted { ($0.words.count, $1.kind.order) > ($1.words.count, $0.kind.order) }
    }

    func matches(_ words: [String], _ tokens: [Token], at start: Int, genitive: Bool = false) -> Bool {
        guard start + words.count <= tokens.count else { return false }
        for (offset, word) in words.enumerated() {
            let token = tokens[start + offset].folded
            if token == word { continue }
            if genitive, words.count == 1, token == word + "s" { continue }
            return false
        }
        return true
    }

    // MARK: - Patterns

    static let titles: Set<String> = [
        "dhr", "hr", "heer", "meneer", "mnr", "mevr", "mevrouw", "mw", "mej", "mevr",
        "mr", "dr", "drs", "ir", "ing", "prof", "bc", "ma", "msc", "juf", "meester",
    ]
    static let infixes: Set<String> = [
        "van", "de", "der", "den", "het", "t", "ten", "ter", "te", "in", "op", "la", "le",
        "du", "von", "vd", "v", "d",
    ]
    /// Dutch words that are also first names or surnames: such a name part alone hits only capitalised.
    static let commonNameWords: Set<String> = [
        "bos", "visser", "bakker", "smit", "smid", "boer", "jong", "wit", "groot", "kok", "koster", "mulder", "dekker",
        "brouwer", "schipper", "kuiper", "hoek", "berg", "veen", "dijk", "beek", "brink", "haan", "vos", "wolf",
        "koning", "keizer", "graaf", "ridder", "prins", "schaap", "vink", "kraai", "haas", "mol", "steen", "meer",
        "wal", "kamp", "zand", "klein", "lang", "kort", "zwart", "rood", "bruin", "groen", "hout", "water", "post",
        "roos", "hoop", "wil", "job", "bas", "fleur", "lieve", "sterre", "mees", "merel", "iris", "max", "storm",
        "ton", "jet", "linde", "frank", "ben", "rob", "els", "lies", "bo", "kim", "mark", "guus", "hans", "dean",
    ]
    /// Words that say only what kind of organisation it is.
    static let genericOrganisationWords: Set<String> = [
        "jeugdbescherming", "jeugdbeschermer", "jeugdbeschermers", "jeugdreclassering", "jeugdzorg", "jeugdhulp",
        "jeugd", "gezin", "gezinnen", "zorg", "hulp", "hulpverlening", "gecertificeerde", "instelling", "gi", "team",
        "landelijk", "landelijke", "expertise", "let", "jb", "regio", "regionaal", "regionale", "nederland",
        "centrum", "samen", "veilig", "veiligheid", "huis", "thuis", "kind", "kinderen", "kinderbescherming", "raad",
        "fictief", "noord", "zuid", "oost", "west", "midden", "groep", "advies", "welzijn", "wijkteam", "lokaal",
        "lokale", "sociaal", "sociale", "gemeente", "provincie", "bureau", "dienst", "stichting", "vereniging",
    ]
    static let legalForms: Set<String> = [
        "stichting", "vereniging", "bv", "nv", "vof", "cv", "ua", "cooperatie",
        "holding",
    ]
    static let stopWords: Set<String> = [
        "de", "het", "een", "en", "van", "voor", "in", "op", "te", "der", "den",
        "met", "bij", "aan", "tot", "om", "of", "t",
    ]
    static let mailProviders: Set<String> = [
        "gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "icloud", "me", "mac", "ziggo", "kpnmail",
        "kpnplanet", "planet", "xs4all", "home", "hetnet", "casema", "upcmail", "chello", "telfort", "online",
        "example", "mail", "email", "protonmail", "proton", "web", "gmx", "quicknet", "zeelandnet", "tele2",
    ]
    static let genericLocalParts: Set<String> = [
        "info", "secretariaat", "contact", "post", "mail", "noreply", "no",
        "reply", "admin", "office", "receptie", "planning", "algemeen",
    ]

    static func namePatterns(_ name: String) -> [Pattern] {
        let all = words(withoutBrackets(name)).filter { !titles.contains($0) }
        guard !all.isEmpty else { return [] }
        let parts = all.filter { !infixes.contains($0) && $0.count > 1 }
        // Given names come before the first infix or, without one, before the last part; a leading
        // initial means no given name was written.
        let firstInfix = all.firstIndex { infixes.contains($0) && $0.count > 1 } ?? all.index(before: all.endIndex)
        let givenNames = all[..<firstInfix].filter { $0.count > 1 && !infixes.contains($0) }
        let surname = Array(all[firstInfix...])
        let surnameParts = surname.filter { !infixes.contains($0) && $0.count > 1 }
        var result = [Pattern(words: all, kind: .name, capitalisedOnly: false)]
        for part in parts {
            result.append(Pattern(words: [part], kind: .name, capitalisedOnly: commonNameWords.contains(part)))
        }
        // The surname in context: with its infix, a title, an initial or a given name. For a surname
        // that is a common word this is what hits; for others it reports the whole mention.
        do {
            let withInfix = surname
            result.append(Pattern(words: withInfix, kind: .name, capitalisedOnly: false))
            for title in titles {
                result.append(Pattern(words: [title] + withInfix, kind: .name, capitalisedOnly: false))
                result.append(Pattern(words: [title] + surnameParts, kind: .name, capitalisedOnly: false))
            }
            for given in givenNames {
                result.append(Pattern(words: [given] + withInfix, kind: .name, capitalisedOnly: false))
                if let initial = given.first {
                    result.append(Pattern(words: [String(initial)] + withInfix, kind: .name, capitalisedOnly: false))
                    result.append(Pattern(words: [String(initial)] + surnameParts, kind: .name, capitalisedOnly: false))
                }
            }
            for initial in all[..<firstInfix] where initial.count == 1 {
                result.append(Pattern(words: [initial] + withInfix, kind: .name, capitalisedOnly: false))
                result.append(Pattern(words: [initial] + surnameParts, kind: .name, capitalisedOnly: false))
            }
        }
        // The worker by initials alone, as colleagues write them: "R.H.", "R.v.d.H.", "RvdH",
        // "Van der H.". A false alarm here is cleared by the reviewer (`--vrijgeven`).
        if let last = surnameParts.first?.first {
            let infixWords = surname.filter { infixes.contains($0) }
            let infixInitials = infixWords.compactMap(\.first).map(String.init)
            let initials = Set(givenNames.compactMap(\.first).map(String.init) + all[..<firstInfix].filter { $0.count == 1 })
            for first in initials.sorted() {
                result.append(Pattern(words: [first, String(last)], kind: .name, capitalisedOnly: false))
                if !infixInitials.isEmpty {
                    result.append(Pattern(words: [first] + infixInitials + [String(last)], kind: .name, capitalisedOnly: false))
                    result.append(Pattern(words: [first + infixInitials.joined() + String(last)], kind: .name,
                                          capitalisedOnly: false))
                }
            }
            if !infixWords.isEmpty {
                result.append(Pattern(words: infixWords + [String(last)], kind: .name, capitalisedOnly: false))
            }
        }
        return result
    }

    /// Without what is in brackets: "(fictief)" is a note, not part of the name.
    static func withoutBrackets(_ text: String) -> String {
        var result = ""
        var depth = 0
        for character in text {
            if character == "(" || character == "[" { depth += 1 }
            if depth == 0 { result.append(character) } else { result.append(" ") }
            if (character == ")" || character == "]") && depth > 0 { depth -= 1 }
        }
        return result
    }

    static func organisationPatterns(_ organisation: String, common: Set<String>) -> [Pattern] {
        let core = words(withoutBrackets(organisation)).filter { !legalForms.contains($0) && $0.count > 1 }
        guard !core.isEmpty else { return [] }
        var result: [Pattern] = []
        if core.count > 1 || !isGeneric(core[0], common: common) {
            result.append(Pattern(words: core, kind: .organisation, capitalisedOnly: false))
        }
        if core.count > 2 {
            for length in 2..<core.count {
                for start in 0...(core.count - length) {
                    let phrase = Array(core[start..<(start + length)])
                    if phrase.allSatisfy({ stopWords.contains($0) }) { continue }
                    if phrase.first.map(stopWords.contains) == true || phrase.last.map(stopWords.contains) == true {
                        continue
                    }
                    result.append(Pattern(words: phrase, kind: .organisation, capitalisedOnly: false))
                }
            }
        }
        for word in core where word.count >= 3 && !isGeneric(word, common: common) {
            result.append(Pattern(words: [word], kind: .organisation, capitalisedOnly: false))
        }
        return result
    }

    static func isGeneric(_ word: String, common: Set<String>) -> Bool {
        genericOrganisationWords.contains(word) || stopWords.contains(word) || common.contains(word)
            || word.allSatisfy(\.isNumber)
    }

    static func emailPatterns(_ email: String, common: Set<String>) -> [Pattern] {
        let address = words(email)
        var result = [Pattern(words: address, kind: .email, capitalisedOnly: false)]
        let pieces = email.split(separator: "@", maxSplits: 1).map(String.init)
        guard pieces.count == 2 else { return result }
        let local = words(pieces[0])
        if !local.isEmpty, !local.allSatisfy({ genericLocalParts.contains($0) || $0.count < 3 }) {
            result.append(Pattern(words: local, kind: .email, capitalisedOnly: false))
        }
        let labels = pieces[1].split(separator: ".").dropLast().map(String.init)
        for label in labels {
            let labelWords = words(label)
            if labelWords.allSatisfy({ mailProviders.contains($0) || isGeneric($0, common: common) || $0.count < 3 }) {
                continue
            }
            result.append(Pattern(words: labelWords, kind: .email, capitalisedOnly: false))
        }
        return result
    }

    static func addressPatterns(_ address: String) -> [Pattern] {
        var result: [Pattern] = []
        for segment in address.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == ";" }) {
            let segmentWords = words(String(segment))
            guard segmentWords.contains(where: { $0.contains(where: \.isNumber) }) else { continue }
            result.append(Pattern(words: segmentWords, kind: .address, capitalisedOnly: false))
            for word in segmentWords where isPostcode(word) {
                result.append(Pattern(words: [word], kind: .address, capitalisedOnly: false))
            }
        }
        return result
    }

    static func isPostcode(_ word: String) -> Bool {
        word.count == 6 && word.prefix(4).allSatisfy(\.isNumber) && word.suffix(2).allSatisfy(\.isLetter)
    }

    // MARK: - Text

    /// The folded words of a text, for building patterns.
    static func words(_ text: String) -> [String] { tokens(text).map(\.folded) }

    /// Whole words (letters and digits), folded; a postcode written "3500 AH" is one word.
    static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var current = ""
        var start = text.startIndex
        var end = text.startIndex
        func flush() {
            guard !current.isEmpty else { return }
            let first = current.first!
            result.append(
                Token(
                    folded: fold(current), original: current, capitalised: first.isUppercase,
                    range: start..<end))
            current = ""
        }
        for index in text.indices {
            let character = text[index]
            if character.isLetter || character.isNumber {
                if current.isEmpty { start = index }
                current.append(character)
                end = text.index(after: index)
            } else if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .format }) {
                // Zero-width space, soft hyphen, joiners: invisible, so not a word boundary.
                continue
            } else {
                flush()
            }
        }
        flush()
        var merged: [Token] = []
        for token in result {
            if let last = merged.last, last.folded.count == 4, last.folded.allSatisfy(\.isNumber),
                token.folded.count == 2, token.folded.allSatisfy(\.isLetter)
            {
                merged[merged.count - 1] = Token(
                    folded: last.folded + token.folded,
                    original: last.original + " " + token.original, capitalised: false,
                    range: last.range.lowerBound..<token.range.upperBound)
            } else {
                merged.append(token)
            }
        }
        return merged
    }

    static let extraFolds: [Character: String] = [
        "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d",
        "ı": "i", "ð": "d", "þ": "th",
        // Cyrillic and Greek letters that look like Latin ones (after case folding): "Нak" reads as "Hak".
        "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
        "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q",
        "ԝ": "w", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    ]

    static func fold(_ word: String) -> String {
        // Invisible characters (joiners, zero-width spaces, soft hyphens) may sit inside a letter's
        // grapheme ("k" + U+200D): drop every format scalar before comparing.
        var visible = word
        if word.unicodeScalars.contains(where: { $0.properties.generalCategory == .format }) {
            visible = String(String.UnicodeScalarView(
                word.unicodeScalars.filter { $0.properties.generalCategory != .format }))
        }
        let folded = visible.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        guard folded.contains(where: { extraFolds[$0] != nil }) else { return folded }
        return folded.map { extraFolds[$0] ?? String($0) }.joined()
    }

    /// The digits that identify a phone number whatever its format: without "+31", "0031" and the
    /// leading zero. Nil for a number too short to identify anyone.
    static func significantDigits(_ phone: String) -> String? {
        var digits = phone.filter(\.isASCII).filter(\.isNumber)
        let international = phone.trimmingCharacters(in: .whitespaces).hasPrefix("+") || digits.hasPrefix("00")
        if digits.hasPrefix("00") { digits.removeFirst(2) }
        if international, digits.hasPrefix("31") { digits.removeFirst(2) }
        while digits.hasPrefix("0") { digits.removeFirst() }
        return digits.count >= 6 ? digits : nil
    }

    /// Runs of digits with the separators people write in phone numbers (spaces, dashes, dots,
    /// slashes, brackets, a plus).
    static func digitRuns(_ text: String) -> [(digits: String, original: String)] {
        var result: [(digits: String, original: String)] = []
        var digits = ""
        var original = ""
        func flush() {
            if digits.count >= 6 {
                result.append((digits, original.trimmingCharacters(in: .whitespaces)))
            }
            digits = ""
            original = ""
        }
        for character in text {
            if character.isNumber, let value = character.wholeNumberValue, value < 10 {
                digits.append(String(value))
                original.append(character)
            } else if character.isWhitespace || "-./()+\u{2011}\u{2013}".contains(character) {
                original.append(character)
            } else if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .format }) {
                continue
            } else {
                flush()
            }
        }
        flush()
        return result
    }
}

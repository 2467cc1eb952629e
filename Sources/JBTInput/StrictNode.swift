import Foundation
import JBTCore
import Yams

/// A node of a YAML or JSON document that knows its file, line and field path, and reads values
/// strictly: wrong types, impossible dates and unknown keys are errors that say where.
public struct StrictNode: @unchecked Sendable {
    // @unchecked: Yams.Node holds a weak anchor reference; a StrictNode is only read, never shared
    // across tasks while its document is being composed.
    let node: Node
    public let file: String
    public let path: String

    /// Parses `text` (YAML; JSON is read as the YAML subset it is, so both report lines).
    /// The document is checked against `limits` before it is built; every text read from it is
    /// normalised to Unicode NFC (see `string`).
    public static func parse(_ text: String, file: String, limits: InputLimits = .standard) throws -> StrictNode {
        if text.utf8.count > limits.maxBytes {
            throw InputError(file: file, line: nil, field: nil, message: tooLarge(limits))
        }
        try YAMLPrescan.check(text, file: file, limits: limits)
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw InputError(file: file, line: 1, field: nil, message: "het bestand is leeg")
            }
            return StrictNode(node: root, file: file, path: "")
        } catch let error as YamlError {
            throw StrictNode.inputError(error, file: file)
        }
    }

    /// Reads and parses a file; a missing, unreadable, oversized or non-regular file (a folder, a
    /// device, a pipe) is an InputError too, found before anything is read.
    public static func load(path: String, limits: InputLimits = .standard) throws -> StrictNode {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw InputError(file: path, line: nil, field: nil, message: "bestand bestaat niet of is niet leesbaar")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            let what = status.st_mode & S_IFMT == S_IFDIR ? "een map" : "geen gewoon bestand"
            throw InputError(file: path, line: nil, field: nil, message: "is \(what); geef een YAML- of JSON-bestand")
        }
        guard Int(status.st_size) <= limits.maxBytes else {
            throw InputError(file: path, line: nil, field: nil, message: tooLarge(limits))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: path, line: nil, field: nil, message: "bestand bestaat niet of is niet leesbaar")
        }
        defer { try? handle.close() }
        // Read at most one byte more than allowed: the file may have grown since stat.
        let data = (try? handle.read(upToCount: limits.maxBytes + 1)) ?? Data()
        guard data.count <= limits.maxBytes else {
            throw InputError(file: path, line: nil, field: nil, message: tooLarge(limits))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, line: nil, field: nil, message: "bestand is geen UTF-8-tekst")
        }
        return try parse(text, file: path, limits: limits)
    }

    static func tooLarge(_ limits: InputLimits) -> String {
        "het bestand is te groot (meer dan \(limits.maxBytes / (1 << 20)) MB); splits het in kleinere bestanden"
    }

    /// A Yams error in Dutch. The first pass has already refused what libyaml refuses, so this is
    /// mostly Yams's own check of keys that appear twice.
    static func inputError(_ error: YamlError, file: String) -> InputError {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "\"\($0.count > 80 ? String($0.prefix(80)) + "…" : $0)\"" }
            return InputError(file: file, line: context.mark.line, field: nil,
                              message: "veld \(names.joined(separator: ", ")) staat er twee keer")
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            let text = problem == "found undefined alias"
                ? "een alias (*naam) verwijst naar een anker dat er niet is" : YAMLPrescan.dutch(problem)
            return InputError(file: file, line: mark.line, field: nil, message: "geen geldige YAML/JSON: " + text)
        case .memory:
            return InputError(file: file, line: nil, field: nil, message: "onvoldoende geheugen om het bestand te lezen")
        default:
            return InputError(file: file, line: nil, field: nil,
                              message: "geen geldige YAML/JSON: het bestand is geen geldige UTF-8-tekst")
        }
    }

    public var line: Int? { node.mark?.line }

    public func error(_ message: String) -> InputError {
        InputError(file: file, line: line, field: path.isEmpty ? nil : path, message: message)
    }

    func child(_ node: Node, _ component: String) -> StrictNode {
        StrictNode(node: node, file: file, path: path.isEmpty ? component : path + "." + component)
    }

    // MARK: Shapes

    /// The entries of a mapping, refusing duplicate and unknown keys.
    public func mapping(allowed keys: Set<String>) throws -> StrictMapping {
        guard case .mapping(let mapping) = node else { throw error("verwacht een lijst van sleutels en waarden") }
        var entries: [String: StrictNode] = [:]
        var order: [String] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else { throw error("een sleutel moet tekst zijn") }
            let key = scalar.string
            let childNode = child(value, key)
            guard keys.contains(key) else {
                let hint = StrictNode.closest(key, in: keys).map { " (bedoelt u \"\($0)\"?)" } ?? ""
                let shown = key.count > 80 ? String(key.prefix(80)) + "…" : key
                throw InputError(file: file, line: keyNode.mark?.line, field: child(value, shown).path,
                                 message: "onbekend veld \(StrictNode.quoted(key))\(hint); toegestaan: \(keys.sorted().joined(separator: ", "))")
            }
            guard entries[key] == nil else {
                throw InputError(file: file, line: keyNode.mark?.line, field: childNode.path, message: "veld staat er twee keer")
            }
            entries[key] = childNode
            order.append(key)
        }
        return StrictMapping(owner: self, entries: entries)
    }

    /// The items of a list; more than `max` is refused, so that no list makes later work unbounded.
    public func sequence(max: Int = Int.max) throws -> [StrictNode] {
        guard case .sequence(let sequence) = node else { throw error("verwacht een lijst") }
        if sequence.count > max {
            throw error("te veel elementen (\(StrictNode.dutchNumber(sequence.count)); ten hoogste \(StrictNode.dutchNumber(max)))")
        }
        return sequence.enumerated().map { i, item in
            StrictNode(node: item, file: file, path: path + "[\(i + 1)]")
        }
    }

    // MARK: Scalars

    /// The longest text any field takes (a verslag's longest part); single-line fields take less.
    public static let maxTextLength = 20_000

    /// A text value, trimmed and normalised to Unicode NFC, so that "É" typed as one character or
    /// as "E" and an accent is one text everywhere after. Longer than `maxLength` characters, or
    /// with control characters other than line breaks and tabs, it is refused.
    public func string(maxLength: Int = StrictNode.maxTextLength) throws -> String {
        guard case .scalar(let scalar) = node else { throw error("verwacht een tekst") }
        // Measured in bytes first (constant time): a value of megabytes costs nothing more. A
        // character takes at most 4 bytes in UTF-8, so more bytes than this is more characters.
        if scalar.string.utf8.count > maxLength * 4 + 64 { throw tooLong(maxLength) }
        let text = StrictNode.nfc(scalar.string.trimmingCharacters(in: .whitespaces))
        // A bare `null` or `~` (YAML) or JSON null is no value at all.
        let isNull = scalar.style == .plain && ["null", "Null", "NULL", "~"].contains(text)
        guard !text.isEmpty, !isNull else { throw error("mag niet leeg zijn") }
        if text.count > maxLength { throw tooLong(maxLength) }
        if let bad = text.unicodeScalars.first(where: StrictNode.isForbiddenControl) {
            throw error("bevat een stuurteken (U+\(String(bad.value, radix: 16, uppercase: true))) dat in tekst niet thuishoort")
        }
        return text
    }

    /// `text` in Unicode NFC; pure ASCII is NFC already and is returned as it is.
    static func nfc(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }

    /// A text on one line: a name, an organisation, an identifier. No line breaks or tabs.
    public func singleLine(maxLength: Int = 200) throws -> String {
        let text = try string(maxLength: maxLength)
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control
                                                 || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            throw error("moet op één regel staan (geen regeleinden of tabs)")
        }
        return text
    }

    /// A case reference (see `CaseReference`).
    public func reference() throws -> String {
        // A reference of megabytes gets the reference's own message, not the general one for texts.
        if case .scalar(let scalar) = node, scalar.string.utf8.count > CaseReference.maxLength * 4 + 64 {
            throw error(CaseReference.tooLong(CaseReference.maxLength))
        }
        let text = try string()
        if let problem = CaseReference.problem(text) { throw error(problem) }
        return text
    }

    /// A phone number on one line (see `PhoneNumber`).
    public func phone() throws -> String {
        let text = try singleLine()
        if let problem = PhoneNumber.problem(text) { throw error(problem) }
        return text
    }

    /// An e-mail address (see `EmailAddress`).
    public func email() throws -> String {
        let text = try string(maxLength: EmailAddress.maxLength * 4)
        if let problem = EmailAddress.problem(text) { throw error(problem) }
        return text
    }

    func tooLong(_ maxLength: Int) -> InputError {
        error("tekst is te lang (meer dan \(StrictNode.dutchNumber(maxLength)) tekens)")
    }

    /// 20000 as "20.000".
    static func dutchNumber(_ value: Int) -> String {
        var digits = String(value)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits = String(digits.dropLast(3))
        }
        groups.insert(digits, at: 0)
        return groups.joined(separator: ".")
    }

    /// A value quoted in a message, cut short when it is long.
    static func quoted(_ text: String) -> String {
        text.count > 80 ? "\"" + text.prefix(80) + "…\"" : "\"" + text + "\""
    }

    /// Control characters other than line break and tab, and the invisible direction overrides
    /// that can make a text read differently from what it holds.
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" || scalar == "\r" { return false }
        if scalar.properties.generalCategory == .control { return true }
        return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    public func date() throws -> CivilDate {
        let text = try string(maxLength: 40)
        guard let date = CivilDate(iso: text) else {
            throw error("\"\(text)\" is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-12-01")
        }
        if let problem = AcceptedDates.problem(date) { throw error(problem) }
        return date
    }

    public func time() throws -> TimeOfDay {
        let text = try string(maxLength: 40)
        guard let time = TimeOfDay(text: text) else {
            throw error("\"\(text)\" is geen geldige tijd; schrijf UU:MM, bijvoorbeeld 09:30")
        }
        return time
    }

    public func int(in range: ClosedRange<Int>) throws -> Int {
        let text = try string(maxLength: 40)
        guard let value = Int(text) else { throw error("\"\(text)\" is geen geheel getal") }
        guard range.contains(value) else { throw error("\(value) ligt niet tussen \(range.lowerBound) en \(range.upperBound)") }
        return value
    }

    public func bool() throws -> Bool {
        switch try string(maxLength: 40).lowercased() {
        case "true", "ja", "yes": return true
        case "false", "nee", "no": return false
        case let other: throw error("\"\(other)\" is geen ja/nee-waarde; schrijf true of false")
        }
    }

    public func oneOf<T>(_ choices: [String: T]) throws -> T {
        let text = try string(maxLength: 200)
        guard let value = choices[text] else {
            throw error("\"\(text)\" is niet toegestaan; kies uit: \(choices.keys.sorted().joined(separator: ", "))")
        }
        return value
    }

    public func strings() throws -> [String] { try sequence().map { try $0.string() } }

    /// A suggestion for a mistyped key, by edit distance.
    static func closest(_ key: String, in keys: Set<String>) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var previous = row[0]; row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let old = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                    previous = old
                }
            }
            return row[b.count]
        }
        // A key far longer than every allowed one is no typo of any of them (and would cost time).
        guard key.count <= (keys.map(\.count).max() ?? 0) + 2 else { return nil }
        let scored = keys.map { ($0, distance(Array(key), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }
}

/// The entries of a mapping, read by key.
public struct StrictMapping: Sendable {
    let owner: StrictNode
    let entries: [String: StrictNode]

    public subscript(key: String) -> StrictNode? { entries[key] }

    public func required(_ key: String) throws -> StrictNode {
        guard let node = entries[key] else {
            throw InputError(file: owner.file, line: owner.line, field: owner.path.isEmpty ? key : owner.path + "." + key,
                             message: "verplicht veld ontbreekt")
        }
        return node
    }
}

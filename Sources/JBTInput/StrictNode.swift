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
    public static func parse(_ text: String, file: String) throws -> StrictNode {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw InputError(file: file, line: 1, field: nil, message: "het bestand is leeg")
            }
            return StrictNode(node: root, file: file, path: "")
        } catch let error as YamlError {
            throw InputError(file: file, line: StrictNode.line(of: error), field: nil,
                             message: "geen geldige YAML/JSON: \(StrictNode.problem(of: error))")
        }
    }

    /// Reads and parses a file; a missing or unreadable file is an InputError too.
    public static func load(path: String) throws -> StrictNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, line: nil, field: nil, message: "bestand bestaat niet of is niet leesbaar")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, line: nil, field: nil, message: "bestand is geen UTF-8-tekst")
        }
        return try parse(text, file: path)
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        case .reader(let problem, _, _, _): return problem
        default: return "\(error)"
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
                throw InputError(file: file, line: keyNode.mark?.line, field: childNode.path,
                                 message: "onbekend veld \"\(key)\"\(hint); toegestaan: \(keys.sorted().joined(separator: ", "))")
            }
            guard entries[key] == nil else {
                throw InputError(file: file, line: keyNode.mark?.line, field: childNode.path, message: "veld staat er twee keer")
            }
            entries[key] = childNode
            order.append(key)
        }
        return StrictMapping(owner: self, entries: entries)
    }

    public func sequence() throws -> [StrictNode] {
        guard case .sequence(let sequence) = node else { throw error("verwacht een lijst") }
        return sequence.enumerated().map { i, item in
            StrictNode(node: item, file: file, path: path + "[\(i + 1)]")
        }
    }

    // MARK: Scalars

    public func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("verwacht een tekst") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        // A bare `null` or `~` (YAML) or JSON null is no value at all.
        let isNull = scalar.style == .plain && ["null", "Null", "NULL", "~"].contains(text)
        guard !text.isEmpty, !isNull else { throw error("mag niet leeg zijn") }
        return text
    }

    public func date() throws -> CivilDate {
        let text = try string()
        guard let date = CivilDate(iso: text) else {
            throw error("\"\(text)\" is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-12-01")
        }
        return date
    }

    public func time() throws -> TimeOfDay {
        let text = try string()
        guard let time = TimeOfDay(text: text) else {
            throw error("\"\(text)\" is geen geldige tijd; schrijf UU:MM, bijvoorbeeld 09:30")
        }
        return time
    }

    public func int(in range: ClosedRange<Int>) throws -> Int {
        let text = try string()
        guard let value = Int(text) else { throw error("\"\(text)\" is geen geheel getal") }
        guard range.contains(value) else { throw error("\(value) ligt niet tussen \(range.lowerBound) en \(range.upperBound)") }
        return value
    }

    public func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "ja", "yes": return true
        case "false", "nee", "no": return false
        case let other: throw error("\"\(other)\" is geen ja/nee-waarde; schrijf true of false")
        }
    }

    public func oneOf<T>(_ choices: [String: T]) throws -> T {
        let text = try string()
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

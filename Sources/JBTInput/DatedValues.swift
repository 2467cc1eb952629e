import JBTCore
import Yams

/// Dated values in a file people write (OpenFisca style): wherever a value may stand, a mapping
/// with the single key `waarden` may stand instead, holding ISO dates and the value in force from
/// each date on. The latest date on or before the day asked for wins; before the first date, and
/// from a date whose value is `null`, the rule has no value (an optional rule takes its default).
///
/// ```yaml
/// tafel:
///   dagen:
///     waarden:
///       2026-01-01: [dinsdag]
///       2027-03-01: [donderdag]     # from 1 March 2027 the table sits on Thursdays
/// ```
public enum DatedValues {
    public static let key = "waarden"

    /// One dated entry, for lint and for showing what changes when.
    public struct Entry: Sendable, Hashable {
        /// The field the dated rule stands for, e.g. `tafel.dagen`.
        public var field: String
        public var date: CivilDate
        /// The value ends the rule (`null`).
        public var ends: Bool
        public var line: Int?
    }

    /// Every dated entry in the document, checked: dates in ISO form, each at most once, no empty
    /// `waarden`, and none under `forbidden` top-level keys (such as `id`).
    public static func entries(in root: StrictNode, forbidden: Set<String> = []) throws -> [Entry] {
        var result: [Entry] = []
        var errors: [InputError] = []
        func visit(_ node: StrictNode) {
            if let dated = datedMapping(node) {
                if forbidden.contains(node.path) {
                    errors.append(node.error("\(node.path) kan niet per datum verschillen"))
                    return
                }
                if dated.isEmpty { errors.append(node.error("\(key) is leeg: geef ten minste één datum met een waarde")) }
                var seen = Set<CivilDate>()
                for (keyNode, value) in dated {
                    let text: String
                    if case .scalar(let scalar) = keyNode { text = scalar.string } else { text = "" }
                    let field = node.path + "." + key + "." + text
                    guard let date = CivilDate(iso: text) else {
                        errors.append(InputError(file: node.file, line: keyNode.mark?.line, field: field,
                                                 message: "\"\(text)\" is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2027-03-01"))
                        continue
                    }
                    if let problem = AcceptedDates.problem(date) {
                        errors.append(InputError(file: node.file, line: keyNode.mark?.line, field: field, message: problem))
                        continue
                    }
                    if !seen.insert(date).inserted {
                        errors.append(InputError(file: node.file, line: keyNode.mark?.line, field: field, message: "datum staat er twee keer"))
                    }
                    result.append(Entry(field: node.path, date: date, ends: isNull(value), line: keyNode.mark?.line))
                    let child = StrictNode(node: value, file: node.file, path: node.path)
                    if datedMapping(child) != nil {
                        errors.append(child.error("een waarde per datum kan niet zelf weer per datum verschillen"))
                    } else {
                        visit(child)
                    }
                }
                return
            }
            switch node.node {
            case .mapping(let mapping):
                for (keyNode, value) in mapping {
                    guard case .scalar(let scalar) = keyNode else { continue }
                    visit(node.child(value, scalar.string))
                }
            case .sequence(let sequence):
                for (i, item) in sequence.enumerated() {
                    visit(StrictNode(node: item, file: node.file, path: node.path + "[\(i + 1)]"))
                }
            default:
                break
            }
        }
        visit(root)
        if !errors.isEmpty { throw InputErrors(errors) }
        return result.sorted { ($0.date, $0.field) < ($1.date, $1.field) }
    }

    /// The document as in force on `date` (nil: before every dated value), and the fields that
    /// have no value then. Lines and field paths stay those of the original document.
    public static func resolve(_ root: StrictNode, on date: CivilDate?) -> (StrictNode, ended: [String]) {
        var ended: [String] = []
        func value(_ node: Node, path: String) -> Node? {
            let strict = StrictNode(node: node, file: root.file, path: path)
            if let dated = datedMapping(strict) {
                var chosen: (CivilDate, Node)? = nil
                if let date {
                    for (keyNode, v) in dated {
                        guard case .scalar(let scalar) = keyNode, let from = CivilDate(iso: scalar.string), from <= date else { continue }
                        if chosen == nil || chosen!.0 < from { chosen = (from, v) }
                    }
                }
                guard let (_, v) = chosen, !isNull(v) else { ended.append(path); return nil }
                return value(v, path: path)
            }
            switch node {
            case .mapping(let mapping):
                var pairs: [(Node, Node)] = []
                for (keyNode, v) in mapping {
                    guard case .scalar(let scalar) = keyNode else { pairs.append((keyNode, v)); continue }
                    if let resolved = value(v, path: path.isEmpty ? scalar.string : path + "." + scalar.string) {
                        pairs.append((keyNode, resolved))
                    }
                }
                return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
            case .sequence(let sequence):
                var items: [Node] = []
                for (i, item) in sequence.enumerated() {
                    if let resolved = value(item, path: path + "[\(i + 1)]") { items.append(resolved) }
                }
                return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
            default:
                return node
            }
        }
        let resolved = value(root.node, path: root.path) ?? root.node
        return (StrictNode(node: resolved, file: root.file, path: root.path), ended)
    }

    /// The `waarden` mapping when `node` is a dated value.
    static func datedMapping(_ node: StrictNode) -> Node.Mapping? {
        guard case .mapping(let mapping) = node.node, mapping.count == 1,
              let (keyNode, value) = mapping.first, case .scalar(let scalar) = keyNode, scalar.string == key,
              case .mapping(let dated) = value else { return nil }
        return dated
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["null", "Null", "NULL", "~", ""].contains(scalar.string)
    }
}

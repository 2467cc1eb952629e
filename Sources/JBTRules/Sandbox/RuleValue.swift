/// A value crossing between the planner and a Lua rule: what the hooks of the contract take and
/// return. A Lua table with keys 1…n (or an empty table) is a `list`, one with only string keys a
/// `table`; anything else (functions, mixed keys) cannot cross and is reported where it happens.
public indirect enum RuleValue: Sendable, Hashable {
    case none
    case bool(Bool)
    case number(Double)
    case text(String)
    case list([RuleValue])
    case table([String: RuleValue])
}

extension RuleValue: CustomStringConvertible {
    /// The value in Dutch words, for messages ("het getal 14.5", "de tekst \"Ede\"").
    public var description: String {
        switch self {
        case .none: return "nil"
        case .bool(let b): return "de waarde \(b)"
        case .number(let d): return "het getal \(RuleValue.format(d))"
        case .text(let s): return "de tekst \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .list(let items): return items.count == 1 ? "een lijst van 1 waarde" : "een lijst van \(items.count) waarden"
        case .table(let fields):
            let names = fields.keys.sorted().prefix(5).joined(separator: ", ")
            return "een tabel met velden (\(names)\(fields.count > 5 ? ", …" : ""))"
        }
    }

    static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}

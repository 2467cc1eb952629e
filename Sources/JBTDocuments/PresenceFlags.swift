extension DocumentValue {
    /// The tree with `heeft_<naam>` beside every list `<naam>` of an object (true when the list has
    /// items), unless the data sets it itself. A list section repeats per item, so a heading above
    /// a list needs a flag to be shown once, and left out when the list is empty ("Netwerk" with
    /// nothing under it).
    public func withPresenceFlags() -> DocumentValue {
        switch self {
        case .text, .bool:
            return self
        case .list(let items):
            return .list(items.map { $0.withPresenceFlags() })
        case .object(let fields):
            var out: [String: DocumentValue] = [:]
            for (key, value) in fields {
                out[key] = value.withPresenceFlags()
                if case .list(let items) = value, fields["heeft_" + key] == nil {
                    out["heeft_" + key] = .bool(!items.isEmpty)
                }
            }
            return .object(out)
        }
    }
}

/// Dutch text for lists in running text: "A", "A en B", "A, B en C".
public enum DutchList {
    public static func joined(_ items: [String]) -> String {
        let parts = items.filter { !$0.isEmpty }
        guard let last = parts.last else { return "" }
        if parts.count == 1 { return last }
        return parts.dropLast().joined(separator: ", ") + " en " + last
    }
}

/// The data a document template is filled with: a tree of text, booleans, lists and objects.
///
/// A record (verslag, veiligheidsplan, agenda…) is turned into a `DocumentValue` by the app; the
/// templates see only this tree, never the store. Booleans for conditional sections are computed
/// in the data (`route.raadsonderzoek`), because Mustache has no comparisons.
public indirect enum DocumentValue: Sendable, Hashable {
    case text(String)
    case bool(Bool)
    case list([DocumentValue])
    case object([String: DocumentValue])

    /// An object from key–value pairs; later keys win.
    public static func fields(_ pairs: KeyValuePairs<String, DocumentValue>) -> DocumentValue {
        var d: [String: DocumentValue] = [:]
        for (k, v) in pairs { d[k] = v }
        return .object(d)
    }

    /// The value at a dotted path (`kind.initialen`), or nil.
    public subscript(path path: String) -> DocumentValue? {
        var current: DocumentValue? = self
        for key in path.split(separator: ".") {
            guard case .object(let d)? = current else { return nil }
            current = d[String(key)]
        }
        return current
    }
}

/// The formats a document can be written in.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case docx, pdf, html, md
}

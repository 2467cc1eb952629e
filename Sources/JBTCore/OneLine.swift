/// Text that came from outside, made safe to print on one line of a terminal or a report.
public enum OneLine {
    /// Text from outside (a rule's `error(...)`, a reply's COMMENT) as one line: control characters,
    /// line and paragraph separators and invisible format characters become a space, runs of spaces
    /// one space, and the whole at most `limit` characters, then "…".
    public static func text(_ text: String, limit: Int = 300) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let category = scalar.properties.generalCategory
            let blank = category == .control || category == .lineSeparator || category == .paragraphSeparator
                || category == .format || category == .spaceSeparator || scalar == "\u{FFFD}"
            if blank {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.unicodeScalars.append(" ") }
            pendingSpace = false
            out.unicodeScalars.append(scalar)
        }
        if out.count > limit { out = String(out.prefix(limit)) + "…" }
        return out
    }
}

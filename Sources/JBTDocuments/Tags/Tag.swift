/// One Mustache tag found in a template, with where it was found.
struct Tag: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case variable          // {{x}}
        case unescaped         // {{{x}}} or {{&x}}: accepted, but escaped like {{x}} (values are typed by people)
        case section           // {{#x}}
        case inverted          // {{^x}}
        case close             // {{/x}}
        case comment           // {{! … }}
    }

    var kind: Kind
    /// The name as written, trimmed: `gesprek.datum`, `.`.
    var name: String
    /// The tag as written, for messages: `{{#afspraken}}`.
    var text: String
    /// Where: `regel 7` or `word/document.xml, alinea 12`.
    var place: String
    /// The dotted name split once, for fast lookups.
    var path: [String]

    init(kind: Kind, name: String, text: String, place: String) {
        self.kind = kind
        self.name = name
        self.text = text
        self.place = place
        self.path = name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// Classifies the inside of `{{ … }}` (without the braces). Throws for forms jbt does not support.
    static func parse(inner: String, tripled: Bool, text: String, place: String, file: String) throws -> Tag {
        if tripled {
            return Tag(kind: .unescaped, name: inner.trimmingSpaces, text: text, place: place)
        }
        let trimmed = inner.trimmingSpaces
        guard let sigil = trimmed.first else {
            throw DocumentError(.unsupportedTag, file: file, tag: text, place: place, detail: "lege tag; schrijf een veldnaam tussen {{ en }}")
        }
        let rest = String(trimmed.dropFirst()).trimmingSpaces
        let kind: Kind
        switch sigil {
        case "#": kind = .section
        case "^": kind = .inverted
        case "/": kind = .close
        case "!": return Tag(kind: .comment, name: "", text: text, place: place)
        case "&": kind = .unescaped
        case ">", "<", "$", "=", "%":
            throw DocumentError(.unsupportedTag, file: file, tag: text, place: place,
                                detail: "deze vorm (partial, blok, andere scheidingstekens of pragma) wordt niet ondersteund; gebruik {{veld}}, {{#sectie}}…{{/sectie}} of {{^sectie}}…{{/sectie}}")
        default:
            return try validated(Tag(kind: .variable, name: trimmed, text: text, place: place), file: file)
        }
        return try validated(Tag(kind: kind, name: rest, text: text, place: place), file: file)
    }

    private static func validated(_ tag: Tag, file: String) throws -> Tag {
        let allowed = tag.name == "." || (!tag.name.isEmpty && tag.path.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || CharacterSet_alnum.contains($0) }
        })
        guard allowed else {
            throw DocumentError(.unsupportedTag, file: file, tag: tag.text, place: tag.place,
                                detail: "ongeldige veldnaam “\(tag.name)”; gebruik letters, cijfers, _ en punten (bijv. gesprek.datum)")
        }
        return tag
    }
}

private enum CharacterSet_alnum {
    static func contains(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || ("0"..."9").contains(s)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

/// A template as a flat sequence: raw output bytes and tags, in document order.
enum TemplateSegment: Sendable {
    case raw([UInt8])
    case tag(Tag)
}

/// A template as a tree: sections hold their content.
indirect enum TemplateNode: Sendable {
    case raw([UInt8])
    case variable(Tag)
    case section(Tag, inverted: Bool, [TemplateNode])
}

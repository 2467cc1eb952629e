/// Builds the section tree from a flat sequence of segments, checking that every section is
/// closed by its own name.
enum TemplateTree {
    /// How deep sections may nest. Real templates nest three or four deep; the bound keeps rendering
    /// and checking linear and the stack small whatever a template holds.
    static let maxDepth = 32

    /// Refuses sections nested deeper than `maxDepth`, naming the tag that goes one too deep.
    static func checkDepth<S: Sequence>(_ tags: S, file: String) throws where S.Element == Tag {
        var depth = 0
        for tag in tags {
            switch tag.kind {
            case .section, .inverted:
                depth += 1
                if depth > maxDepth {
                    throw DocumentError(.nestingTooDeep, file: file, tag: tag.text, place: tag.place,
                                        detail: "secties zijn hier meer dan \(maxDepth) diep genest; "
                                        + "sluit eerdere secties (met {{/…}}) voordat u een nieuwe opent")
                }
            case .close:
                depth = max(0, depth - 1)
            default:
                break
            }
        }
    }

    static func build(_ segments: [TemplateSegment], file: String) throws -> [TemplateNode] {
        try checkDepth(segments.lazy.compactMap { if case .tag(let tag) = $0 { tag } else { nil } }, file: file)
        var stack: [(Tag, [TemplateNode])] = []
        var current: [TemplateNode] = []
        for segment in segments {
            switch segment {
            case .raw(let bytes):
                if bytes.isEmpty { continue }
                if case .raw(let previous)? = current.last {
                    current[current.count - 1] = .raw(previous + bytes)
                } else {
                    current.append(.raw(bytes))
                }
            case .tag(let tag):
                switch tag.kind {
                case .comment: continue
                case .variable, .unescaped: current.append(.variable(tag))
                case .section, .inverted:
                    stack.append((tag, current))
                    current = []
                case .close:
                    guard case (let open, var siblings)? = stack.popLast() else {
                        throw DocumentError(.mismatchedClose, file: file, tag: tag.text, place: tag.place,
                                            detail: "sluit een sectie die niet geopend is; verwijder de tag of open eerst met {{#\(tag.name)}}")
                    }
                    guard open.name == tag.name else {
                        throw DocumentError(.mismatchedClose, file: file, tag: tag.text, place: tag.place,
                                            detail: "sluit de sectie \(open.text) (\(open.place)) niet: verwacht {{/\(open.name)}}")
                    }
                    // Appending to the popped outer list in place (its only reference) keeps building
                    // linear in the number of tags; `outer + [section]` copied it for every section.
                    siblings.append(.section(open, inverted: open.kind == .inverted, current))
                    current = siblings
                }
            }
        }
        if let (open, _) = stack.last {
            throw DocumentError(.unclosedSection, file: file, tag: open.text, place: open.place,
                                detail: "sectie wordt niet gesloten; voeg {{/\(open.name)}} toe")
        }
        return current
    }

    /// Every tag name in order of appearance (sections too), without duplicates.
    static func placeholders(_ segments: [TemplateSegment]) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        for case .tag(let tag) in segments where tag.kind != .comment && tag.kind != .close {
            if seen.insert(tag.name).inserted { names.append(tag.name) }
        }
        return names
    }
}

/// Builds the section tree from a flat sequence of segments, checking that every section is
/// closed by its own name.
enum TemplateTree {
    static func build(_ segments: [TemplateSegment], file: String) throws -> [TemplateNode] {
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
                    guard let (open, outer) = stack.popLast() else {
                        throw DocumentError(.mismatchedClose, file: file, tag: tag.text, place: tag.place,
                                            detail: "sluit een sectie die niet geopend is; verwijder de tag of open eerst met {{#\(tag.name)}}")
                    }
                    guard open.name == tag.name else {
                        throw DocumentError(.mismatchedClose, file: file, tag: tag.text, place: tag.place,
                                            detail: "sluit de sectie \(open.text) (\(open.place)) niet: verwacht {{/\(open.name)}}")
                    }
                    current = outer + [.section(open, inverted: open.kind == .inverted, current)]
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

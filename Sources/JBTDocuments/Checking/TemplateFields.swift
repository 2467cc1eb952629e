/// Checks a template's placeholders against the fields of a kind of document (the paths of
/// `DocumentSamples.full(kind)`), the way Mustache resolves them: from the innermost section out.
enum TemplateFields {
    static func unknown(in segments: [TemplateSegment], schema: DocumentValue, file: String) -> [DocumentError] {
        var problems: [DocumentError] = []
        var stack: [[DocumentValue]] = [[schema]]
        for case .tag(let tag) in segments {
            switch tag.kind {
            case .comment: continue
            case .close:
                if stack.count > 1 { stack.removeLast() }
            case .variable, .unescaped, .section, .inverted:
                let found = resolve(tag, in: stack)
                if found == nil {
                    problems.append(DocumentError(.unknownTag, file: file, tag: tag.text, place: tag.place,
                                                  detail: message(for: tag, schema: schema)))
                }
                if tag.kind == .section {
                    stack.append((found ?? []).flatMap { value -> [DocumentValue] in
                        if case .list(let items) = value { return items }
                        return [value]
                    })
                } else if tag.kind == .inverted {
                    stack.append([])
                }
            }
        }
        return problems
    }

    /// The possible values of a tag, or nil when the name is no field here.
    private static func resolve(_ tag: Tag, in stack: [[DocumentValue]]) -> [DocumentValue]? {
        guard let first = tag.path.first else { return stack.last ?? [] }
        for alternatives in stack.reversed() {
            var values = alternatives.compactMap { value -> DocumentValue? in
                if case .object(let fields) = value { return fields[first] }
                return nil
            }
            if values.isEmpty { continue }
            for key in tag.path.dropFirst() {
                values = values.compactMap { value in
                    if case .object(let fields) = value { return fields[key] }
                    return nil
                }
                if values.isEmpty { return nil }
            }
            return values
        }
        return nil
    }

    private static func message(for tag: Tag, schema: DocumentValue) -> String {
        var text = "onbekend veld “\(tag.name)”"
        let paths = allPaths(schema)
        if let best = paths.min(by: { distance($0, tag.name) < distance($1, tag.name) }),
           distance(best, tag.name) <= max(2, tag.name.count / 3) {
            text += "; bedoelt u “\(best)”?"
        } else {
            text += "; gebruik een veld van dit document (jbt templates check toont ze)"
        }
        return text
    }

    /// Every dotted path in a value (list items' fields without the list's name).
    static func allPaths(_ value: DocumentValue, prefix: String = "") -> [String] {
        switch value {
        case .object(let fields):
            return fields.keys.sorted().flatMap { key -> [String] in
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                return [path] + allPaths(fields[key]!, prefix: path)
            }
        case .list(let items):
            var seen = Set<String>()
            return items.flatMap { allPaths($0) }.filter { seen.insert($0).inserted }
        default:
            return []
        }
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// How a value's text is written into the output (HTML escaping, XML with line breaks, …).
protocol TextEscaping: Sendable {
    func append(_ text: String, to output: inout [UInt8])
}

/// Fills a section tree with a value, Mustache style: names are looked up from the innermost
/// section outwards, lists repeat, false/empty text/empty lists hide a section and show an
/// inverted one.
struct TagRenderer<Escaping: TextEscaping>: Sendable {
    let escaping: Escaping

    func render(_ nodes: [TemplateNode], value: DocumentValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64 * 1024)
        var stack: [DocumentValue] = [value]
        render(nodes, stack: &stack, into: &output)
        return output
    }

    private func render(_ nodes: [TemplateNode], stack: inout [DocumentValue], into output: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .raw(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let tag):
                guard let value = Self.lookup(tag, in: stack), let text = value.displayText else { continue }
                // `{{{x}}}` and `{{&x}}` are escaped too: values come from records people type,
                // and a document must never carry their markup.
                escaping.append(text, to: &output)
            case .section(let tag, let inverted, let children):
                let value = Self.lookup(tag, in: stack)
                if inverted {
                    if !(value?.isTruthy ?? false) { render(children, stack: &stack, into: &output) }
                    continue
                }
                guard let value, value.isTruthy else { continue }
                switch value {
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        render(children, stack: &stack, into: &output)
                        stack.removeLast()
                    }
                case .bool:
                    render(children, stack: &stack, into: &output)
                default:
                    stack.append(value)
                    render(children, stack: &stack, into: &output)
                    stack.removeLast()
                }
            }
        }
    }

    static func lookup(_ tag: Tag, in stack: [DocumentValue]) -> DocumentValue? {
        guard let first = tag.path.first else { return stack.last }
        for context in stack.reversed() {
            guard case .object(let fields) = context, var value = fields[first] else { continue }
            for key in tag.path.dropFirst() {
                guard case .object(let inner) = value, let next = inner[key] else { return nil }
                value = next
            }
            return value
        }
        return nil
    }
}

extension DocumentValue {
    /// Mustache truthiness: false, empty text and empty lists are false; objects are true.
    var isTruthy: Bool {
        switch self {
        case .bool(let b): b
        case .text(let s): !s.isEmpty
        case .list(let l): !l.isEmpty
        case .object: true
        }
    }

    /// What `{{x}}` prints: text as is, booleans as “ja”/“nee”, lists and objects nothing.
    var displayText: String? {
        switch self {
        case .text(let s): s
        case .bool(let b): b ? "ja" : "nee"
        case .list, .object: nil
        }
    }
}

/// A Mustache template for a text format (HTML, Markdown): tags found with their line numbers,
/// standalone section and comment lines removed as the Mustache specification says.
struct TextTemplate: Sendable {
    let segments: [TemplateSegment]
    let nodes: [TemplateNode]

    init(text: String, file: String) throws {
        segments = try Self.tokenize(text, file: file)
        nodes = try TemplateTree.build(segments, file: file)
    }

    static func tokenize(_ text: String, file: String) throws -> [TemplateSegment] {
        let bytes = Array(text.utf8)
        var tokens: [TemplateSegment] = []
        var line = 1
        var lineCounted = 0  // bytes up to here are counted in `line`
        var i = 0
        var textStart = 0
        func lineAt(_ offset: Int) -> Int {
            while lineCounted < offset {
                if bytes[lineCounted] == UInt8(ascii: "\n") { line += 1 }
                lineCounted += 1
            }
            return line
        }
        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "{") else { i += 1; continue }
            let tripled = i + 2 < bytes.count && bytes[i + 2] == UInt8(ascii: "{")
            let open = tripled ? 3 : 2
            let closer: [UInt8] = tripled ? Array("}}}".utf8) : Array("}}".utf8)
            let place = "regel \(lineAt(i))"
            guard let end = find(closer, in: bytes, from: i + open) else {
                let snippet = String(decoding: bytes[i..<min(bytes.count, i + 30)], as: UTF8.self)
                    .split(separator: "\n").first.map(String.init) ?? "{{"
                throw DocumentError(.unclosedTag, file: file, tag: snippet, place: place,
                                    detail: "tag wordt niet gesloten met \(tripled ? "}}}" : "}}")")
            }
            tokens.append(.raw(Array(bytes[textStart..<i])))
            let inner = String(decoding: bytes[(i + open)..<end], as: UTF8.self)
            let written = String(decoding: bytes[i..<(end + closer.count)], as: UTF8.self)
            tokens.append(.tag(try Tag.parse(inner: inner, tripled: tripled, text: written, place: place, file: file)))
            i = end + closer.count
            textStart = i
        }
        tokens.append(.raw(Array(bytes[textStart..<bytes.count])))
        return removeStandaloneLines(tokens)
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var j = start
        while j + needle.count <= bytes.count {
            if bytes[j] == needle[0] && (needle.count < 2 || bytes[j + 1] == needle[1])
                && (needle.count < 3 || bytes[j + 2] == needle[2]) { return j }
            j += 1
        }
        return nil
    }

    /// A section, inverted, close or comment tag alone on its line (only spaces besides) takes the
    /// whole line with it, so `{{#lijst}}` on a line of its own leaves no empty line behind.
    /// Tokens alternate raw, tag, raw, … (raw possibly empty).
    private static func removeStandaloneLines(_ tokens: [TemplateSegment]) -> [TemplateSegment] {
        var t = tokens
        var k = 1
        var previousTookLine = false
        while k < t.count - 1 {
            let tookLine = previousTookLine
            previousTookLine = false
            guard case .tag(let tag) = t[k], tag.kind != .variable, tag.kind != .unescaped,
                  case .raw(let before) = t[k - 1], case .raw(let after) = t[k + 1] else { k += 2; continue }
            // Before: spaces back to a newline, or to the start of the template.
            var b = before.count
            while b > 0, before[b - 1] == UInt8(ascii: " ") || before[b - 1] == UInt8(ascii: "\t") { b -= 1 }
            // With nothing before it, the tag starts a line at the template's start or right after
            // a standalone tag that took its own line (and newline) away.
            let startsLine = b > 0 ? before[b - 1] == UInt8(ascii: "\n") : (k == 1 || tookLine)
            // After: spaces up to a newline, or to the end of the template.
            var a = 0
            while a < after.count, after[a] == UInt8(ascii: " ") || after[a] == UInt8(ascii: "\t") { a += 1 }
            var endsLine = false
            if a < after.count, after[a] == UInt8(ascii: "\n") { a += 1; endsLine = true }
            else if a + 1 < after.count, after[a] == UInt8(ascii: "\r"), after[a + 1] == UInt8(ascii: "\n") { a += 2; endsLine = true }
            else if a == after.count && k + 1 == t.count - 1 { endsLine = true }
            if startsLine && endsLine {
                t[k - 1] = .raw(Array(before[0..<b]))
                t[k + 1] = .raw(Array(after[a...]))
                previousTookLine = true
            }
            k += 2
        }
        return t
    }
}

/// HTML: `& < > " '` escaped, line breaks as `<br>`.
struct HTMLEscaping: TextEscaping {
    func append(_ text: String, to output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
            case UInt8(ascii: "\n"): output.append(contentsOf: "<br>\n".utf8)
            case UInt8(ascii: "\r"): continue
            default: output.append(byte)
            }
        }
    }
}

/// Markdown: text kept as written, except what a Markdown viewer would turn into HTML or a new
/// block: `<` before a letter, `/`, `!` or `?` becomes `&lt;`; a line break becomes a hard break
/// (backslash) so the value's lines stay in their paragraph or list item.
struct MarkdownEscaping: TextEscaping {
    func append(_ text: String, to output: inout [UInt8]) {
        let bytes = Array(text.utf8)
        for (i, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "<"):
                let next = i + 1 < bytes.count ? bytes[i + 1] : 0
                let opensTag = (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A)
                    || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?")
                output.append(contentsOf: opensTag ? Array("&lt;".utf8) : [byte])
            case UInt8(ascii: "\r"): continue
            case UInt8(ascii: "\n"): output.append(contentsOf: "\\\n".utf8)
            default: output.append(byte)
            }
        }
    }
}

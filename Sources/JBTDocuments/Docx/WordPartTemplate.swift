/// One XML part of a Word template (`word/document.xml`, a header, a footer) turned into a tag
/// template, the way docxtemplater does it:
///
/// - the text of all `w:t` nodes of a paragraph is joined, tags are found in it and each whole tag
///   is moved into the node where it starts (Word splits `{{gesprek.datum}}` over runs freely);
/// - a section whose open and close tags are each alone in their paragraph takes those paragraphs
///   away (a conditional or repeated block of paragraphs);
/// - a section whose tags sit in different cells of one table row repeats the row;
/// - any other section works inline, within its paragraph.
///
/// A section whose content would not be balanced XML is refused, naming its tags and paragraphs.
struct WordPartTemplate: Sendable {
    let name: String
    let segments: [TemplateSegment]
    let nodes: [TemplateNode]

    init(name: String, xml: [UInt8], file: String) throws {
        self.name = name
        let scan = WordXMLScan(xml)
        var found: [FoundTag] = []
        var edits: [Edit] = []
        for (p, paragraph) in scan.paragraphs.enumerated() where !paragraph.texts.isEmpty {
            try Self.collect(paragraph: p, scan: scan, xml: xml, part: name, file: file, into: &found, edits: &edits)
        }
        try TemplateTree.checkDepth(found.lazy.map(\.tag), file: file)
        try Self.lift(found, scan: scan, part: name, file: file, edits: &edits)
        segments = Self.apply(edits, to: xml, tags: found)
        nodes = try TemplateTree.build(segments, file: file)
        try Self.checkBalance(nodes, file: file)
    }

    /// A tag found in the part, with its paragraph.
    struct FoundTag {
        var tag: Tag
        var paragraph: Int
        var aloneInParagraph: Bool
    }

    /// A replacement of `range` in the original XML by `parts`; `order` breaks ties between
    /// insertions at the same offset.
    struct Edit {
        var start: Int
        var end: Int
        var order: Int
        var parts: [Part]
        /// For a text node: the index of each of its tags' entries in `parts`, so lifting can take one out.
        enum Part { case raw([UInt8]); case tag(Int) }
    }

    // MARK: Finding tags across runs

    private static func collect(paragraph p: Int, scan: WordXMLScan, xml: [UInt8], part: String, file: String,
                                into found: inout [FoundTag], edits: inout [Edit]) throws {
        let nodes = scan.paragraphs[p].texts
        var joined: [UInt8] = []
        var nodeStarts: [Int] = []
        for t in nodes {
            nodeStarts.append(joined.count)
            joined.append(contentsOf: xml[scan.texts[t].contentStart..<scan.texts[t].contentEnd])
        }
        // Find tags in the joined text.
        var tagStarts: [Int: (end: Int, index: Int)] = [:]
        var covered = [Bool](repeating: false, count: joined.count)
        let place = "\(part), alinea \(p + 1)"
        let firstInParagraph = found.count
        var i = 0
        while i + 1 < joined.count {
            guard joined[i] == UInt8(ascii: "{"), joined[i + 1] == UInt8(ascii: "{") else { i += 1; continue }
            let tripled = i + 2 < joined.count && joined[i + 2] == UInt8(ascii: "{")
            let open = tripled ? 3 : 2
            var j = i + open
            var end: Int? = nil
            while j + 1 < joined.count {
                if joined[j] == UInt8(ascii: "}"), joined[j + 1] == UInt8(ascii: "}") {
                    if !tripled { end = j + 2; break }
                    if j + 2 < joined.count, joined[j + 2] == UInt8(ascii: "}") { end = j + 3; break }
                }
                j += 1
            }
            guard let tagEnd = end else {
                let snippet = XMLText.unescape(Array(joined[i..<min(joined.count, i + 30)]))
                throw DocumentError(.unclosedTag, file: file, tag: snippet, place: place,
                                    detail: "tag wordt niet gesloten met \(tripled ? "}}}" : "}}") in deze alinea")
            }
            let written = XMLText.unescape(Array(joined[i..<tagEnd]))
            let inner = XMLText.unescape(Array(joined[(i + open)..<(tagEnd - open)]))
            let tag = try Tag.parse(inner: inner, tripled: tripled, text: written, place: place, file: file)
            tagStarts[i] = (tagEnd, found.count)
            for k in i..<tagEnd { covered[k] = true }
            found.append(FoundTag(tag: tag, paragraph: p, aloneInParagraph: false))
            i = tagEnd
        }
        guard found.count > firstInParagraph else { return }
        // A tag is alone when the rest of the paragraph's text is white space.
        if found.count == firstInParagraph + 1 {
            let rest = joined.enumerated().filter { !covered[$0.offset] }.map(\.element)
            let blank = rest.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            found[firstInParagraph].aloneInParagraph = blank
        }
        // Rewrite every node that holds (part of) a tag: the whole tag goes to the node it starts in.
        for (k, t) in nodes.enumerated() {
            let from = nodeStarts[k]
            let to = k + 1 < nodes.count ? nodeStarts[k + 1] : joined.count
            guard (from..<to).contains(where: { covered[$0] }) else { continue }
            var parts: [Edit.Part] = []
            var raw: [UInt8] = []
            for j in from..<to {
                if let (_, index) = tagStarts[j] {
                    if !raw.isEmpty { parts.append(.raw(raw)); raw = [] }
                    parts.append(.tag(index))
                }
                if !covered[j] { raw.append(joined[j]) }
            }
            if !raw.isEmpty { parts.append(.raw(raw)) }
            let node = scan.texts[t]
            edits.append(Edit(start: node.elementStart, end: node.contentEnd, order: -1,
                              parts: [.raw(Array("<w:t xml:space=\"preserve\">".utf8))] + parts))
        }
    }

    // MARK: Lifting sections to paragraphs and rows

    private static func lift(_ found: [FoundTag], scan: WordXMLScan, part: String, file: String,
                             edits: inout [Edit]) throws {
        // Pair sections (errors about names are left to TemplateTree, which names both places).
        var stack: [Int] = []
        var pairs: [(Int, Int)] = []
        for (index, f) in found.enumerated() {
            switch f.tag.kind {
            case .section, .inverted: stack.append(index)
            case .close:
                guard let open = stack.popLast(), found[open].tag.name == f.tag.name else { return }
                pairs.append((open, index))
            default: break
            }
        }
        // Which text edit holds each tag, made once: a scan of all edits per lifted section was quadratic.
        var holding: [Int: Int] = [:]
        for (e, edit) in edits.enumerated() {
            for case .tag(let t) in edit.parts { holding[t] = e }
        }
        for (open, close) in pairs {
            let o = found[open], c = found[close]
            if o.paragraph == c.paragraph { continue }     // inline
            let po = scan.paragraphs[o.paragraph], pc = scan.paragraphs[c.paragraph]
            if po.row >= 0, po.row == pc.row, po.cell != pc.cell {
                // Row repeat: take the tags out of their text and put them around the row.
                take(open, out: &edits, holding: holding)
                take(close, out: &edits, holding: holding)
                let row = scan.rows[po.row]
                edits.append(Edit(start: row.start, end: row.start, order: open, parts: [.tag(open)]))
                edits.append(Edit(start: row.end, end: row.end, order: close, parts: [.tag(close)]))
                // A paragraph left empty by the tag goes too, if its cell keeps another one.
                for (f, index) in [(o, open), (c, close)] where f.aloneInParagraph {
                    let para = scan.paragraphs[f.paragraph]
                    if para.cell >= 0, scan.paragraphsInCell[para.cell, default: 0] > 1 {
                        edits.append(Edit(start: para.start, end: para.end, order: index, parts: []))
                    }
                }
                continue
            }
            if o.aloneInParagraph && c.aloneInParagraph {
                // A table cell must keep a paragraph: when the section spans all of its cell, the
                // close tag's paragraph stays (empty) instead of going.
                let cell = po.cell
                let spansCell = cell >= 0 && pc.cell == cell
                    && (o.paragraph...c.paragraph).filter { scan.paragraphs[$0].cell == cell }.count
                        >= scan.paragraphsInCell[cell, default: 0]
                edits.append(Edit(start: po.start, end: po.end, order: open, parts: [.tag(open)]))
                if spansCell {
                    take(close, out: &edits, holding: holding)
                    edits.append(Edit(start: pc.start, end: pc.start, order: close, parts: [.tag(close)]))
                } else {
                    edits.append(Edit(start: pc.start, end: pc.end, order: close, parts: [.tag(close)]))
                }
            }
        }
    }

    /// Removes tag `index` from the text edit that holds it.
    private static func take(_ index: Int, out edits: inout [Edit], holding: [Int: Int]) {
        guard let e = holding[index],
              let k = edits[e].parts.firstIndex(where: { if case .tag(let t) = $0 { t == index } else { false } })
        else { return }
        edits[e].parts.remove(at: k)
    }

    // MARK: Applying the edits

    private static func apply(_ edits: [Edit], to xml: [UInt8], tags: [FoundTag]) -> [TemplateSegment] {
        // Wider replacements first at the same offset, so text edits inside a removed paragraph drop out.
        let sorted = edits.sorted {
            if $0.start != $1.start { return $0.start < $1.start }
            if ($0.end - $0.start) != ($1.end - $1.start) { return ($0.end - $0.start) == 0 }
            return $0.order < $1.order
        }
        var segments: [TemplateSegment] = []
        var cursor = 0
        for edit in sorted {
            if edit.start < cursor { continue }   // inside a paragraph already replaced
            segments.append(.raw(Array(xml[cursor..<edit.start])))
            for part in edit.parts {
                switch part {
                case .raw(let bytes): segments.append(.raw(bytes))
                case .tag(let index): segments.append(.tag(tags[index].tag))
                }
            }
            cursor = edit.end
        }
        segments.append(.raw(Array(xml[cursor..<xml.count])))
        return segments
    }

    // MARK: Checking every section keeps the XML balanced

    private static func checkBalance(_ nodes: [TemplateNode], file: String) throws {
        for node in nodes {
            guard case .section(let tag, _, let children) = node else { continue }
            var flat: [UInt8] = []
            flatten(children, into: &flat)
            if !XMLBalance.isNeutral(flat) {
                throw DocumentError(.sectionCrossesStructure, file: file, tag: tag.text, place: tag.place,
                                    detail: "de sectie loopt door de opbouw van het document heen (bijv. van gewone tekst een tabelcel in); zet {{#\(tag.name)}} en {{/\(tag.name)}} elk alleen in een eigen alinea op hetzelfde niveau, in dezelfde alinea, of in cellen van dezelfde tabelrij")
            }
            try checkBalance(children, file: file)
        }
    }

    private static func flatten(_ nodes: [TemplateNode], into out: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .raw(let bytes): out.append(contentsOf: bytes)
            case .variable: break
            case .section(_, _, let children): flatten(children, into: &out)
            }
        }
    }
}

/// XML text escaping for Word: `& < > "` escaped, line breaks as `<w:br/>`, tabs as `<w:tab/>`,
/// characters XML forbids dropped.
struct WordEscaping: TextEscaping {
    private static let lineBreak = Array("</w:t><w:br/><w:t xml:space=\"preserve\">".utf8)
    private static let tab = Array("</w:t><w:tab/><w:t xml:space=\"preserve\">".utf8)

    func append(_ text: String, to output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "\n"): output.append(contentsOf: Self.lineBreak)
            case UInt8(ascii: "\t"): output.append(contentsOf: Self.tab)
            case 0..<0x20: continue   // \r and control characters are not allowed in XML 1.0
            default: output.append(byte)
            }
        }
    }
}

enum XMLText {
    /// Undoes XML escaping (`&amp;`, `&lt;`, `&#123;`, …) in text found in a `w:t`.
    static func unescape(_ bytes: [UInt8]) -> String {
        let s = String(decoding: bytes, as: UTF8.self)
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += rest[amp...]; return out
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { out.unicodeScalars.append(u) }
                else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) { out.unicodeScalars.append(u) }
                else { out += rest[amp...semi] }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}

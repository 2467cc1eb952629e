/// The structure of one WordprocessingML part that templating needs: its text nodes (`w:t`),
/// paragraphs (`w:p`), table rows (`w:tr`) and cells (`w:tc`), as byte offsets.
///
/// The part must already be known to be well-formed (see `XMLWellFormedness`).
struct WordXMLScan {
    struct TextNode {
        var elementStart: Int    // offset of `<w:t`
        var contentStart: Int    // first byte after `>`
        var contentEnd: Int      // offset of `</w:t>`
        var paragraph: Int       // index into paragraphs, -1 outside any
    }
    struct Paragraph {
        var start: Int           // offset of `<w:p`
        var end: Int             // offset after `</w:p>`
        var row: Int             // innermost table row, -1 if none
        var cell: Int            // innermost table cell, -1 if none
        var texts: [Int] = []    // its text nodes
    }
    struct Range { var start: Int; var end: Int }

    var texts: [TextNode] = []
    var paragraphs: [Paragraph] = []
    var rows: [Range] = []
    var cells: [Range] = []
    /// Paragraphs directly in each cell (to keep at least one when lifting a row section).
    var paragraphsInCell: [Int: Int] = [:]

    init(_ b: [UInt8]) {
        var openParagraphs: [Int] = []
        var openRows: [Int] = []
        var openCells: [Int] = []
        var openText: Int? = nil
        var i = 0
        let n = b.count
        while i < n {
            guard b[i] == UInt8(ascii: "<") else { i += 1; continue }
            let start = i
            if i + 1 < n, b[i + 1] == UInt8(ascii: "?") {
                i = Self.skip(past: "?>", in: b, from: i + 2); continue
            }
            if i + 3 < n, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                i = Self.skip(past: "-->", in: b, from: i + 4); continue
            }
            if i + 2 < n, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "[") {
                i = Self.skip(past: "]]>", in: b, from: i + 3); continue
            }
            let (name, closing, selfClosing, end) = Self.tag(at: i, in: b)
            i = end
            switch (Self.kind(name), closing) {
            case (.t, false) where !selfClosing:
                openText = texts.count
                texts.append(TextNode(elementStart: start, contentStart: end, contentEnd: end,
                                      paragraph: openParagraphs.last ?? -1))
                if let p = openParagraphs.last { paragraphs[p].texts.append(texts.count - 1) }
            case (.t, true):
                if let t = openText { texts[t].contentEnd = start; openText = nil }
            case (.p, false) where !selfClosing:
                paragraphs.append(Paragraph(start: start, end: end, row: openRows.last ?? -1, cell: openCells.last ?? -1))
                openParagraphs.append(paragraphs.count - 1)
                if let c = openCells.last { paragraphsInCell[c, default: 0] += 1 }
            case (.p, true):
                if let p = openParagraphs.popLast() { paragraphs[p].end = end }
            case (.tr, false) where !selfClosing:
                rows.append(Range(start: start, end: end)); openRows.append(rows.count - 1)
            case (.tr, true):
                if let r = openRows.popLast() { rows[r].end = end }
            case (.tc, false) where !selfClosing:
                cells.append(Range(start: start, end: end)); openCells.append(cells.count - 1)
            case (.tc, true):
                if let c = openCells.popLast() { cells[c].end = end }
            default:
                break
            }
        }
    }

    private enum Kind { case t, p, tr, tc, other }

    private static func kind(_ name: ArraySlice<UInt8>) -> Kind {
        guard name.count >= 3, name.count <= 4, name[name.startIndex] == UInt8(ascii: "w"),
              name[name.startIndex + 1] == UInt8(ascii: ":") else { return .other }
        let rest = name.dropFirst(2)
        if rest.elementsEqual("t".utf8) { return .t }
        if rest.elementsEqual("p".utf8) { return .p }
        if rest.elementsEqual("tr".utf8) { return .tr }
        if rest.elementsEqual("tc".utf8) { return .tc }
        return .other
    }

    /// The element tag starting at `b[i] == "<"`: its name, whether it closes or closes itself,
    /// and the offset after its `>` (quoted attribute values skipped).
    static func tag(at i: Int, in b: [UInt8]) -> (name: ArraySlice<UInt8>, closing: Bool, selfClosing: Bool, end: Int) {
        let n = b.count
        let closing = i + 1 < n && b[i + 1] == UInt8(ascii: "/")
        var j = closing ? i + 2 : i + 1
        let nameStart = j
        while j < n, !endsName(b[j]) { j += 1 }
        let name = b[nameStart..<j]
        var quote: UInt8 = 0
        while j < n {
            let c = b[j]
            if quote != 0 { if c == quote { quote = 0 } }
            else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c }
            else if c == UInt8(ascii: ">") { break }
            j += 1
        }
        let selfClosing = !closing && j > 0 && b[j - 1] == UInt8(ascii: "/")
        return (name, closing, selfClosing, min(j + 1, n))
    }

    private static func endsName(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == UInt8(ascii: "\n")
            || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
    }

    static func skip(past marker: String, in b: [UInt8], from start: Int) -> Int {
        let m = Array(marker.utf8)
        var j = start
        while j + m.count <= b.count {
            if b[j] == m[0], Array(b[j..<(j + m.count)]) == m { return j + m.count }
            j += 1
        }
        return b.count
    }
}

/// Whether a stretch of markup can be removed or repeated without breaking the XML: every
/// element it closes beyond its start is reopened, in the same order, before its end.
enum XMLBalance {
    static func isNeutral(_ b: [UInt8]) -> Bool {
        var local: [ArraySlice<UInt8>] = []
        var closedBeyond: [ArraySlice<UInt8>] = []
        var i = 0
        let n = b.count
        while i < n {
            guard b[i] == UInt8(ascii: "<") else { i += 1; continue }
            if i + 1 < n, b[i + 1] == UInt8(ascii: "?") || b[i + 1] == UInt8(ascii: "!") {
                i = WordXMLScan.skip(past: ">", in: b, from: i + 1); continue
            }
            let (name, closing, selfClosing, end) = WordXMLScan.tag(at: i, in: b)
            i = end
            if closing {
                if let top = local.popLast() {
                    if top != name { return false }
                } else {
                    closedBeyond.append(name)
                }
            } else if !selfClosing {
                local.append(name)
            }
        }
        return Array(closedBeyond.reversed()) == local
    }
}

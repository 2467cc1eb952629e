import Foundation
import Testing
import ZIPFoundation
@testable import JBTDocuments

/// The default templates as pages a municipality would send: no heading without content, tables
/// wide enough for what they hold, and separators only between values that are there.
@Suite("Default templates read as documents")
struct DocumentLayoutTests {
    static func markdown(_ kind: DocumentKind, _ value: DocumentValue) throws -> String {
        String(decoding: try Fixture.renderer.render(kind, as: .md, value: value), as: UTF8.self)
    }

    /// `## ` headings followed directly by another heading or the footer.
    static func emptyHeadings(_ markdown: String) -> [String] {
        let lines = markdown.split(separator: "\n").map(String.init)
        return lines.indices.filter { i in
            lines[i].hasPrefix("## ") && (i + 1 == lines.count || lines[i + 1].hasPrefix("#") || lines[i + 1] == "---")
        }.map { lines[$0] }
    }

    @Test("With empty lists and texts no heading stands alone, in Markdown and HTML", arguments: DocumentKind.allCases)
    func noEmptyHeadings(kind: DocumentKind) throws {
        let empty = DocumentSamples.empty(kind)
        let text = try Self.markdown(kind, empty)
        #expect(Self.emptyHeadings(text).isEmpty, "\(text)")
        let html = String(decoding: try Fixture.renderer.render(kind, as: .html, value: empty), as: UTF8.self)
        #expect(!html.contains("</h2>\n<h2>") && !html.contains("</h2>\n</main>"), "\(html)")
        // With content, every heading of the full sample is there.
        #expect(Self.emptyHeadings(try Self.markdown(kind, DocumentSamples.full(kind))).isEmpty)
    }

    @Test("A list gets its presence flag; a flag the data sets itself wins")
    func presenceFlags() {
        let value = DocumentValue.fields(["netwerk": .list([]), "doelen": .list([.text("x")]),
                                          "reacties": .list([]), "heeft_reacties": .bool(true)]).withPresenceFlags()
        #expect(value[path: "heeft_netwerk"] == .bool(false))
        #expect(value[path: "heeft_doelen"] == .bool(true))
        #expect(value[path: "heeft_reacties"] == .bool(true))
    }

    @Test("Children and other lists in running text read as Dutch", arguments: [
        ([String](), ""), (["A"], "A"), (["A", "B"], "A en B"), (["A", "B", "C"], "A, B en C"), (["A", "", "C"], "A en C"),
    ])
    func dutchList(items: [String], expected: String) {
        #expect(DutchList.joined(items) == expected)
    }

    @Test("Empty values leave no dangling separators in the letter, the signalering and the footer")
    func noDanglingSeparators() throws {
        for kind in DocumentKind.allCases {
            let text = try Self.markdown(kind, DocumentSamples.empty(kind))
            #expect(!text.contains(" · Vertrouwelijk") || text.contains("Week "), "\(kind): \(text)")
            #expect(!text.contains("voorzitter Jeugdbeschermingstafel") || kind != .uitnodiging, "\(text)")
            #expect(!text.contains(", telefoon"))
        }
    }

    static func documentXML(_ name: String) throws -> String {
        let archive = try Archive(url: Fixture.templates.appendingPathComponent(name), accessMode: .read)
        var data = Data()
        _ = try archive.extract(try #require(archive["word/document.xml"])) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    static func gridColumns(_ xml: String) -> [Int] {
        xml.components(separatedBy: "<w:gridCol w:w=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    @Test("The signalering and the weekagenda are landscape, their long column takes the room", arguments: [
        ("wachttijdsignalering.docx", 6), ("weekagenda.docx", 5),
    ])
    func wideTables(name: String, columns: Int) throws {
        let xml = try Self.documentXML(name)
        #expect(xml.contains("w:orient=\"landscape\""))
        let widths = Self.gridColumns(xml)
        #expect(widths.count == columns)
        let last = try #require(widths.last)
        // The reasons (or attendees) column holds the long text: at least 40% of a table of 24 cm or more.
        #expect(Double(last) >= 0.4 * Double(widths.reduce(0, +)), "\(widths)")
        #expect(widths.reduce(0, +) >= 24 * 567, "\(widths) twips")
    }

    @Test("Eight cases with long reasons fit on two pages of the signalering",
          .enabled(if: PDFConverter().soffice != nil, "soffice (LibreOffice) is not installed"))
    func signaleringPages() throws {
        let reason = "alle 6 passende plekken in Centraal Gelderland tussen vr 18 dec 2026 en di 29 dec 2026 zijn bezet; "
            + "de 24 passende plekken bij de buurregio's (Achterhoek, Food Valley, Midden-IJssel/Oost-Veluwe, Rijk van "
            + "Nijmegen, Rivierenland) zijn ook bezet; niet geboekt binnen de planperiode (t/m zo 27 dec 2026)"
        guard case .object(var fields) = DocumentSamples.full(.wachttijdsignalering) else { return }
        fields["zaken"] = .list((1...8).map { n in
            .fields(["zaak": .text("JBT-CG-2026-00\(30 + n)"), "gemeente": .text("Overbetuwe"), "aangemeld": .text("di 15 dec 2026"),
                     "uiterlijk": .text("di 29 dec 2026"), "geboekt": .text(""), "reden": .text(reason)])
        })
        let pdf = try Fixture.renderer.render(.wachttijdsignalering, as: .pdf, value: .object(fields))
        let text = String(decoding: pdf, as: UTF8.self)
        let pages = text.components(separatedBy: "/Type/Page").count - 1 - (text.components(separatedBy: "/Type/Pages").count - 1)
        #expect(pages >= 1 && pages <= 2, "\(pages) pages")
    }
}

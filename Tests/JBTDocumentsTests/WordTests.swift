import Foundation
import Testing
@testable import JBTDocuments

@Suite("Word templates")
struct WordTests {
    func fill(_ body: String, header: String? = nil, _ value: DocumentValue) throws -> WordTemplate.Filled {
        let template = try WordTemplate(data: try Fixture.wordTemplate(body: body, header: header), file: "test.docx")
        let parts = template.filledParts(value)
        return WordTemplate.Filled(document: String(decoding: parts["word/document.xml"]!, as: UTF8.self),
                                   header: String(decoding: parts["word/header1.xml"]!, as: UTF8.self),
                                   wellFormed: parts.values.allSatisfy(Fixture.wellFormed))
    }

    func failure(_ body: String) -> DocumentError? {
        do { _ = try WordTemplate(data: try Fixture.wordTemplate(body: body), file: "test.docx"); return nil }
        catch let e as DocumentError { return e } catch { return nil }
    }

    @Test("A tag split over runs with a spelling mark between them is found and filled")
    func splitRuns() throws {
        let body = "<w:p><w:r><w:t>Datum: {{ges</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:i/></w:rPr><w:t>prek.da</w:t></w:r><w:r><w:t>tum}} klaar</w:t></w:r></w:p>"
        let out = try fill(body, .fields(["gesprek": .fields(["datum": .text("8 december 2026")])]))
        #expect(out.wellFormed)
        #expect(out.document.contains("<w:t xml:space=\"preserve\">Datum: 8 december 2026</w:t>"))
        #expect(out.document.contains("<w:i/></w:rPr><w:t xml:space=\"preserve\"></w:t>"), "the italic run keeps its (now empty) text")
        #expect(out.document.contains("<w:t xml:space=\"preserve\"> klaar</w:t>"))
    }

    @Test("Values with & < > and line breaks become escaped text and <w:br/>")
    func escaping() throws {
        let out = try fill(Fixture.paragraph("{{zorgen}}"), .fields(["zorgen": .text("a & b < c >\nregel 2\u{1}")]))
        #expect(out.wellFormed)
        #expect(out.document.contains("a &amp; b &lt; c &gt;</w:t><w:br/><w:t xml:space=\"preserve\">regel 2</w:t>"))
    }

    @Test("Header tags are filled")
    func header() throws {
        let out = try fill(Fixture.paragraph("x"), header: Fixture.paragraph("Jeugdbeschermingstafel {{regio.naam}}"),
                           .fields(["regio": .fields(["naam": .text("Noord & Zuid")])]))
        #expect(out.wellFormed)
        #expect(out.header.contains("Jeugdbeschermingstafel Noord &amp; Zuid"))
    }

    @Test("Paragraph sections remove their tag paragraphs; false removes the content")
    func paragraphSections() throws {
        let body = Fixture.paragraph("voor") + Fixture.paragraph("{{#toon}}") + Fixture.paragraph("binnen")
            + Fixture.paragraph("{{/toon}}") + Fixture.paragraph("na")
        let shown = try fill(body, .fields(["toon": .bool(true)]))
        #expect(shown.wellFormed)
        #expect(shown.document.components(separatedBy: "<w:p>").count - 1 == 3, "voor, binnen, na")
        #expect(!shown.document.contains("{{"))
        let hidden = try fill(body, .fields(["toon": .bool(false)]))
        #expect(hidden.document.components(separatedBy: "<w:p>").count - 1 == 2)
        #expect(!hidden.document.contains("binnen"))
    }

    @Test("A section over the cells of a table row repeats the row")
    func rowRepeat() throws {
        func cell(_ text: String) -> String { "<w:tc>\(Fixture.paragraph(text))</w:tc>" }
        let body = "<w:tbl><w:tr>\(cell("Wat"))\(cell("Wie"))</w:tr><w:tr>\(cell("{{#afspraken}}{{wat}}"))\(cell("{{wie}}{{/afspraken}}"))</w:tr></w:tbl>"
        let value = DocumentValue.fields(["afspraken": .list([
            .fields(["wat": .text("bellen"), "wie": .text("moeder")]),
            .fields(["wat": .text("melden"), "wie": .text("vader")]),
            .fields(["wat": .text("school"), "wie": .text("P. Jansen")]),
        ])])
        let out = try fill(body, value)
        #expect(out.wellFormed)
        #expect(out.document.components(separatedBy: "<w:tr>").count - 1 == 4, "header and three rows")
        #expect(out.document.contains("melden</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space=\"preserve\">vader"))
        let none = try fill(body, .fields(["afspraken": .list([])]))
        #expect(none.wellFormed)
        #expect(none.document.components(separatedBy: "<w:tr>").count - 1 == 1)
    }

    @Test("A hidden section that fills a whole table cell leaves the cell a paragraph")
    func cellKeepsParagraph() throws {
        let body = "<w:tbl><w:tr><w:tc>" + Fixture.paragraph("{{#toon}}") + Fixture.paragraph("tekst")
            + Fixture.paragraph("{{/toon}}") + "</w:tc></w:tr></w:tbl>" + Fixture.paragraph("na")
        let hidden = try fill(body, .fields(["toon": .bool(false)]))
        #expect(hidden.wellFormed)
        #expect(hidden.document.contains("<w:tc><w:p><w:r><w:t xml:space=\"preserve\"></w:t></w:r></w:p></w:tc>"))
        let shown = try fill(body, .fields(["toon": .bool(true)]))
        #expect(shown.document.contains("<w:tc><w:p><w:r><w:t xml:space=\"preserve\">tekst</w:t></w:r></w:p><w:p>"))
    }

    @Test("An inline section within a paragraph")
    func inlineSection() throws {
        let out = try fill(Fixture.paragraph("Over:{{#kinderen}} {{initialen}}", "{{/kinderen}}."),
                           .fields(["kinderen": .list([.fields(["initialen": .text("L.V.")]), .fields(["initialen": .text("M.V.")])])]))
        #expect(out.wellFormed)
        #expect(out.document.contains("Over: L.V.</w:t></w:r><w:r><w:t xml:space=\"preserve\"> M.V.</w:t></w:r><w:r><w:t xml:space=\"preserve\">.</w:t>"))
    }

    @Test("Broken Word templates are refused with the tag and the paragraph named")
    func broken() throws {
        let unclosed = try #require(failure(Fixture.paragraph("a") + Fixture.paragraph("{{#afspraken}}") + Fixture.paragraph("b")))
        #expect(unclosed.code == .unclosedSection && unclosed.tag == "{{#afspraken}}" && unclosed.place == "word/document.xml, alinea 2")
        let mismatched = try #require(failure(Fixture.paragraph("{{#a}}") + Fixture.paragraph("{{/b}}")))
        #expect(mismatched.code == .mismatchedClose && mismatched.tag == "{{/b}}" && mismatched.place == "word/document.xml, alinea 2")
        let open = try #require(failure(Fixture.paragraph("{{zaak") + Fixture.paragraph("}}")))
        #expect(open.code == .unclosedTag && open.place == "word/document.xml, alinea 1")
        let malformed = try #require(failure("<w:p><w:r><w:t>x</w:r></w:p>"))
        #expect(malformed.code == .malformedXML)
        #expect(malformed.place?.hasPrefix("word/document.xml, regel") == true)
        // Opened in the body, closed inside a table cell: no way to remove that and keep valid XML.
        let crossing = try #require(failure(Fixture.paragraph("{{#a}} x") + "<w:tbl><w:tr><w:tc>" + Fixture.paragraph("y {{/a}}") + "</w:tc></w:tr></w:tbl>"))
        #expect(crossing.code == .sectionCrossesStructure && crossing.tag == "{{#a}}")
    }
}

extension WordTemplate {
    struct Filled { var document: String; var header: String; var wellFormed: Bool }
}

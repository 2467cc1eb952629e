import Foundation
import Testing
@testable import JBTDocuments

@Suite("Renderer, overrides, checker, atomic writes")
struct RendererTests {
    @Test("A region's template folder overrides the default, per file")
    func override() throws {
        let region = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: region) }
        try "Regio {{regio.naam}}: {{zaak}}\n".write(to: region.appendingPathComponent("verslag.md.mustache"), atomically: true, encoding: .utf8)
        let renderer = DocumentRenderer(templateRoots: [region, Fixture.templates])
        #expect(renderer.templateURL(.verslag, .md) == region.appendingPathComponent("verslag.md.mustache"))
        #expect(renderer.templateURL(.verslag, .html) == Fixture.templates.appendingPathComponent("verslag.html.mustache"))
        #expect(renderer.templateURL(.verslag, .pdf) == Fixture.templates.appendingPathComponent("verslag.docx"))
        let md = String(decoding: try renderer.render(.verslag, as: .md, value: DocumentSamples.full(.verslag)), as: UTF8.self)
        #expect(md == "Regio Gelderland-Zuid: JBT-2026-0042\n")
    }

    @Test("Unknown fields are refused by name, with a suggestion, and nothing is written")
    func unknownTag() throws {
        let region = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: region) }
        try "# {{zaak}}\n{{#afspraken}}\n- {{wat}} ({{wie}})\n{{/afspraken}}\n{{gesprek.datumm}}\n"
            .write(to: region.appendingPathComponent("verslag.md.mustache"), atomically: true, encoding: .utf8)
        let renderer = DocumentRenderer(templateRoots: [region])
        let out = region.appendingPathComponent("verslag.md")
        let error = try #require(throws: DocumentError.self) {
            try writeAtomically(try renderer.render(.verslag, as: .md, value: DocumentSamples.full(.verslag)), to: out)
        }
        #expect(error.code == .unknownTag && error.tag == "{{gesprek.datumm}}" && error.place == "regel 5")
        #expect(error.detail.contains("bedoelt u “gesprek.datum”?"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: region.path) == ["verslag.md.mustache"], "no temporary file left")
    }

    @Test("A missing template is a Dutch error naming the folders")
    func missing() throws {
        let renderer = DocumentRenderer(templateRoots: [URL(fileURLWithPath: "/nergens")])
        let error = try #require(throws: DocumentError.self) { try renderer.render(.weekagenda, as: .html, value: .object([:])) }
        #expect(error.code == .templateNotFound)
        #expect(error.errorDescription == "weekagenda.html.mustache: geen sjabloon gevonden in /nergens")
    }

    @Test("Atomic write: mode 0600, replaces the old file")
    func atomic() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("verslag.docx")
        try writeAtomically(Data("oud".utf8), to: file)
        try writeAtomically(Data("nieuw".utf8), to: file)
        #expect(try Data(contentsOf: file) == Data("nieuw".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: DocumentError.self) { try writeAtomically(Data(), to: URL(fileURLWithPath: "/nergens/x.docx")) }
    }

    @Test("Every default template passes the checker", arguments: DocumentKind.allCases)
    func defaultsPass(kind: DocumentKind) throws {
        for format in [DocumentFormat.docx, .html, .md] {
            let url = Fixture.templates.appendingPathComponent(kind.templateFileName(format))
            let report = try TemplateChecker.check(url, kind: nil)
            #expect(report.kind == kind)
            #expect(report.problems.isEmpty, "\(url.lastPathComponent): \(report.problems)")
            #expect(report.placeholders.contains("zaak") || kind == .weekagenda)
            // A case's documents carry the region of the table that holds the conversation.
            let caseDocument = [DocumentKind.verslag, .veiligheidsplan, .uitnodiging].contains(kind)
            #expect(report.placeholders.contains(caseDocument ? "gesprek.regio" : "regio.naam"))
        }
    }

    @Test("The checker lists placeholders and reports unknown fields and broken sections")
    func checker() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unknown = folder.appendingPathComponent("veiligheidsplan.html.mustache")
        try "<h1>{{zaak}}</h1>\n{{#doelen}}<p>{{tekst}} {{kind.naam}}</p>{{/doelen}}\n{{#netwerk}}{{naam}}{{/netwerk}}\n"
            .write(to: unknown, atomically: true, encoding: .utf8)
        let report = try TemplateChecker.check(unknown, kind: nil)
        #expect(report.kind == .veiligheidsplan)
        #expect(report.placeholders == ["zaak", "doelen", "tekst", "kind.naam", "netwerk", "naam"])
        #expect(report.problems.map(\.tag) == ["{{kind.naam}}"])
        #expect(report.problems.first?.place == "regel 2")

        let broken = folder.appendingPathComponent("weekagenda.md.mustache")
        try "{{#dagen}}\n{{datum}}\n{{#tafels}}\n{{tafel}}\n{{/dagen}}\n".write(to: broken, atomically: true, encoding: .utf8)
        let brokenReport = try TemplateChecker.check(broken, kind: nil)
        #expect(brokenReport.placeholders == ["dagen", "datum", "tafels", "tafel"])
        #expect(brokenReport.problems.count == 1)
        #expect(brokenReport.problems.first?.tag == "{{/dagen}}" && brokenReport.problems.first?.place == "regel 5")
        #expect(brokenReport.problems.first?.message.contains("{{#tafels}} (regel 3)") == true)

        let word = folder.appendingPathComponent("verslag.docx")
        try Fixture.wordTemplate(body: Fixture.paragraph("{{#afspraken}}") + Fixture.paragraph("{{wat}} {{wie.naam}}")).write(to: word)
        let wordReport = try TemplateChecker.check(word, kind: nil)
        #expect(wordReport.problems.first?.tag == "{{#afspraken}}")
        #expect(wordReport.problems.first?.place == "word/document.xml, alinea 1")
    }
}

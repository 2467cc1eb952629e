import Foundation
import Testing
import ZIPFoundation
@testable import JBTDocuments

/// Templates are files anyone can hand to jbt: a hostile one must be refused with a Dutch message,
/// quickly and without inflating what it hides, and never copied into a document.
@Suite("Hostile templates")
struct HostileTemplateTests {
    /// The parts of the default verslag template as stored, plus `extra` entries (path, bytes as
    /// stored, method, declared size) written as given, lying sizes included.
    static func package(adding extra: [ZipPackageWriter.Entry] = [], replacing: [String: ZipPackageWriter.Entry] = [:]) throws -> Data {
        let data = try Data(contentsOf: Fixture.templates.appendingPathComponent("verslag.docx"))
        let stored = try #require(ZipPackageWriter.storedEntries(data))
        let archive = try Archive(data: data, accessMode: .read)
        var entries: [ZipPackageWriter.Entry] = []
        for entry in archive {
            entries.append(replacing[entry.path] ?? stored[entry.path]!)
        }
        return ZipPackageWriter.package(entries + extra)
    }

    static func deflated(_ path: String, _ data: Data, declaring size: Int? = nil) throws -> ZipPackageWriter.Entry {
        var entry = try ZipPackageWriter.entry(path: path, data: data)
        #expect(entry.method == 8)
        if let size { entry.uncompressedSize = size }
        return entry
    }

    static func code(_ body: () throws -> Void) -> DocumentError? {
        do { try body() } catch let error as DocumentError { return error } catch { Issue.record("\(error)") }
        return nil
    }

    @Test("An entry name that climbs out of the package or is absolute is refused", arguments: [
        "../evil.txt", "/etc/passwd", "word/../../evil.xml", "word/media/../../../x", "C:/windows/x.txt",
        "word\\..\\..\\x", "word//x.xml", "./word/x.xml", "word/x\u{0}.xml",
    ])
    func unsafeNames(name: String) throws {
        let docx = try Self.package(adding: [try ZipPackageWriter.entry(path: name, data: Data("x".utf8))])
        let error = Self.code { _ = try WordTemplate(data: docx, file: "boos.docx") }
        #expect(error?.code == .unsafeEntryName)
        #expect(error?.localizedDescription.hasPrefix("boos.docx, ") == true)
    }

    @Test("Two entries with one name are refused")
    func duplicateNames() throws {
        let docx = try Self.package(adding: [try ZipPackageWriter.entry(path: "word/styles.xml", data: Data("<a/>".utf8))])
        #expect(Self.code { _ = try WordTemplate(data: docx, file: "dubbel.docx") }?.code == .unsafeEntryName)
    }

    @Test("A part declared larger than the limit is refused before it is inflated")
    func declaredTooLarge() throws {
        let bomb = try Self.deflated("word/media/bom.bin", Data(count: 4_096), declaring: 3_000_000_000)
        let error = Self.code { _ = try WordTemplate(data: try Self.package(adding: [bomb]), file: "bom.docx") }
        #expect(error?.code == .packageTooLarge)
        #expect(error?.place == "word/media/bom.bin")
        #expect(error?.detail.contains("3000000000 bytes") == true)
    }

    @Test("A part that inflates beyond the limit while declaring little is stopped while inflating")
    func lyingSize() throws {
        let limits = PackageLimits(maxPartBytes: 1 << 20, maxTotalBytes: 8 << 20)
        let bomb = try Self.deflated("word/media/bom.bin", Data(count: 3 << 20), declaring: 1_000)
        let error = Self.code { _ = try WordTemplate(data: try Self.package(adding: [bomb]), file: "bom.docx", limits: limits) }
        #expect(error?.code == .packageTooLarge)
        #expect(error?.detail.contains("groter dan 1 MB") == true)
    }

    @Test("A part whose inflated size differs from the declared size is refused (never copied as declared)")
    func sizeMismatch() throws {
        let liar = try Self.deflated("word/media/plaatje.bin", Data(count: 300_000), declaring: 1_000)
        let error = Self.code { _ = try WordTemplate(data: try Self.package(adding: [liar]), file: "leugen.docx") }
        #expect(error?.code == .unreadableTemplate)
        #expect(error?.detail.contains("1000 bytes op, maar het is 300000 bytes") == true)
    }

    @Test("A bomb in document.xml is stopped at the limit for filled parts")
    func bombInDocument() throws {
        let limits = PackageLimits(maxTemplatedPartBytes: 1 << 20)
        let xml = Data("<w:document>".utf8) + Data(repeating: UInt8(ascii: " "), count: 2 << 20) + Data("</w:document>".utf8)
        let bomb = try Self.deflated("word/document.xml", xml, declaring: 100)
        let docx = try Self.package(replacing: ["word/document.xml": bomb])
        let error = Self.code { _ = try WordTemplate(data: docx, file: "bom.docx", limits: limits) }
        #expect(error?.code == .packageTooLarge)
        #expect(error?.place == "word/document.xml")
    }

    @Test("The parts together are bounded, and so is the number of entries")
    func totalsBounded() throws {
        let limits = PackageLimits(maxEntries: 40, maxPartBytes: 1 << 20, maxTotalBytes: 2 << 20)
        let parts = try (0..<4).map { try Self.deflated("word/media/p\($0).bin", Data(count: 700_000)) }
        #expect(Self.code { _ = try WordTemplate(data: try Self.package(adding: parts), file: "veel.docx", limits: limits) }?.code
                == .packageTooLarge)
        let many = try (0..<40).map { try ZipPackageWriter.entry(path: "word/media/e\($0).txt", data: Data("e".utf8)) }
        let error = Self.code { _ = try WordTemplate(data: try Self.package(adding: many), file: "veel.docx", limits: limits) }
        #expect(error?.code == .packageTooLarge)
        #expect(error?.detail.contains("de grens is 40") == true)
    }

    @Test("The default template stays well within the limits, and its document copies only what was checked")
    func defaultsFit() throws {
        let template = try WordTemplate(url: Fixture.templates.appendingPathComponent("verslag.docx"))
        let docx = try template.fill(DocumentSamples.full(.verslag))
        let again = try WordTemplate(data: docx, file: "uit.docx")
        #expect(again.parts.count == template.parts.count)
    }

    // MARK: Nesting

    static func nested(_ depth: Int) -> String {
        String(repeating: "{{#a}}", count: depth) + "x" + String(repeating: "{{/a}}", count: depth)
    }

    @Test("40,000 nested sections are refused with a clear message, not a stack overflow")
    func deepNestingText() throws {
        let error = Self.code { _ = try TextTemplate(text: Self.nested(40_000), file: "diep.md.mustache") }
        #expect(error?.code == .nestingTooDeep)
        #expect(error?.tag == "{{#a}}")
        #expect(error?.detail.contains("meer dan 32 diep") == true)
    }

    @Test("Nesting in a Word template is bounded too, within one paragraph and over paragraphs")
    func deepNestingWord() throws {
        let inline = try Fixture.wordTemplate(body: Fixture.paragraph(Self.nested(40_000)))
        #expect(Self.code { _ = try WordTemplate(data: inline, file: "diep.docx") }?.code == .nestingTooDeep)
        let paragraphs = (0..<20_000).map { _ in Fixture.paragraph("{{#a}}") }.joined()
            + (0..<20_000).map { _ in Fixture.paragraph("{{/a}}") }.joined()
        let error = Self.code { _ = try WordTemplate(data: try Fixture.wordTemplate(body: paragraphs), file: "diep.docx") }
        #expect(error?.code == .nestingTooDeep)
        #expect(error?.place == "word/document.xml, alinea 33")
    }

    @Test("32 nested sections still work; 33 do not")
    func depthBoundary() throws {
        let value = DocumentValue.fields(["a": .bool(true)])
        let ok = try TextTemplate(text: Self.nested(32), file: "t.md.mustache")
        #expect(TagRenderer(escaping: MarkdownEscaping()).render(ok.nodes, value: value) == Array("x".utf8))
        #expect(Self.code { _ = try TextTemplate(text: Self.nested(33), file: "t.md.mustache") }?.code == .nestingTooDeep)
    }

    @Test("20,000 sections one after another (repeated table rows) are built and filled")
    func manySections() throws {
        let row = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{#afspraken}}{{wat}}</w:t></w:r></w:p></w:tc>"
            + "<w:tc><w:p><w:r><w:t>{{wie}}{{/afspraken}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>"
        let body = String(repeating: row, count: 20_000)
        let template = try WordTemplate(data: try Fixture.wordTemplate(body: body), file: "veel.docx")
        let filled = template.filledParts(DocumentSamples.full(.verslag))["word/document.xml"]!
        let text = String(decoding: filled, as: UTF8.self)
        #expect(text.components(separatedBy: "<w:tr>").count - 1 == 60_000)
    }

    // MARK: XML errors

    @Test("Broken XML is reported in Dutch with the part and line, without the parser's own text", arguments: [
        "<w:p><w:r><w:t>open</w:r></w:p>", "<w:p>&onbekend;</w:p>", "<w:p a=\"1\" a=\"2\"/>", "<w:p>\u{1}</w:p>",
    ])
    func dutchXMLErrors(body: String) throws {
        let docx = try Fixture.wordTemplate(body: "\n\n" + body)
        let error = try #require(Self.code { _ = try WordTemplate(data: docx, file: "kapot.docx") })
        #expect(error.code == .malformedXML)
        let message = error.localizedDescription
        #expect(message.hasPrefix("kapot.docx, word/document.xml, regel "))
        #expect(!message.contains("NSXMLParser"))
        #expect(!message.contains("error"))
        #expect(!message.contains("foutcode"), "every common libxml2 error has its own Dutch text: \(message)")
    }

    // MARK: Symbolic links

    @Test("A plugin template that is a symbolic link to a file outside the plugin is refused; one inside is used")
    func symlinkOutside() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let plugin = root.appendingPathComponent("plugin")
        let templates = plugin.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let secret = root.appendingPathComponent("geheim.txt")
        try Data("GEHEIM {{zaak}}".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(at: templates.appendingPathComponent("verslag.md.mustache"),
                                                   withDestinationURL: secret)
        let renderer = DocumentRenderer(templateRoots: [templates, Fixture.templates])
        let error = Self.code { _ = try renderer.render(.verslag, as: .md, value: DocumentSamples.full(.verslag)) }
        #expect(error?.code == .templateOutsideFolder)
        #expect(error?.detail.contains("buiten") == true)

        // A link to a file inside the plugin folder is fine.
        let inside = plugin.appendingPathComponent("eigen.md.mustache")
        try Data("EIGEN {{zaak}}".utf8).write(to: inside)
        try FileManager.default.createSymbolicLink(at: templates.appendingPathComponent("uitnodiging.md.mustache"),
                                                   withDestinationURL: inside)
        let out = try renderer.render(.uitnodiging, as: .md, value: DocumentSamples.full(.uitnodiging))
        #expect(String(decoding: out, as: UTF8.self) == "EIGEN JBT-2026-0042")
    }

    @Test("A templates folder that is itself a link out of the plugin is refused")
    func symlinkedFolder() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let plugin = root.appendingPathComponent("plugin")
        try FileManager.default.createDirectory(at: plugin, withIntermediateDirectories: true)
        let elsewhere = root.appendingPathComponent("elders")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try Data("{{zaak}}".utf8).write(to: elsewhere.appendingPathComponent("verslag.md.mustache"))
        try FileManager.default.createSymbolicLink(at: plugin.appendingPathComponent("templates"), withDestinationURL: elsewhere)
        let renderer = DocumentRenderer(templateRoots: [plugin.appendingPathComponent("templates")])
        #expect(Self.code { _ = try renderer.render(.verslag, as: .md, value: DocumentSamples.full(.verslag)) }?.code
                == .templateOutsideFolder)
    }
}

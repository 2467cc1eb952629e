import Foundation
import Testing
import ZIPFoundation
@testable import JBTDocuments

/// Paths and helpers shared by the documents tests.
enum Fixture {
    static let repo: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()
    static let templates = repo.appendingPathComponent("Templates")
    static let golden = repo.appendingPathComponent("Tests/JBTDocumentsTests/Golden")
    static let python = ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"]
    static var renderer: DocumentRenderer { DocumentRenderer(templateRoots: [templates]) }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jbt-docs-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A Word template made from the default verslag with `body` as the content of `w:body`
    /// (before the section properties) and, optionally, another header.
    static func wordTemplate(body: String, header: String? = nil) throws -> Data {
        let base = try Archive(url: templates.appendingPathComponent("verslag.docx"), accessMode: .read)
        let out = try Archive(data: Data(), accessMode: .create)
        for entry in base {
            var data = Data()
            _ = try base.extract(entry) { data.append($0) }
            if entry.path == "word/document.xml" {
                var xml = String(decoding: data, as: UTF8.self)
                let open = xml.range(of: "<w:body>")!
                let sect = xml.range(of: "<w:sectPr", range: open.upperBound..<xml.endIndex)!
                xml.replaceSubrange(open.upperBound..<sect.lowerBound, with: body)
                data = Data(xml.utf8)
            }
            if entry.path == "word/header1.xml", let header {
                var xml = String(decoding: data, as: UTF8.self)
                let start = xml.range(of: "<w:p>")!.lowerBound
                let end = xml.range(of: "</w:hdr>")!.lowerBound
                xml.replaceSubrange(start..<end, with: header)
                data = Data(xml.utf8)
            }
            let bytes = data
            try out.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count)) { pos, size in
                bytes.subdata(in: Int(pos)..<(Int(pos) + size))
            }
        }
        return out.data!
    }

    static func paragraph(_ runs: String...) -> String {
        "<w:p>" + runs.map { "<w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r>" }.joined() + "</w:p>"
    }

    /// Reads a .docx back with python-docx (Tests/tools/read_docx.py).
    static func readBack(_ docx: Data) throws -> DocxText {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("uit.docx")
        try docx.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python!)
        process.arguments = [repo.appendingPathComponent("Tests/tools/read_docx.py").path, file.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python-docx: \(String(decoding: errors, as: UTF8.self))")
        return try JSONDecoder().decode(DocxText.self, from: data)
    }

    struct DocxText: Decodable {
        var body: [String]
        var tables: [[[String]]]
        var headers: [String]
        var footers: [String]
        var breaks: Int
        var all: String { (body + headers + footers).joined(separator: "\n") }
    }

    /// Every text leaf of a value (what a filled template may show).
    static func texts(_ value: DocumentValue) -> [String] {
        switch value {
        case .text(let s): [s]
        case .bool: []
        case .list(let items): items.flatMap(texts)
        case .object(let fields): fields.values.flatMap(texts)
        }
    }

    /// The texts a template with these placeholders shows: a name found from the top of the value,
    /// else in the items of its lists (where the template's sections would find it).
    static func shownValues(_ value: DocumentValue, placeholders: [String]) -> [String] {
        func items(_ v: DocumentValue) -> [DocumentValue] {
            switch v {
            case .list(let l): return l + l.flatMap(items)
            case .object(let o): return o.values.flatMap(items)
            default: return []
            }
        }
        let listItems = items(value)
        return placeholders.flatMap { name -> [String] in
            if let top = value[path: name] { return texts(top) }
            return listItems.compactMap { $0[path: name] }.flatMap { v -> [String] in
                if case .text(let s) = v { return [s] } else { return [] }
            }
        }
    }

    static func wellFormed(_ xml: [UInt8]) -> Bool { XMLWellFormedness.problem(in: Data(xml)) == nil }
}

import Foundation
import ZIPFoundation

/// A Word (.docx) template, read once and filled many times: `word/document.xml` and every
/// header and footer are tag templates; the other parts are copied as they are.
public struct WordTemplate: Sendable {
    /// The file, for messages.
    public let file: String
    let parts: [WordPartTemplate]
    /// Every entry of the package in its original order: a templated part (by index) or fixed bytes.
    let entries: [(path: String, content: Content)]
    enum Content { case template(Int), fixed(ZipPackageWriter.Entry) }

    /// Reads and checks a template. Throws a `DocumentError` naming the part, tag and paragraph.
    public init(url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DocumentError(.unreadableTemplate, file: url.path, detail: "kan het sjabloon niet lezen: \(error.localizedDescription)")
        }
        try self.init(data: data, file: url.path)
    }

    public init(data: Data, file: String) throws {
        self.file = file
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw DocumentError(.unreadableTemplate, file: file, detail: "is geen Word-bestand (.docx is een zip-pakket): \(error)")
        }
        let stored = ZipPackageWriter.storedEntries(data)
        var parts: [WordPartTemplate] = []
        var entries: [(String, Content)] = []
        var sawDocument = false
        for entry in archive where entry.type == .file {
            if !Self.isTemplated(entry.path), let raw = stored?[entry.path] {
                // Copied as stored, after checking it decompresses to its CRC-32: a damaged
                // template must not give a damaged document.
                do { _ = try archive.extract(entry, skipCRC32: false) { _ in } } catch {
                    throw DocumentError(.unreadableTemplate, file: file, place: entry.path, detail: "beschadigd onderdeel in het pakket: \(error)")
                }
                entries.append((entry.path, .fixed(raw)))
                continue
            }
            var bytes = Data()
            do { _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) } } catch {
                throw DocumentError(.unreadableTemplate, file: file, place: entry.path, detail: "beschadigd onderdeel in het pakket: \(error)")
            }
            if Self.isTemplated(entry.path) {
                if let problem = XMLWellFormedness.problem(in: bytes) {
                    throw DocumentError(.malformedXML, file: file, place: "\(entry.path), regel \(problem.line)",
                                        detail: "de XML is niet geldig (\(problem.message)); sla het sjabloon opnieuw op in Word")
                }
                sawDocument = sawDocument || entry.path == "word/document.xml"
                parts.append(try WordPartTemplate(name: entry.path, xml: [UInt8](bytes), file: file))
                entries.append((entry.path, .template(parts.count - 1)))
            } else {
                do { entries.append((entry.path, .fixed(try ZipPackageWriter.entry(path: entry.path, data: bytes)))) } catch {
                    throw DocumentError(.unreadableTemplate, file: file, place: entry.path, detail: "kan dit onderdeel niet comprimeren: \(error)")
                }
            }
        }
        guard sawDocument else {
            throw DocumentError(.unreadableTemplate, file: file, place: "word/document.xml", detail: "het pakket heeft geen word/document.xml; is dit een Word-document?")
        }
        self.parts = parts
        self.entries = entries
    }

    static func isTemplated(_ path: String) -> Bool {
        guard path.hasPrefix("word/"), path.hasSuffix(".xml"), !path.dropFirst(5).contains("/") else { return false }
        let name = path.dropFirst(5)
        return name == "document.xml" || name.hasPrefix("header") || name.hasPrefix("footer")
    }

    /// The tags of every templated part, in order.
    var segments: [(part: String, segments: [TemplateSegment])] { parts.map { ($0.name, $0.segments) } }
    var trees: [(part: String, nodes: [TemplateNode])] { parts.map { ($0.name, $0.nodes) } }

    /// The filled parts as XML, by path.
    func filledParts(_ value: DocumentValue) -> [String: [UInt8]] {
        let renderer = TagRenderer(escaping: WordEscaping())
        var out: [String: [UInt8]] = [:]
        for part in parts { out[part.name] = renderer.render(part.nodes, value: value) }
        return out
    }

    /// Fills the template and returns the .docx bytes.
    public func fill(_ value: DocumentValue) throws -> Data {
        let filled = filledParts(value)
        var out: [ZipPackageWriter.Entry] = []
        out.reserveCapacity(entries.count)
        for (path, content) in entries {
            switch content {
            case .fixed(let entry): out.append(entry)
            case .template:
                do { out.append(try ZipPackageWriter.entry(path: path, data: Data(filled[path] ?? []))) } catch {
                    throw DocumentError(.invalidOutput, file: file, place: path, detail: "het Word-pakket kon niet worden samengesteld: \(error)")
                }
            }
        }
        return ZipPackageWriter.package(out)
    }
}

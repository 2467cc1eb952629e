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
    public init(url: URL, limits: PackageLimits = .standard) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int ?? 0
        guard size <= limits.maxFileBytes else {
            throw DocumentError(.packageTooLarge, file: url.path,
                                detail: "het sjabloon is \(size >> 20) MB; de grens is \(PackageLimits.megabytes(limits.maxFileBytes))")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DocumentError(.unreadableTemplate, file: url.path, detail: "kan het sjabloon niet lezen (bestaat het, en mag jbt het lezen?)")
        }
        try self.init(data: data, file: url.path, limits: limits)
    }

    public init(data: Data, file: String, limits: PackageLimits = .standard) throws {
        self.file = file
        guard data.count <= limits.maxFileBytes else {
            throw DocumentError(.packageTooLarge, file: file,
                                detail: "het sjabloon is \(data.count >> 20) MB; de grens is \(PackageLimits.megabytes(limits.maxFileBytes))")
        }
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw DocumentError(.unreadableTemplate, file: file, detail: "is geen Word-bestand (.docx is een zip-pakket)")
        }
        let all = Array(archive)
        try Self.checkNames(all, file: file, limits: limits)
        let stored = ZipPackageWriter.storedEntries(data)
        var budget = InflationBudget(limits: limits, file: file)
        var parts: [WordPartTemplate] = []
        var entries: [(String, Content)] = []
        var sawDocument = false
        for entry in all where entry.type == .file {
            let templated = Self.isTemplated(entry.path)
            // Declared sizes first (cheap), then counted while inflating (declared sizes can lie).
            try budget.checkDeclared(path: entry.path, size: entry.uncompressedSize, templated: templated)
            let bytes = try Self.inflate(entry, from: archive, budget: &budget, templated: templated, file: file)
            if !templated, let raw = stored?[entry.path], raw.uncompressedSize == bytes.count {
                // Copied as stored, now known to inflate to its CRC-32 and its declared size: a damaged
                // template must not give a damaged document, nor one that is itself a zip bomb.
                entries.append((entry.path, .fixed(raw)))
                continue
            }
            if templated {
                if let problem = XMLWellFormedness.problem(in: bytes) {
                    throw DocumentError(.malformedXML, file: file, place: "\(entry.path), regel \(problem.line)",
                                        detail: "de XML is niet geldig (\(problem.message)); sla het sjabloon opnieuw op in Word")
                }
                sawDocument = sawDocument || entry.path == "word/document.xml"
                parts.append(try WordPartTemplate(name: entry.path, xml: [UInt8](bytes), file: file))
                entries.append((entry.path, .template(parts.count - 1)))
            } else {
                do { entries.append((entry.path, .fixed(try ZipPackageWriter.entry(path: entry.path, data: bytes)))) } catch {
                    throw DocumentError(.unreadableTemplate, file: file, place: entry.path, detail: "kan dit onderdeel niet comprimeren")
                }
            }
        }
        guard sawDocument else {
            throw DocumentError(.unreadableTemplate, file: file, place: "word/document.xml", detail: "het pakket heeft geen word/document.xml; is dit een Word-document?")
        }
        self.parts = parts
        self.entries = entries
    }

    /// Refuses a package with too many entries, an entry name that climbs out of the package, or
    /// two entries of one name (a reader would pick either).
    private static func checkNames(_ all: [Entry], file: String, limits: PackageLimits) throws {
        guard all.count <= limits.maxEntries else {
            throw DocumentError(.packageTooLarge, file: file,
                                detail: "het pakket heeft \(all.count) onderdelen; de grens is \(limits.maxEntries)")
        }
        var seen = Set<String>()
        for entry in all {
            if let problem = PackageLimits.problem(withName: entry.path) {
                throw DocumentError(.unsafeEntryName, file: file, place: Self.printable(entry.path),
                                    detail: "het pakket bevat \(problem); zo'n sjabloon wordt niet gebruikt")
            }
            guard seen.insert(entry.path).inserted else {
                throw DocumentError(.unsafeEntryName, file: file, place: Self.printable(entry.path),
                                    detail: "het pakket bevat twee onderdelen met deze naam; zo'n sjabloon wordt niet gebruikt")
            }
        }
    }

    /// A name for a message: control characters shown as `?`, at most 200 characters.
    private static func printable(_ name: String) -> String {
        let clean = String(String.UnicodeScalarView(name.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F ? "?" : $0
        }))
        return clean.count > 200 ? String(clean.prefix(200)) + "…" : clean
    }

    /// Inflates one entry, checking its CRC-32 and stopping as soon as the budget is exceeded.
    private static func inflate(_ entry: Entry, from archive: Archive, budget: inout InflationBudget, templated: Bool,
                                file: String) throws -> Data {
        var bytes = Data()
        var local = budget
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                try local.add(chunk.count, partSoFar: bytes.count, path: entry.path, templated: templated)
                bytes.append(chunk)
            }
        } catch let exceeded as InflationBudget.Exceeded {
            throw exceeded.error
        } catch {
            throw DocumentError(.unreadableTemplate, file: file, place: entry.path,
                                detail: "beschadigd onderdeel in het pakket (de inhoud klopt niet met de controlesom)")
        }
        budget = local
        guard UInt64(bytes.count) == entry.uncompressedSize else {
            throw DocumentError(.unreadableTemplate, file: file, place: entry.path,
                                detail: "het pakket geeft voor dit onderdeel \(entry.uncompressedSize) bytes op, maar het is \(bytes.count) bytes")
        }
        return bytes
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

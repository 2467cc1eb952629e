import Foundation

/// Renders the documents of jbt from templates.
///
/// Templates are looked up in `templateRoots`, first wins, so a region's plugin folder overrides
/// the defaults in `Templates/`. Parsed templates are cached (by path and modification time).
public struct DocumentRenderer: Sendable {
    public let templateRoots: [URL]
    let converter: PDFConverter
    let cache = TemplateCache()

    /// Template roots, first wins: e.g. [<plugin folder>/templates, <repo>/Templates].
    public init(templateRoots: [URL]) {
        self.init(templateRoots: templateRoots, converter: PDFConverter())
    }

    public init(templateRoots: [URL], converter: PDFConverter) {
        self.templateRoots = templateRoots
        self.converter = converter
    }

    /// Which file would be used for this kind and format (PDF: the Word template), or nil.
    public func templateURL(_ kind: DocumentKind, _ format: DocumentFormat) -> URL? {
        located(kind, format)?.url
    }

    /// The template and the folder it was found in.
    func located(_ kind: DocumentKind, _ format: DocumentFormat) -> (url: URL, folder: URL)? {
        let name = kind.templateFileName(format)
        return templateRoots.lazy.map { (url: $0.appendingPathComponent(name), folder: $0) }
            .first { FileManager.default.fileExists(atPath: $0.url.path) }
    }

    /// Renders a document. docx: fills `<kind>.docx`; html/md: `<kind>.html.mustache` /
    /// `<kind>.md.mustache`; pdf: the docx rendering converted by LibreOffice.
    /// A placeholder that is not a field of `kind` is an error, as is any broken template.
    /// `inspect` sees the text a reader would see (for a PDF: that of the Word document it is
    /// made from) before anything is converted or returned; it throws to refuse the document.
    public func render(_ kind: DocumentKind, as format: DocumentFormat, value: DocumentValue,
                       inspect: ((String) throws -> Void)? = nil) throws -> Data {
        let value = value.withPresenceFlags()
        guard let (url, folder) = located(kind, format) else {
            throw DocumentError(.templateNotFound, file: kind.templateFileName(format),
                                detail: "geen sjabloon gevonden in \(templateRoots.map(\.path).joined(separator: ", "))")
        }
        try TemplateLocation.checkInside(url, folder: folder)
        let template = try cache.template(at: url, kind: kind)
        switch template {
        case .word(let word):
            let docx = try word.fill(value)
            if let inspect { try inspect(try WordText.plainText(docx)) }
            if format == .pdf { return try converter.convert(docx: docx, name: url.lastPathComponent) }
            return docx
        case .text(let text, let escaping):
            let output: Data
            switch escaping {
            case .html: output = Data(TagRenderer(escaping: HTMLEscaping()).render(text.nodes, value: value))
            case .markdown: output = Data(TagRenderer(escaping: MarkdownEscaping()).render(text.nodes, value: value))
            }
            if let inspect { try inspect(WordText.unescape(String(decoding: output, as: UTF8.self))) }
            return output
        }
    }
}

/// A parsed and checked template.
enum LoadedTemplate: Sendable {
    enum Escaping: Sendable { case html, markdown }
    case word(WordTemplate)
    case text(TextTemplate, Escaping)

    /// Reads a template file and checks it: syntax, and every placeholder a field of `kind`.
    static func load(_ url: URL, kind: DocumentKind?) throws -> LoadedTemplate {
        let loaded: LoadedTemplate
        let segments: [[TemplateSegment]]
        if url.pathExtension == "docx" {
            let word = try WordTemplate(url: url)
            loaded = .word(word)
            segments = word.segments.map(\.segments)
        } else {
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int ?? 0
            guard size <= PackageLimits.standard.maxTemplatedPartBytes else {
                throw DocumentError(.packageTooLarge, file: url.path, detail: "het sjabloon is \(size >> 20) MB; de grens is \(PackageLimits.megabytes(PackageLimits.standard.maxTemplatedPartBytes))")
            }
            guard let data = FileManager.default.contents(atPath: url.path),
                  let text = String(data: data, encoding: .utf8) else {
                throw DocumentError(.unreadableTemplate, file: url.path, detail: "kan het sjabloon niet lezen als UTF-8-tekst")
            }
            let template = try TextTemplate(text: text, file: url.path)
            loaded = .text(template, url.lastPathComponent.hasSuffix(".md.mustache") ? .markdown : .html)
            segments = [template.segments]
        }
        if let kind {
            let schema = DocumentSamples.full(kind)
            for list in segments {
                if let problem = TemplateFields.unknown(in: list, schema: schema, file: url.path).first {
                    throw problem
                }
            }
        }
        return loaded
    }
}

/// Parsed templates by path, reloaded when the file changes.
final class TemplateCache: @unchecked Sendable {
    // @unchecked: `entries` is only touched with `lock` held.
    private let lock = NSLock()
    private var entries: [String: (Date?, LoadedTemplate)] = [:]

    func template(at url: URL, kind: DocumentKind) throws -> LoadedTemplate {
        let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
        let key = "\(kind.rawValue)|\(url.path)"
        if let hit = lock.withLock({ entries[key] }), hit.0 == modified { return hit.1 }
        let loaded = try LoadedTemplate.load(url, kind: kind)
        lock.withLock { entries[key] = (modified, loaded) }
        return loaded
    }
}

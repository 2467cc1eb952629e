import Foundation

/// One thing wrong with a template.
public struct TemplateProblem: Sendable, Hashable {
    /// The tag as written (`{{#afspraken}}`), when the problem is about one.
    public let tag: String?
    /// Where: `regel 7`, `word/document.xml, alinea 12`.
    public let place: String
    /// The Dutch explanation.
    public let message: String
}

/// What the checker found in a template.
public struct TemplateReport: Sendable {
    /// The template checked.
    public let file: URL
    /// The kind of document it was checked as, if known.
    public let kind: DocumentKind?
    /// Every placeholder as written (dotted names, sections too), in order, without duplicates.
    public let placeholders: [String]
    /// Everything wrong; empty when the template is fine.
    public let problems: [TemplateProblem]

    public var isValid: Bool { problems.isEmpty }
}

/// Checks a template before a region uses it: syntax, fields, and a rendering with the full and
/// the empty sample of its kind (a Word rendering must be well-formed XML).
public enum TemplateChecker {
    /// Checks `url` (a `.docx`, `.html.mustache` or `.md.mustache`). The kind is inferred from the
    /// file name when nil. Throws only when the file cannot be read at all.
    public static func check(_ url: URL, kind: DocumentKind?) throws -> TemplateReport {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw DocumentError(.unreadableTemplate, file: url.path, detail: "bestand bestaat niet of is niet leesbaar")
        }
        let kind = kind ?? DocumentKind.infer(fromFileName: url.lastPathComponent)?.0
        var problems: [TemplateProblem] = []
        func add(_ error: DocumentError) {
            problems.append(TemplateProblem(tag: error.tag, place: error.place ?? url.lastPathComponent, message: error.detail))
        }
        if kind == nil {
            problems.append(TemplateProblem(tag: nil, place: url.lastPathComponent,
                                            message: "onbekend soort document; noem het bestand naar het document (bijv. verslag.docx, weekagenda.md.mustache)"))
        }
        // Syntax first: the tags as written, so placeholders can be listed even when sections are broken.
        var placeholders: [String] = []
        var loaded: LoadedTemplate?
        do {
            loaded = try LoadedTemplate.load(url, kind: nil)
        } catch let error as DocumentError {
            add(error)
            placeholders = (try? rawPlaceholders(url)) ?? []
        }
        guard let loaded else {
            return TemplateReport(file: url, kind: kind, placeholders: placeholders, problems: problems)
        }
        let segmentLists: [[TemplateSegment]]
        switch loaded {
        case .word(let word): segmentLists = word.segments.map(\.segments)
        case .text(let text, _): segmentLists = [text.segments]
        }
        placeholders = TemplateTree.placeholders(segmentLists.flatMap { $0 })
        guard let kind else {
            return TemplateReport(file: url, kind: nil, placeholders: placeholders, problems: problems)
        }
        for list in segmentLists {
            TemplateFields.unknown(in: list, schema: DocumentSamples.full(kind), file: url.path).forEach(add)
        }
        // Render with both samples.
        for (sample, value) in [("volledig voorbeeld", DocumentSamples.full(kind)), ("leeg voorbeeld", DocumentSamples.empty(kind))] {
            switch loaded {
            case .word(let word):
                for (part, xml) in word.filledParts(value).sorted(by: { $0.key < $1.key }) {
                    if let problem = XMLWellFormedness.problem(in: Data(xml)) {
                        problems.append(TemplateProblem(tag: nil, place: "\(part), regel \(problem.line) (\(sample))",
                                                        message: "gevuld document is geen geldige XML: \(problem.message)"))
                    }
                }
                do { _ = try word.fill(value) } catch let error as DocumentError { add(error) }
            case .text(let text, let escaping):
                let bytes = escaping == .html ? TagRenderer(escaping: HTMLEscaping()).render(text.nodes, value: value)
                                              : TagRenderer(escaping: MarkdownEscaping()).render(text.nodes, value: value)
                if String(decoding: bytes, as: UTF8.self).contains("{{") && sample == "volledig voorbeeld" {
                    problems.append(TemplateProblem(tag: "{{", place: url.lastPathComponent,
                                                    message: "na het vullen staat er nog {{ in de tekst (\(sample))"))
                }
            }
        }
        return TemplateReport(file: url, kind: kind, placeholders: placeholders, problems: problems)
    }

    /// The placeholders of a template whose sections are broken, found tag by tag.
    private static func rawPlaceholders(_ url: URL) throws -> [String] {
        guard url.pathExtension != "docx",
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return TemplateTree.placeholders((try? TextTemplate.tokenize(text, file: url.path)) ?? [])
    }
}

import Foundation

/// Why a document could not be rendered, with the file, the tag and the place it went wrong.
///
/// The `errorDescription` is Dutch and says what to do. Callers switch over `code`.
public struct DocumentError: Error, LocalizedError, Sendable, Equatable {
    /// What went wrong.
    public enum Code: Sendable, Equatable {
        /// No template for this kind and format in any template folder.
        case templateNotFound
        /// The template file cannot be read (not a zip, missing part, not UTF-8).
        case unreadableTemplate
        /// The XML of a Word template is not well-formed.
        case malformedXML
        /// `{{` without its `}}`.
        case unclosedTag
        /// A section `{{#x}}` or `{{^x}}` without its `{{/x}}`.
        case unclosedSection
        /// `{{/x}}` that closes another section, or none.
        case mismatchedClose
        /// A placeholder that is not a field of this kind of document.
        case unknownTag
        /// A tag form jbt does not support (partials, delimiter changes, blocks).
        case unsupportedTag
        /// A section in a Word template whose tags would cut through the document's structure.
        case sectionCrossesStructure
        /// The filled document is not well-formed (a defect of the engine; never written).
        case invalidOutput
        /// LibreOffice (`soffice`) is not installed.
        case converterMissing
        /// LibreOffice failed to convert the document.
        case conversionFailed
        /// The output file could not be written.
        case writeFailed
        /// A Word template whose package would inflate beyond `PackageLimits` (a zip bomb) or has too many entries.
        case packageTooLarge
        /// An entry name in a Word template that climbs out of the package (`..`, an absolute path) or is ambiguous.
        case unsafeEntryName
        /// Sections nested deeper than a template may nest them.
        case nestingTooDeep
        /// A template that is a symbolic link to a file outside its template folder.
        case templateOutsideFolder
        /// An output path that names the store, its journal or lock files, or a file of a plugin.
        case protectedOutput
    }

    public let code: Code
    /// The template or output file (path or name).
    public let file: String
    /// The tag as written, e.g. `{{#afspraken}}`, when the error is about one.
    public let tag: String?
    /// Where in the file: `regel 7`, `word/document.xml, alinea 12`.
    public let place: String?
    /// The Dutch explanation.
    public let detail: String

    public init(_ code: Code, file: String, tag: String? = nil, place: String? = nil, detail: String) {
        self.code = code
        self.file = file
        self.tag = tag
        self.place = place
        self.detail = detail
    }

    public var errorDescription: String? {
        var where_ = file
        if let place { where_ += ", \(place)" }
        if let tag { return "\(where_): \(tag): \(detail)" }
        return "\(where_): \(detail)"
    }
}

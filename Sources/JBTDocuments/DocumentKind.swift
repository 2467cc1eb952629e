/// The documents jbt renders from templates.
///
/// The raw value is the template's base name: `verslag.docx`, `verslag.html.mustache`, …
public enum DocumentKind: String, Sendable, CaseIterable {
    /// The report of the conversation (verslag), with the reactions of the parents added later.
    case verslag
    /// The parents' safety plan (veiligheidsplan).
    case veiligheidsplan
    /// The invitation letter to a parent (uitnodiging).
    case uitnodiging
    /// The notice to the municipality that the two-week norm cannot be met (wachttijdsignalering).
    case wachttijdsignalering
    /// The voorzitter's table day (weekagenda).
    case weekagenda

    /// The Dutch name a person reads in messages.
    public var dutchName: String {
        switch self {
        case .verslag: "verslag"
        case .veiligheidsplan: "veiligheidsplan"
        case .uitnodiging: "uitnodiging"
        case .wachttijdsignalering: "wachttijdsignalering"
        case .weekagenda: "weekagenda"
        }
    }

    /// The template file name for a format: `<kind>.docx`, `<kind>.html.mustache`, `<kind>.md.mustache`.
    /// A PDF is made from the Word template.
    public func templateFileName(_ format: DocumentFormat) -> String {
        switch format {
        case .docx, .pdf: "\(rawValue).docx"
        case .html: "\(rawValue).html.mustache"
        case .md: "\(rawValue).md.mustache"
        }
    }

    /// The kind and format a template file name stands for (`verslag.docx`, `weekagenda.md.mustache`), or nil.
    public static func infer(fromFileName name: String) -> (DocumentKind, DocumentFormat)? {
        for kind in allCases {
            for format in [DocumentFormat.docx, .html, .md] where kind.templateFileName(format) == name {
                return (kind, format)
            }
        }
        return nil
    }
}

import Foundation
import JBTDocuments

extension App {
    /// `jbt templates check FILE`: placeholders, problems, and a trial rendering with full and
    /// empty samples. The report's `problems` empty means the template is fit for use.
    public static func checkTemplate(path: String) throws -> TemplateReport {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ServiceError(.notFound, "\(path) bestaat niet", problems: [.init(file: path, message: "bestaat niet")])
        }
        do {
            return try TemplateChecker.check(URL(fileURLWithPath: path), kind: nil)
        } catch let error as DocumentError {
            throw ServiceError(error)
        }
    }
}

extension PluginTools {
    public static func describe(_ p: TemplateProblem, file: String) -> String {
        "\(file), \(p.place)" + (p.tag.map { ", \($0)" } ?? "") + ": \(p.message)"
    }

    /// Every template a plugin overrides (`templates/`) must check out: known placeholders, closed
    /// sections, and a rendering with the full and the empty sample.
    static func templateProblems(in folder: String) -> [String] {
        let dir = folder + "/templates"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var errors: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = dir + "/" + name
            guard DocumentKind.infer(fromFileName: name) != nil else {
                errors.append("\(path): onbekend sjabloon; een sjabloon heet naar een document (\(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))) met .docx, .html.mustache of .md.mustache")
                continue
            }
            do {
                try TemplateLocation.checkInside(URL(fileURLWithPath: path), folder: URL(fileURLWithPath: dir))
                let report = try TemplateChecker.check(URL(fileURLWithPath: path), kind: nil)
                errors += report.problems.map { describe($0, file: path) }
            } catch let error as DocumentError {
                errors.append(error.localizedDescription)
            } catch {
                errors.append("\(path): \(error)")
            }
        }
        return errors
    }
}

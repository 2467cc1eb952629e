import Foundation
import JBTDocuments

extension App {
    /// `jbt templates check FILE`: placeholders, problems, and a trial rendering with full and empty samples.
    public static func checkTemplate(path: String) throws -> (text: String, ok: Bool) {
        guard FileManager.default.fileExists(atPath: path) else { throw AppError.invalid("\(path) bestaat niet") }
        let report: TemplateReport
        do { report = try TemplateChecker.check(URL(fileURLWithPath: path), kind: nil) }
        catch let error as DocumentError { throw AppError.invalid(error.localizedDescription) }
        var out = ["\(path)" + (report.kind.map { " (\($0.rawValue))" } ?? "") + ": \(report.placeholders.count) plaatshouder(s)"]
        for p in report.placeholders { out.append("  \(p)") }
        if report.problems.isEmpty {
            out.append("In orde: proefweergave met een volledig en een leeg voorbeeld gelukt.")
        } else {
            out.append("\(report.problems.count) probleem/problemen:")
            for p in report.problems { out.append("  " + PluginTools.describe(p, file: path)) }
        }
        return (out.joined(separator: "\n"), report.problems.isEmpty)
    }
}

extension PluginTools {
    static func describe(_ p: TemplateProblem, file: String) -> String {
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

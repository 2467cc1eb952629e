import Foundation
import Testing
@testable import JBTDocuments

/// The default HTML and Markdown templates filled with the full and the empty samples, compared
/// with the expected files in Golden/. `JBT_UPDATE_GOLDEN=1` rewrites them (then read the diff).
@Suite("Golden renderings of the default text templates")
struct GoldenTests {
    static let cases: [(DocumentKind, DocumentFormat, String)] = DocumentKind.allCases.flatMap { kind in
        [DocumentFormat.html, .md].flatMap { format in ["volledig", "leeg"].map { (kind, format, $0) } }
    }

    @Test("Rendering equals the golden file", arguments: cases)
    func golden(kind: DocumentKind, format: DocumentFormat, sample: String) throws {
        let value = sample == "volledig" ? DocumentSamples.full(kind) : DocumentSamples.empty(kind)
        let output = String(decoding: try Fixture.renderer.render(kind, as: format, value: value), as: UTF8.self)
        let file = Fixture.golden.appendingPathComponent("\(kind.rawValue)-\(sample).\(format.rawValue)")
        if ProcessInfo.processInfo.environment["JBT_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Fixture.golden, withIntermediateDirectories: true)
            try output.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(output == expected, "\(file.lastPathComponent) differs")
        #expect(!output.contains("{{"))
    }

    @Test("HTML of the verslag escapes the values and keeps their line breaks")
    func verslagHTML() throws {
        let output = String(decoding: try Fixture.renderer.render(.verslag, as: .html, value: DocumentSamples.full(.verslag)), as: UTF8.self)
        #expect(output.contains("<p>Spanningen tussen ouders lopen op; de politie is twee keer gebeld.<br>\nL.V. slaapt slecht (&lt; 6 uur per nacht) en M.V. verzuimt &gt; 20% van de lessen.</p>"))
        #expect(output.contains("<td>Veiligheidsplan bespreken met oma &lt;netwerk&gt;</td>"))
        #expect(output.contains("<header>Jeugdbeschermingstafel Gelderland-Zuid</header>"))
        #expect(output.contains("<footer>JBT-2026-0042 · Vertrouwelijk · versie 2</footer>"))
        #expect(output.components(separatedBy: "<tr><td>").count - 1 == 3, "one row per agreement")
    }
}

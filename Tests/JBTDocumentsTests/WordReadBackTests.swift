import Foundation
import Testing
@testable import JBTDocuments

/// Every default Word template filled with the full and the empty sample and read back with
/// python-docx, an independent reader: it opens, the values are there, no tag is left.
@Suite("Word documents read back with python-docx", .enabled(if: Fixture.python != nil, "JBT_TEST_PYTHON is not set (make test sets it)"))
struct WordReadBackTests {
    static let cases: [(DocumentKind, Bool)] = DocumentKind.allCases.flatMap { [($0, true), ($0, false)] }

    @Test("Filled template opens and shows the values", arguments: cases)
    func readBack(kind: DocumentKind, full: Bool) throws {
        let value = full ? DocumentSamples.full(kind) : DocumentSamples.empty(kind)
        let docx = try Fixture.renderer.render(kind, as: .docx, value: value)
        let text = try Fixture.readBack(docx)
        #expect(!text.all.contains("{{") && !text.all.contains("}}"), "no tag left in \(kind)")
        if full {
            let report = try TemplateChecker.check(try #require(Fixture.renderer.templateURL(kind, .docx)), kind: kind)
            #expect(report.problems.isEmpty, "\(report.problems)")
            for expected in Fixture.shownValues(value, placeholders: report.placeholders) where !expected.isEmpty {
                // Values keep their line breaks: python-docx reads <w:br/> back as "\n".
                #expect(text.all.contains(expected), "\(kind): “\(expected)” missing")
            }
            #expect(text.headers.contains("Jeugdbeschermingstafel Gelderland-Zuid"))
            let footer = kind == .weekagenda ? "Week 2026-W49 · Vertrouwelijk · versie 2" : "JBT-2026-0042 · Vertrouwelijk · versie 2"
            #expect(text.footers.contains(footer))
        } else {
            #expect(text.headers.contains("Jeugdbeschermingstafel "))
        }
    }

    @Test("Verslag: the split tag, the repeated agreement rows, line breaks and & < >")
    func verslag() throws {
        let text = try Fixture.readBack(try Fixture.renderer.render(.verslag, as: .docx, value: DocumentSamples.full(.verslag)))
        #expect(text.body.contains("Gesprek op 8 december 2026 om 09:30"))
        let agreements = try #require(text.tables.first)
        #expect(agreements.count == 4, "header and three agreements")
        #expect(agreements[3] == ["Veiligheidsplan bespreken met oma <netwerk>", "moeder", "20 december 2026"])
        #expect(agreements[2] == ["Wekelijks contact met ouders & school over verzuim", "P. Jansen", "elke maandag"])
        #expect(text.body.contains("Spanningen tussen ouders lopen op; de politie is twee keer gebeld.\nL.V. slaapt slecht (< 6 uur per nacht) en M.V. verzuimt > 20% van de lessen."))
        #expect(text.breaks == 3, "gaat_goed, zorgen and the reaction have one line break each")
        #expect(text.body.contains("☒ Verplicht vrijwillig kader") && text.body.contains("☐ Raadsonderzoek"))
        #expect(!text.body.contains("Afgeschermde zaak (LET JB): deel dit verslag alleen met de mensen op de verzendlijst."))
        #expect(!text.body.contains(""), "no empty paragraphs left by the section tags")
    }

    @Test("Weekagenda: nested days and tables, a row per conversation")
    func weekagenda() throws {
        let text = try Fixture.readBack(try Fixture.renderer.render(.weekagenda, as: .docx, value: DocumentSamples.full(.weekagenda)))
        #expect(text.tables.count == 2, "one table per table day")
        #expect(text.tables[0].count == 3 && text.tables[1].count == 2)
        #expect(text.tables[0][1][4] == "A. de Vries (moeder): geaccepteerd; P. Jansen (jeugdprofessional): geaccepteerd")
        #expect(text.tables[0][2][3] == "–")
    }
}

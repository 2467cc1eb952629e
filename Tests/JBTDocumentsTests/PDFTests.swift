import Foundation
import Testing
@testable import JBTDocuments

/// PDF through LibreOffice. Skipped, with the reason, only when soffice is not installed.
@Suite("PDF through LibreOffice", .enabled(if: PDFConverter().soffice != nil, "soffice (LibreOffice) is not installed"))
struct PDFTests {
    @Test("A verslag becomes a PDF")
    func single() throws {
        let pdf = try Fixture.renderer.render(.verslag, as: .pdf, value: DocumentSamples.full(.verslag))
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        #expect(pdf.count > 10_000)
    }

    @Test("Two conversions at the same time both succeed (a profile each)")
    func concurrent() async throws {
        let renderer = Fixture.renderer
        async let a = Task.detached { try renderer.render(.verslag, as: .pdf, value: DocumentSamples.full(.verslag)) }.value
        async let b = Task.detached { try renderer.render(.weekagenda, as: .pdf, value: DocumentSamples.full(.weekagenda)) }.value
        let (first, second) = try await (a, b)
        #expect(first.starts(with: Array("%PDF-".utf8)))
        #expect(second.starts(with: Array("%PDF-".utf8)))
        #expect(first != second)
    }
}

@Suite("PDF without LibreOffice")
struct PDFMissingTests {
    @Test("No soffice: a clear Dutch message")
    func missing() throws {
        let renderer = DocumentRenderer(templateRoots: [Fixture.templates], converter: PDFConverter(soffice: nil))
        let error = try #require(throws: DocumentError.self) {
            try renderer.render(.verslag, as: .pdf, value: DocumentSamples.full(.verslag))
        }
        #expect(error.code == .converterMissing)
        #expect(error.errorDescription?.contains("LibreOffice (soffice) is niet geïnstalleerd") == true)
    }
}

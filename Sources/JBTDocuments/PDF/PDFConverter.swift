import Foundation

/// Converts a filled Word document to PDF with LibreOffice headless (`soffice`). Every conversion
/// gets a profile of its own (`-env:UserInstallation`), so conversions can run at the same time.
public struct PDFConverter: Sendable {
    /// The `soffice` program, or nil when LibreOffice is not installed.
    public let soffice: URL?

    /// Finds `soffice` in `$JBT_SOFFICE`, else in `$PATH`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment["JBT_SOFFICE"], !explicit.isEmpty {
            soffice = FileManager.default.isExecutableFile(atPath: explicit) ? URL(fileURLWithPath: explicit) : nil
            return
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        soffice = path.split(separator: ":").lazy
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("soffice") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    public init(soffice: URL?) { self.soffice = soffice }

    /// How long one conversion may take before LibreOffice is stopped.
    public var timeoutSeconds: Double = 120

    /// The PDF for a .docx. `name` is used for the file LibreOffice sees and in messages.
    public func convert(docx: Data, name: String) throws -> Data {
        guard let soffice else {
            throw DocumentError(.converterMissing, file: name,
                                detail: "PDF maken kan niet: LibreOffice (soffice) is niet geïnstalleerd. Installeer het (Debian: apt-get install libreoffice-writer-nogui fonts-crosextra-carlito fonts-crosextra-caladea) of kies docx, html of md")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("jbt-pdf-\(UUID().uuidString)")
        let profile = work.appendingPathComponent("profiel")
        let outdir = work.appendingPathComponent("uit")
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            try FileManager.default.createDirectory(at: outdir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw DocumentError(.conversionFailed, file: name, detail: "kan geen tijdelijke map maken: \(error.localizedDescription)")
        }
        let input = work.appendingPathComponent("document.docx")
        try writeAtomically(docx, to: input)

        let process = Process()
        process.executableURL = soffice
        process.arguments = ["-env:UserInstallation=\(profile.absoluteURL.absoluteString)", "--headless", "--norestore",
                             "--nolockcheck", "--convert-to", "pdf", "--outdir", outdir.path, input.path]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = work.path
        process.environment = environment
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        do { try process.run() } catch {
            throw DocumentError(.conversionFailed, file: name, detail: "LibreOffice start niet (\(soffice.path)): \(error.localizedDescription)")
        }
        // A hung LibreOffice is stopped (the process we started, by its id) after the timeout.
        let pid = process.processIdentifier
        let finished = ManagedFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds) {
            if !finished.isSet { kill(pid, SIGKILL) }
        }
        let output = log.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        finished.set()
        let pdf = outdir.appendingPathComponent("document.pdf")
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: pdf), data.starts(with: Array("%PDF".utf8)) else {
            let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DocumentError(.conversionFailed, file: name,
                                detail: "LibreOffice kon het document niet omzetten naar PDF (afsluitcode \(process.terminationStatus))\(text.isEmpty ? "" : ": \(text)")")
        }
        return data
    }
}

/// A flag set once, read from another thread.
private final class ManagedFlag: @unchecked Sendable {
    // @unchecked: `value` is only touched with `lock` held.
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

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

    /// Where the temporary folders of conversions are made (one `jbt-pdf-<pid>-<uuid>` each).
    public var workRoot: URL = FileManager.default.temporaryDirectory

    /// The PDF for a .docx. `name` is used for the file LibreOffice sees and in messages.
    ///
    /// LibreOffice runs in a process group of its own, which is stopped as a whole when the
    /// conversion ends, times out, or jbt is interrupted (SIGINT, SIGTERM, SIGHUP); what a killed
    /// jbt leaves behind (a running LibreOffice, the filled document) is removed on the next run.
    public func convert(docx: Data, name: String) throws -> Data {
        guard let soffice else {
            throw DocumentError(.converterMissing, file: name,
                                detail: "PDF maken kan niet: LibreOffice (soffice) is niet geïnstalleerd. Installeer het (Debian: apt-get install libreoffice-writer-nogui fonts-crosextra-carlito fonts-crosextra-caladea) of kies docx, html of md")
        }
        Self.removeStale(in: workRoot)
        let work = workRoot.appendingPathComponent("\(Self.folderPrefix)\(getpid())-\(UUID().uuidString)")
        let profile = work.appendingPathComponent("profiel")
        let outdir = work.appendingPathComponent("uit")
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            try FileManager.default.createDirectory(at: outdir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw DocumentError(.conversionFailed, file: name, detail: "kan geen tijdelijke map maken in \(workRoot.path)")
        }
        let input = work.appendingPathComponent("document.docx")
        try writeAtomically(docx, to: input)
        let logFile = work.appendingPathComponent("soffice.log")
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = work.path
        let arguments = [soffice.path, "-env:UserInstallation=\(profile.absoluteURL.absoluteString)", "--headless", "--norestore",
                         "--nolockcheck", "--convert-to", "pdf", "--outdir", outdir.path, input.path]
        let status: ProcessGroup.Exit
        do {
            status = try ProcessGroup.run(arguments, environment: environment, log: logFile.path, timeoutSeconds: timeoutSeconds)
        } catch {
            throw DocumentError(.conversionFailed, file: name, detail: "LibreOffice start niet (\(soffice.path))")
        }
        let pdf = outdir.appendingPathComponent("document.pdf")
        if case .timedOut = status {
            throw DocumentError(.conversionFailed, file: name,
                                detail: "LibreOffice was na \(Int(timeoutSeconds)) seconden niet klaar en is gestopt; probeer het opnieuw of kies docx")
        }
        guard case .exited(let code) = status, code == 0, let data = try? Data(contentsOf: pdf),
              data.starts(with: Array("%PDF".utf8)) else {
            let output = (try? Data(contentsOf: logFile)) ?? Data()
            let text = String(decoding: output.prefix(2_000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DocumentError(.conversionFailed, file: name,
                                detail: "LibreOffice kon het document niet omzetten naar PDF (\(status))\(text.isEmpty ? "" : ": \(text)")")
        }
        return data
    }

    static let folderPrefix = "jbt-pdf-"

    /// Removes the folders of conversions whose jbt is no longer running, first stopping any
    /// LibreOffice still working in one (found by the folder it was given as its home).
    public static func removeStale(in root: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return }
        for name in names where name.hasPrefix(folderPrefix) {
            let folder = root.appendingPathComponent(name)
            let rest = name.dropFirst(folderPrefix.count)
            if let owner = rest.split(separator: "-").first.flatMap({ pid_t($0) }) {
                // A running jbt (this one, or another converting now) still owns its folder.
                if owner == getpid() || kill(owner, 0) == 0 || errno == EPERM { continue }
            } else {
                // A folder of an older jbt (no owner in its name): stale after a day.
                let modified = (try? FileManager.default.attributesOfItem(atPath: folder.path))?[.modificationDate] as? Date
                guard let modified, modified < Date(timeIntervalSinceNow: -86_400) else { continue }
            }
            ProcessGroup.killProcesses(withHome: folder.path)
            try? FileManager.default.removeItem(at: folder)
        }
    }
}

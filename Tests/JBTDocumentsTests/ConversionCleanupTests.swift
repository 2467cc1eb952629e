import Foundation
import Testing
@testable import JBTDocuments

/// A PDF conversion leaves nothing running and nothing on disk: LibreOffice's helpers are stopped
/// with it, and what a killed jbt left behind is removed on the next conversion.
@Suite("PDF conversion cleanup")
struct ConversionCleanupTests {
    /// Whether `pid` is a live process (a zombie waiting for its parent counts as gone).
    static func alive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return true }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    static func waitGone(_ pid: pid_t) -> Bool {
        for _ in 0..<250 where alive(pid) { usleep(20_000) }
        return !alive(pid)
    }

    @Test("A helper that the converter leaves running in the background is stopped with it, and the work folder goes")
    func helperStopped() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let mark = root.appendingPathComponent("helper.pid")
        let fake = root.appendingPathComponent("soffice")
        // Like soffice: starts a helper in the background, then the program itself ends (here: failing).
        try Data("#!/bin/sh\nsleep 60 >/dev/null 2>&1 &\necho $! > \(mark.path)\nexit 3\n".utf8).write(to: fake)
        chmod(fake.path, 0o755)
        var converter = PDFConverter(soffice: fake)
        converter.workRoot = root
        #expect(throws: DocumentError.self) { _ = try converter.convert(docx: Data("x".utf8), name: "v.docx") }
        let helper = try #require(pid_t(String(contentsOf: mark, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Self.waitGone(helper), "the helper \(helper) of the conversion still runs")
        let left = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix("jbt-pdf-") }
        #expect(left.isEmpty)
    }

    @Test("A conversion over its time is stopped as a whole and says so in Dutch")
    func timeout() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let mark = root.appendingPathComponent("helper.pid")
        let fake = root.appendingPathComponent("soffice")
        try Data("#!/bin/sh\nsleep 60 >/dev/null 2>&1 &\necho $! > \(mark.path)\nsleep 60\n".utf8).write(to: fake)
        chmod(fake.path, 0o755)
        var converter = PDFConverter(soffice: fake)
        converter.workRoot = root
        converter.timeoutSeconds = 1
        let error = try #require(HostileTemplateTests.code { _ = try converter.convert(docx: Data("x".utf8), name: "v.docx") })
        #expect(error.code == .conversionFailed)
        #expect(error.detail.contains("na 1 seconden niet klaar"))
        let helper = try #require(pid_t(String(contentsOf: mark, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Self.waitGone(helper))
    }

    @Test("The folder of a jbt that was killed is removed on the next run, with the LibreOffice still working in it")
    func staleRemoved() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        // A process id that is no longer running: a finished child's.
        let done = Process()
        done.executableURL = URL(fileURLWithPath: "/bin/true")
        try done.run()
        done.waitUntilExit()
        let stale = root.appendingPathComponent("jbt-pdf-\(done.processIdentifier)-0000")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Data("gevuld document".utf8).write(to: stale.appendingPathComponent("document.docx"))
        // The LibreOffice the killed jbt started: it runs with the folder as its home.
        let office = Process()
        office.executableURL = URL(fileURLWithPath: "/bin/sleep")
        office.arguments = ["60"]
        office.environment = ["HOME": stale.path]
        try office.run()
        // Wait until the child runs with its own environment (a spawned child briefly has its
        // parent's): what a stale conversion looks like to the clean-up.
        let environ = "/proc/\(office.processIdentifier)/environ"
        for _ in 0..<500 {
            let text = FileManager.default.contents(atPath: environ).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if text.contains("HOME=" + stale.path) { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        // A folder of a jbt that is still running (this one) stays.
        let mine = root.appendingPathComponent("jbt-pdf-\(getpid())-1111")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)

        PDFConverter.removeStale(in: root)

        office.waitUntilExit()
        #expect(office.terminationReason == .uncaughtSignal)
        #expect(office.terminationStatus == SIGKILL)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: mine.path))
    }
}

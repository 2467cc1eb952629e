import Foundation
import Testing

/// What `jbt` prints over a secretariat's week (`Tests/tools/cli_scenario.sh`: regions, roster,
/// intake, plan, agenda, signalering, cancel, reschedule, invites, records, documents, templates,
/// plugins, log, demo — and their error messages and exit codes), against the golden copy in
/// `Golden/cli`. The use cases return typed results and the command line makes the text: this is
/// the test that says the text did not move. After an intended change:
/// `JBT_UPDATE_GOLDEN=1 swift test --filter GoldenCLI`, then read the diff before committing it.
@Suite("What jbt prints, against the golden copy")
struct GoldenCLITests {
    static let golden = Harness.repositoryRoot + "/Tests/JBTEndToEndTests/Golden/cli"

    @Test("Every command's output, error and exit code over a secretariat's week")
    func scenario() throws {
        let out = NSTemporaryDirectory() + "jbt-golden-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Harness.run([Harness.repositoryRoot + "/Tests/tools/cli_scenario.sh", Harness.binary, out],
                                  executable: "/bin/bash")
        try #require(run.status == 0, "\(run.stderr)")
        let fm = FileManager.default
        let produced = try fm.contentsOfDirectory(atPath: out).sorted()
        #expect(produced.count > 120, "\(produced.count) files")
        if ProcessInfo.processInfo.environment["JBT_UPDATE_GOLDEN"] == "1" {
            try? fm.removeItem(atPath: Self.golden)
            try fm.createDirectory(atPath: Self.golden, withIntermediateDirectories: true)
            for name in produced { try fm.copyItem(atPath: out + "/" + name, toPath: Self.golden + "/" + name) }
            return
        }
        let expected = try fm.contentsOfDirectory(atPath: Self.golden).sorted()
        #expect(produced == expected, "the scenario's files")
        for name in expected where produced.contains(name) {
            let want = try String(contentsOfFile: Self.golden + "/" + name, encoding: .utf8)
            let got = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            guard want != got else { continue }
            let a = want.split(separator: "\n", omittingEmptySubsequences: false)
            let b = got.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("""
                \(name) differs from the golden copy at line \(line + 1):
                  golden: \(line < a.count ? String(a[line]) : "(end)")
                  now:    \(line < b.count ? String(b[line]) : "(end)")
                """)
        }
    }
}

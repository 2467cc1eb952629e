import Foundation
import Testing

/// `jbt invites --send` delivering the iMIP mails to a real SMTP server (aiosmtpd, from the test
/// virtualenv), on loopback, started and stopped here.
@Suite("SMTP delivery end to end", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"] != nil))
struct SMTPEndToEndTests {
    final class SMTPSink {
        let process = Process()
        let log = NSTemporaryDirectory() + "jbt-smtp-" + UUID().uuidString + ".log"
        let port = Int.random(in: 40_000..<50_000)

        init() throws {
            FileManager.default.createFile(atPath: log, contents: nil)
            process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"]!)
            process.arguments = ["-u", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Debugging", "stdout"]
            let handle = FileHandle(forWritingAtPath: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            // Ready when the port accepts connections.
            for _ in 0..<100 {
                let probe = try Harness.run(["-c", "import socket; socket.create_connection(('127.0.0.1', \(port)), 1)"],
                                            executable: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"]!)
                if probe.status == 0 { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: log)
        }
        var received: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
    }

    @Test("Each recipient gets their own mail; update and CANCEL follow")
    func deliver() throws {
        let sink = try SMTPSink()
        let w = Workspace()
        try w.plannedWest(prefix: "M", count: 1)
        let env = ["JBT_SMTP_URL": "smtp://127.0.0.1:\(sink.port)"]
        func jbt(_ arguments: String...) throws -> JBTRun { try w.jbt(arguments, environment: env) }
        var run = try jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        // Professionals' copy to the RvdK officer and the referrer, one mail each; the parent's own copy.
        #expect(run.stdout.contains("E-mail (SMTP): 3 verstuurd."), "\(run.stdout)")
        Thread.sleep(forTimeInterval: 0.3)
        var log = sink.received
        let toLines = log.split(separator: "\n").filter { $0.hasPrefix("To: ") }
        #expect(toLines.count == 3, "\(toLines)")
        for address in ["rvdk-west@example.org", "lt@example.org", "ouder1@example.org"] {
            #expect(toLines.filter { $0.hasSuffix("<\(address)>") }.count == 1, "one mail to \(address), and to nobody else")
        }
        #expect(log.components(separatedBy: "method=REQUEST").count - 1 == 3)

        // Rescheduled: the same three people get the update.
        _ = try jbt("reschedule", "M-01", "--from", "2026-11-30", "--weeks", "2")
        run = try jbt("invites", "--week", "2026-W50", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("E-mail (SMTP): 3 verstuurd."), "\(run.stdout)")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(sink.received.components(separatedBy: "method=REQUEST").count - 1 == 6)

        _ = try jbt("cancel", "M-01")
        run = try jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("E-mail (SMTP): 3 verstuurd."))
        Thread.sleep(forTimeInterval: 0.3)
        log = sink.received
        #expect(log.components(separatedBy: "method=CANCEL").count - 1 == 3, "a CANCEL to each who had the invite")

        // An unreachable server: a clear message and exit 1, the state not recorded.
        _ = try w.jbt("intake", w.intakeFile("in2.yaml", prefix: "N", count: 1))
        _ = try w.jbt("plan", "--from", "2026-11-30", "--weeks", "1")
        run = try w.jbt(["invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send"],
                        environment: ["JBT_SMTP_URL": "smtp://127.0.0.1:1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("niet verstuurd"))
        withExtendedLifetime(sink) {}
    }
}

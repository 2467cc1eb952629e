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

        /// A plain sink, or with `tls` (certificate and key files) a server that requires STARTTLS
        /// and AUTH with `login` (user, password).
        /// With `refusing`, the TLS server accepts that many messages, refuses the next ones with a
        /// 451, then accepts again.
        init(tls: (cert: String, key: String)? = nil, login: (String, String)? = nil,
             refusing: (accept: Int, refuse: Int)? = nil) throws {
            FileManager.default.createFile(atPath: log, contents: nil)
            process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"]!)
            if let tls, let login {
                process.arguments = ["-u", Harness.repositoryRoot + "/Tests/tools/smtp_server.py", String(port),
                                     tls.cert, tls.key, login.0, login.1]
                if let refusing { process.arguments! += [String(refusing.accept), String(refusing.refuse)] }
            } else {
                process.arguments = ["-u", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Debugging", "stdout"]
            }
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

    @Test("STARTTLS and AUTH: delivered only over TLS, with the login, to a server whose CA is configured")
    func starttlsAndAuth() throws {
        let w = Workspace()
        let cert = w.root + "/cert.pem", key = w.root + "/key.pem"
        let made = try Harness.run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                                   executable: "/usr/bin/openssl")
        try #require(made.status == 0, "\(made.stderr)")
        let sink = try SMTPSink(tls: (cert, key), login: ("secretariaat", "geheim wachtwoord"))
        try w.plannedWest(prefix: "T", count: 1)
        let passwordFile = w.root + "/smtp-wachtwoord"
        try "geheim wachtwoord\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let secure = ["JBT_SMTP_URL": "smtp://127.0.0.1:\(sink.port)", "JBT_SMTP_STARTTLS": "1", "JBT_SMTP_CA": cert,
                      "JBT_SMTP_USER": "secretariaat", "JBT_SMTP_PASSWORD_FILE": passwordFile]
        func send(_ env: [String: String]) throws -> JBTRun {
            try w.jbt(["invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send"], environment: env)
        }

        // Without the CA the server's certificate is not trusted: nothing sent, nothing recorded.
        var env = secure
        env["JBT_SMTP_CA"] = nil
        var run = try send(env)
        #expect(run.status == 1)
        #expect(run.stderr.contains("niet verstuurd"), "\(run.stderr)")
        // Without STARTTLS the server refuses to accept mail.
        env = secure
        env["JBT_SMTP_STARTTLS"] = nil
        run = try send(env)
        #expect(run.status == 1)
        #expect(run.stderr.contains("niet verstuurd"), "\(run.stderr)")
        #expect(!sink.received.contains("MAIL FROM"))

        run = try send(secure)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("E-mail (SMTP): 3 verstuurd."), "\(run.stdout)")
        Thread.sleep(forTimeInterval: 0.3)
        let log = sink.received
        #expect(log.contains("AUTH ok secretariaat tls=True"), "\(log)")
        #expect(!log.contains("AUTH refused"))
        let froms = log.split(separator: "\n").filter { $0.hasPrefix("MAIL FROM") }
        #expect(froms.count == 3 && froms.allSatisfy { $0.hasSuffix("tls=True") }, "\(froms)")
        #expect(log.components(separatedBy: "method=REQUEST").count - 1 == 3)

        // Sent once: a second run sends nothing new.
        run = try send(secure)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("verstuurd.") || run.stdout.contains("E-mail (SMTP): 0 verstuurd."), "\(run.stdout)")
    }

    @Test("A server that refuses after 1 of 3 messages: the server's answer, exit 1, the rest wait; the retry mails each once")
    func refusesHalfWay() throws {
        let w = Workspace()
        let cert = w.root + "/cert.pem", key = w.root + "/key.pem"
        let made = try Harness.run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                                   executable: "/usr/bin/openssl")
        try #require(made.status == 0, "\(made.stderr)")
        let sink = try SMTPSink(tls: (cert, key), login: ("secretariaat", "geheim"), refusing: (1, 1))
        try w.plannedWest(prefix: "H", count: 1)
        let env = ["JBT_SMTP_URL": "smtp://127.0.0.1:\(sink.port)", "JBT_SMTP_STARTTLS": "1", "JBT_SMTP_CA": cert,
                   "JBT_SMTP_USER": "secretariaat", "JBT_SMTP_PASSWORD": "geheim"]
        var run = try w.jbt(["invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send"], environment: env)
        #expect(run.status == 1)
        #expect(run.stdout.contains("E-mail (SMTP): 1 verstuurd."), "\(run.stdout)")
        #expect(run.stderr.contains("451 4.3.0 Tijdelijk te druk"), "the server's own answer: \(run.stderr)")
        #expect(!run.stderr.contains("Weird server reply"))
        // Every .ics and .eml in the folder is whole: no temporary files left.
        let files = try FileManager.default.contentsOfDirectory(atPath: w.root + "/uit")
        #expect(!files.contains { $0.hasSuffix(".tmp") }, "\(files)")
        run = try w.jbt(["outbox"], environment: env)
        #expect(run.status == 0)
        #expect(run.stdout.contains("1 mislukt"), "\(run.stdout)")
        #expect(run.stdout.contains("451 4.3.0 Tijdelijk te druk"), "\(run.stdout)")
        run = try w.jbt(["outbox", "verstuur", "--nu"], environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        run = try w.jbt(["outbox"], environment: env)
        #expect(run.stdout.contains("Outbox: 0 wachtend, 0 mislukt"), "\(run.stdout)")
        Thread.sleep(forTimeInterval: 0.3)
        let log = sink.received
        let delivered = log.split(separator: "\n").filter { $0.hasPrefix("RCPT TO") }.map(String.init)
        let refused = log.split(separator: "\n").filter { $0.hasPrefix("REFUSED") }
        #expect(refused.count == 1)
        #expect(delivered.count == 3, "to the RvdK officer, the referrer and the parent: \(delivered)")
        #expect(Set(delivered).count == delivered.count, "nobody mailed twice: \(delivered)")
        // Sending again sends nothing.
        run = try w.jbt(["invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send"], environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(sink.received.split(separator: "\n").filter { $0.hasPrefix("RCPT TO") }.count == 3)
    }
}

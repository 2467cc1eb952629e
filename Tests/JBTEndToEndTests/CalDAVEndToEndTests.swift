import Foundation
import Testing

/// `jbt invites --send` against a real CalDAV server (Radicale, from the test virtualenv that
/// `make test` creates), on loopback, started and stopped here.
@Suite("CalDAV publishing end to end", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"] != nil))
struct CalDAVEndToEndTests {
    final class Radicale {
        let process = Process()
        let folder: String
        let port: Int
        var url: String { "http://127.0.0.1:\(port)/jbt/" }
        /// Set on a server that is stopped and started again over the same collections.
        var keepsFolder = false

        /// A new server, or with `folder` and `port` the same calendars served again.
        init(folder: String = NSTemporaryDirectory() + "jbt-radicale-" + UUID().uuidString,
             port: Int = Int.random(in: 30_000..<40_000)) throws {
            self.folder = folder
            self.port = port
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"]!)
            process.arguments = ["-m", "radicale", "--server-hosts", "127.0.0.1:\(port)", "--storage-filesystem-folder", folder + "/col",
                                 "--auth-type", "none", "--rights-type", "authenticated"]
            let log = FileHandle(forWritingAtPath: { FileManager.default.createFile(atPath: folder + "/log", contents: nil); return folder + "/log" }())
            process.standardOutput = log
            process.standardError = log
            try process.run()
            for _ in 0..<100 {
                if (try? String(contentsOfFile: folder + "/log", encoding: .utf8))?.contains("Listening on") == true { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        deinit {
            // Radicale does not stop on SIGTERM while it serves; end it for certain.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if !keepsFolder { try? FileManager.default.removeItem(atPath: folder) }
        }

        /// HTTP status and body of a GET, through Python's urllib.
        func get(_ path: String) throws -> (Int, String) {
            let script = """
            import sys, urllib.request, urllib.error
            try:
                r = urllib.request.urlopen(sys.argv[1], timeout=10); print(r.status); print(r.read().decode())
            except urllib.error.HTTPError as e:
                print(e.code)
            """
            let run = try Harness.run(["-c", script, url + path], executable: ProcessInfo.processInfo.environment["JBT_TEST_PYTHON"]!)
            let lines = run.stdout.split(separator: "\n", maxSplits: 1)
            return (Int(lines.first ?? "") ?? 0, lines.count > 1 ? String(lines[1]) : "")
        }
    }

    @Test("REQUEST, update and CANCEL reach the region's table calendar; family copies do not")
    func publish() throws {
        let server = try Radicale()
        let w = Workspace()
        try w.plannedWest(prefix: "C", count: 2)
        let env = ["JBT_CALDAV_URL": server.url]
        func jbt(_ arguments: String...) throws -> JBTRun { try w.jbt(arguments, environment: env) }
        var run = try jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Tafelagenda (CalDAV): 2 bijgewerkt."))
        var (status, body) = try server.get("west/C-01-professionals_jbt.ics")
        #expect(status == 200)
        #expect(body.contains("UID:C-01-professionals@jbt"))
        #expect(!body.contains("METHOD:"), "a CalDAV object carries no METHOD")
        #expect(try server.get("west/C-01-gezin-1_jbt.ics").0 == 404, "family copies are not on the table calendar")

        _ = try jbt("reschedule", "C-01", "--from", "2026-11-30", "--weeks", "2")
        run = try jbt("invites", "--week", "2026-W50", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        (status, body) = try server.get("west/C-01-professionals_jbt.ics")
        #expect(status == 200)
        #expect(body.contains("SEQUENCE:1"))
        #expect(body.contains("DTSTART;TZID=Europe/Amsterdam:20261208T"))

        _ = try jbt("cancel", "C-02")
        run = try jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try server.get("west/C-02-professionals_jbt.ics").0 == 404, "the cancelled event is gone from the table calendar")

        withExtendedLifetime(server) {}
        // No server configured: a clear message, nothing recorded.
        run = try w.jbt(["invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("geen CalDAV-server en geen SMTP-server ingesteld"))
    }

    @Test("The calendar server goes down half-way: the DELETE and the update wait in the outbox, and reach it when it is back")
    func serverDownHalfWay() throws {
        var server: Radicale? = try Radicale()
        let folder = server!.folder, port = server!.port, url = server!.url
        let w = Workspace()
        try w.plannedWest(prefix: "D", count: 2)
        let env = ["JBT_CALDAV_URL": url]
        func jbt(_ arguments: String...) throws -> JBTRun { try w.jbt(arguments, environment: env) }
        var run = try jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try server!.get("west/D-02-professionals_jbt.ics").0 == 200)
        server!.keepsFolder = true
        server = nil
        _ = try jbt("cancel", "D-02")
        _ = try jbt("reschedule", "D-01", "--from", "2026-11-30", "--weeks", "2")
        run = try jbt("invites", "--week", "2026-W49", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 1, "the server is down")
        #expect(run.stderr.contains("niet verstuurd"), "\(run.stderr)")
        run = try jbt("invites", "--week", "2026-W50", "--outbox", w.root + "/uit", "--send")
        #expect(run.status == 1)
        run = try jbt("outbox")
        #expect(run.stdout.contains("tafelagenda west verwijderen (D-02-professionals@jbt)"), "\(run.stdout)")
        #expect(run.stdout.contains("tafelagenda west bijwerken (D-01-professionals@jbt)"), "\(run.stdout)")

        let back = try Radicale(folder: folder, port: port)
        #expect(try back.get("west/D-02-professionals_jbt.ics").0 == 200, "still there while the DELETE waits")
        run = try jbt("outbox", "verstuur", "--nu")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 agendawijziging(en)"), "\(run.stdout)")
        #expect(try back.get("west/D-02-professionals_jbt.ics").0 == 404, "the cancelled event is gone")
        let (status, body) = try back.get("west/D-01-professionals_jbt.ics")
        #expect(status == 200)
        #expect(body.contains("SEQUENCE:1"), "the update arrived once the server was back")
        run = try jbt("outbox")
        #expect(run.stdout.hasPrefix("Outbox: 0 wachtend, 0 mislukt"), "\(run.stdout)")
        withExtendedLifetime(back) {}
    }
}

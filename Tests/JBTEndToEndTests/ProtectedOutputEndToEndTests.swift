import Foundation
import Testing

/// Nothing jbt writes may replace the store, its journal and lock files, or a file of a plugin:
/// `jbt document … --out` naming one of them is refused with exit code 1 and changes nothing.
@Suite("jbt never writes over its store or a plugin")
struct ProtectedOutputEndToEndTests {
    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test("--out naming the store, its -wal, -shm or .lock file, or a plugin's file is refused; the store keeps its rows",
          arguments: ["", "-wal", "-shm", ".lock", "-journal", "PLUGIN", "PLUGINNEW", "LINK"])
    func refused(target: String) throws {
        let w = Workspace()
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        let manifest = w.plugins + "/west/regio.yaml"
        let out: String
        switch target {
        case "PLUGIN": out = manifest
        case "PLUGINNEW": out = w.plugins + "/west/templates-verslag.md"
        case "LINK":
            // Another name for the store's folder: still the store.
            try FileManager.default.createSymbolicLink(atPath: w.root + "/link", withDestinationPath: w.root + "/store")
            out = w.root + "/link/jbt.sqlite"
        default: out = w.store + target
        }
        let before = Self.bytes(out)
        let storeBefore = Self.bytes(w.store)
        let run = try w.jbt("document", "--region", "west", "wachttijdsignalering", "--format", "md", "--out", out)
        #expect(run.status == 1)
        #expect(run.stderr.contains(out))
        #expect(run.stderr.contains(target.hasPrefix("PLUGIN") ? "regio-plugin" : "opslag van jbt"), "\(run.stderr)")
        #expect(Self.bytes(out) == before)
        #expect(Self.bytes(w.store) == storeBefore)
        let log = try w.jbt("log")
        #expect(log.status == 0)
        #expect(!log.stdout.contains("wachttijdsignalering"), "a refused document leaves no audit line")
    }

    @Test("An ordinary --out beside the store is written")
    func besideStore() throws {
        let w = Workspace()
        #expect(try w.jbt("roster", "import", w.westRoster()).status == 0)
        let out = w.root + "/store/jbt.sqlite.md"
        let run = try w.jbt("document", "--region", "west", "wachttijdsignalering", "--format", "md", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(String(decoding: Self.bytes(out) ?? Data(), as: UTF8.self).contains("Wachttijdsignalering"))
    }
}

import Foundation
import Testing

/// Runs the real `jbt` binary, as a user would, on a temporary store.
struct JBTRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Harness {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var binary: String {
        ProcessInfo.processInfo.environment["JBT_BIN"] ?? repositoryRoot + "/.build/debug/jbt"
    }

    static func run(_ arguments: [String], environment extra: [String: String] = [:], cwd: String? = nil,
                    executable: String? = nil, prefix: [String] = []) throws -> JBTRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = prefix + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "JBT_STORE")
        environment.removeValue(forKey: "JBT_PLUGINS")
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a large output cannot fill the pipe and stall the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return JBTRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary workspace: a store path, a plugin folder with two small regions, and files to feed in.
final class Workspace: Sendable {
    let root: String
    var store: String { root + "/store/jbt.sqlite" }
    var plugins: String { root + "/plugins" }

    init() {
        root = NSTemporaryDirectory() + "jbt-e2e-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: root + "/plugins", withIntermediateDirectories: true)
        // Region "west": Tuesdays, 09:00–16:30 in 90-minute conversations with 15-minute pauses
        // (09:00, 10:45, 12:30, 14:15). Region "oost": Thursdays at fixed times with room for a
        // child conversation before each. Each takes the other's overflow. Fictional.
        write("plugins/west/regio.yaml", """
        # Fictief: testregio.
        id: west
        naam: Regio West
        gemeenten: [Westdorp, Westwoude]
        buurregios: [oost]
        tafel:
          dagen: [dinsdag]
          van: "09:00"
          tot: "16:30"
          pauze_minuten: 15
          gesprek_minuten: 90
          kindgesprek_minuten: 30
          locatie: Raadhuis Westdorp
        gesprekstypen: [vijf-voor-twaalf, kwart-voor-twaalf, evaluatie]
        escalatiecontact: {naam: W. Escalatie (fictief), functie: beleidsadviseur, email: w@example.org}
        sluitingen:
          - {van: 2026-12-22, tot: 2027-01-01, reden: Kerstsluiting}
        """)
        write("plugins/oost/regio.yaml", """
        # Fictief: testregio.
        id: oost
        naam: Regio Oost
        gemeenten: [Oostdorp]
        buurregios: [west]
        tafel:
          dagen: [donderdag]
          begintijden: ["09:30", "11:30", "14:00", "16:00"]
          gesprek_minuten: 90
          locatie: Stadhuis Oostdorp
        escalatiecontact: {naam: O. Escalatie (fictief), functie: beleidsadviseur, email: o@example.org}
        """)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let path = root + "/" + name
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `jbt` with this workspace's store and only its plugins.
    func jbt(_ arguments: String...) throws -> JBTRun { try jbt(arguments) }

    /// The same, with extra environment (server settings for `--send`).
    func jbt(_ arguments: [String], environment extra: [String: String] = [:]) throws -> JBTRun {
        try Harness.run(arguments + ["--store", store, "--plugins", plugins],
                        environment: extra.merging(["JBT_NO_BUNDLED_PLUGINS": "1"]) { $1 })
    }

    /// Region West staffed, and `count` cases registered and planned in the week of 30 Nov 2026.
    func plannedWest(prefix: String, count: Int) throws {
        #expect(try jbt("roster", "import", westRoster()).status == 0)
        #expect(try jbt("intake", intakeFile("\(prefix).yaml", prefix: prefix, count: count)).status == 0)
        #expect(try jbt("plan", "--from", "2026-11-30", "--weeks", "1").status == 0)
    }

    /// A roster for region West: one voorzitter and one RvdK officer on Tuesdays (fictional).
    func westRoster() -> String {
        write("rooster.yaml", """
        personen:
          - {id: vz-w, naam: "V. West (fictief)", rol: voorzitter, email: vz-west@example.org, regios: [west]}
          - {id: r-w, naam: "R. West (fictief)", rol: rvdk, email: rvdk-west@example.org, regios: [west]}
        inzet:
          - {persoon: vz-w, regio: west, dag: dinsdag}
          - {persoon: r-w, regio: west, dag: dinsdag}
        """)
    }

    /// An intake file of `count` cases from `municipality`, complete on `complete`.
    func intakeFile(_ name: String, prefix: String, count: Int, municipality: String = "Westdorp",
                    complete: String = "2026-11-27", childBirth: String? = nil) -> String {
        var text = "aanmeldingen:\n"
        for n in 1...count {
            text += """
              - referentie: \(prefix)-\(n < 10 ? "0" : "")\(n)
                gemeente: \(municipality)
                type: vijf-voor-twaalf
                aangemeld: \(complete)
                aanmelder: {naam: Lokaal team (fictief), organisatie: Lokaal team \(municipality), email: lt@example.org}
                ouders: [{naam: Ouder \(n) (fictief), email: ouder\(n)@example.org}]

            """
            if let childBirth { text += "    kinderen: [{initialen: K.\(n)., geboortedatum: \(childBirth)}]\n" }
        }
        return write(name, text)
    }
}

struct PlanJSON: Decodable {
    struct Booked: Decodable, Equatable { var reference: String; var region: String; var date: String; var start: String; var withinNorm: Bool; var childConversation: String? }
    struct Miss: Decodable { var reference: String; var explanation: String; var bookedOn: String? }
    var booked: [Booked]
    var misses: [Miss]
    var bottlenecks: [String]
    var objective: Int
    var lowerBound: Int
}

func decodePlan(_ run: JBTRun) throws -> PlanJSON {
    try JSONDecoder().decode(PlanJSON.self, from: Data(run.stdout.utf8))
}

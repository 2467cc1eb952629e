import Foundation
import JBTCore

extension App {
    /// The bundled sample: which week the demo plans and where its files are.
    public struct DemoData: Sendable {
        public static let from = CivilDate(iso: "2026-11-30")!
        public static let weeks = 8
        public var intake: String
        public var roster: String
    }

    public static func demoData() throws -> DemoData {
        guard let root = Workspace.bundledRoot() else {
            throw AppError.invalid("de meegeleverde voorbeeldgegevens (Samples/) zijn niet gevonden")
        }
        return DemoData(intake: root + "/Samples/aanmeldingen.yaml", roster: root + "/Samples/rooster.yaml")
    }

    /// The main job on bundled data: a fresh temporary store, the bundled plugins, the sample
    /// roster and aanmeldingen; plans them and prints each region's first agenda and the norm summary.
    public static func runDemo(pluginRoots: [String]) throws -> String {
        let data = try demoData()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jbt-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try App(workspace: Workspace(storePath: folder.appendingPathComponent("demo.sqlite").path, pluginRoots: pluginRoots))
        var out: [String] = ["== jbt demo: tijdelijke opslag, \(app.regions.regions.count) regio-plugins, meegeleverde voorbeeldgegevens ==", ""]
        out.append(try app.importRoster(path: data.roster))
        out.append(try app.intake(path: data.intake))
        let report = try app.plan(from: DemoData.from, weeks: DemoData.weeks, region: nil)
        out.append("")
        out.append(report.text(regions: app.regions, listBookings: false))
        let week = DemoData.from.isoWeek
        for region in app.regions.regions {
            out.append("")
            out.append(try app.agenda(region: region.id, week: "\(week.year)-W\(week.week < 10 ? "0" : "")\(week.week)"))
        }
        out.append("")
        out.append("== Normoverzicht ==")
        func row(_ cells: [String]) -> String {
            cells[0].padding(toLength: 28, withPad: " ", startingAt: 0)
                + cells.dropFirst().map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined()
        }
        out.append(row(["regio", "geboekt", "in norm", "buurregio", "buiten"]))
        for region in app.regions.regions {
            let booked = report.booked.filter { $0.homeRegion == region.id }
            let misses = report.misses.filter { $0.region == region.id }.count
            out.append(row([region.name, "\(booked.count)", "\(booked.filter(\.withinNorm).count)",
                            "\(booked.filter { $0.region != region.id }.count)", "\(misses)"]))
        }
        out.append(row(["totaal", "\(report.booked.count)", "\(report.withinNorm)", "\(report.inNeighbour)", "\(report.misses.count)"]))
        return out.joined(separator: "\n")
    }
}

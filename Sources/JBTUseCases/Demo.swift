import Foundation
import JBTCore
import JBTStorage

extension App {
    /// The bundled sample: which weeks the demo plans and where its files are.
    public struct DemoData: Sendable {
        public static let from = CivilDate(iso: "2026-11-30")!
        public static let weeks = 8
        public var intake: String
        public var roster: String
    }

    /// What the demo did: the roster and aanmeldingen it read, the plan, and each region's agenda
    /// of the first week.
    public struct DemoRun: Sendable {
        public var regions: RegionCatalog
        public var roster: Roster
        public var intake: IntakeResult
        public var report: PlanReport
        public var agendas: [AgendaWeek]
    }

    public static func demoData(dependencies: Dependencies) throws -> DemoData {
        guard let samples = dependencies.sampleFolder else {
            throw ServiceError.unavailable("de meegeleverde voorbeeldgegevens (Samples/) zijn niet gevonden")
        }
        return DemoData(intake: samples + "/aanmeldingen.yaml", roster: samples + "/rooster.yaml")
    }

    /// The main job on bundled data: a fresh store in memory, the bundled plugins, the sample
    /// roster and aanmeldingen; plans them and shows each region's first agenda.
    public static func runDemo(pluginRoots: [String], dependencies: Dependencies) throws -> DemoRun {
        let data = try demoData(dependencies: dependencies)
        // A fresh store in memory: the demo leaves nothing behind.
        let workspace = Workspace(store: InMemoryStore(name: "demo"), pluginRoots: pluginRoots)
        let app = try App(workspace: workspace, dependencies: dependencies)
        let roster = try app.importRoster(path: data.roster)
        let intake = try app.intake(path: data.intake)
        let report = try app.plan(from: DemoData.from, weeks: DemoData.weeks, region: nil)
        let week = DemoData.from.isoWeek
        let weekText = "\(week.year)-W\(week.week < 10 ? "0" : "")\(week.week)"
        let agendas = try app.regions.regions.map { try app.agenda(region: $0.id, week: weekText) }
        return DemoRun(regions: app.regions, roster: roster, intake: intake, report: report, agendas: agendas)
    }
}

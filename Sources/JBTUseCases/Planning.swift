import Foundation
import JBTCore
import JBTScheduling
import JBTStorage

/// The outcome of one planning run, for printing as text or JSON.
public struct PlanReport: Sendable, Codable {
    public struct Booked: Sendable, Codable {
        public var reference: String
        public var region: String
        public var homeRegion: String
        public var date: String
        public var table: Int
        public var start: String
        public var childConversation: String?
        public var waitingDays: Int
        public var withinNorm: Bool
    }
    public struct Miss: Sendable, Codable {
        public var reference: String
        public var region: String
        public var deadline: String
        public var bookedOn: String?
        /// The reasons, as one Dutch sentence (what the wachttijdsignalering shows).
        public var explanation: String
        /// The same reasons as values, for a report that counts them.
        public var reasons: [MissReason]
    }
    public var from: String
    public var through: String
    public var openCases: Int
    public var booked: [Booked]
    public var misses: [Miss]
    public var bottlenecks: [String]
    public var tableNotes: [String]
    public var warnings: [String]
    public var objective: Int
    public var lowerBound: Int
    public var seconds: Double
    public var stored: Bool

    public var withinNorm: Int { booked.filter(\.withinNorm).count }
    public var inNeighbour: Int { booked.filter { $0.region != $0.homeRegion }.count }
}

extension App {
    /// Books every open registration into the table positions of `weeks` weeks from `from`;
    /// existing bookings stay where they are. With `dryRun`, nothing is stored.
    /// Plans a group of regions together (a region and the neighbours that share its overflow, say):
    /// the open aanmeldingen of every region in `group`. An empty group is every region.
    public func plan(from: CivilDate, weeks: Int, group: [RegionID], dryRun: Bool = false) throws -> PlanReport {
        guard (1...104).contains(weeks) else { throw ServiceError.invalid(field: "weken", "moet tussen 1 en 104 liggen") }
        for region in group where regions[region] == nil {
            throw ServiceError.unknownRegion(region, known: regions.regions.map(\.id))
        }
        let members = group.isEmpty ? nil : Set(group)
        let store = try workspace.openStore()
        let command = "plan" + (group.isEmpty ? "" : " " + group.joined(separator: ","))
        if dryRun {
            return try store.read { tx in
                try plan(in: tx, from: from, weeks: weeks, group: members, dryRun: true, only: nil).0
            }
        }
        return try store.write(command: command) { tx in
            try plan(in: tx, from: from, weeks: weeks, group: members, dryRun: false, only: nil)
        }
    }

    public func plan(from: CivilDate, weeks: Int, region: RegionID?, dryRun: Bool = false,
                     only reference: String? = nil, command: String = "plan") throws -> PlanReport {
        guard (1...104).contains(weeks) else { throw ServiceError.invalid(field: "weken", "moet tussen 1 en 104 liggen") }
        if let region, regions[region] == nil { throw ServiceError.unknownRegion(region, known: regions.regions.map(\.id)) }
        let store = try workspace.openStore()
        if dryRun { return try store.read { tx in try plan(in: tx, from: from, weeks: weeks, region: region, dryRun: true, only: reference).0 } }
        return try store.write(command: command) { tx in
            try plan(in: tx, from: from, weeks: weeks, region: region, dryRun: false, only: reference)
        }
    }

    func plan(in tx: StoreTransaction, from: CivilDate, weeks: Int, region: RegionID?, dryRun: Bool,
              only reference: String?) throws -> (PlanReport, change: String) {
        try plan(in: tx, from: from, weeks: weeks, group: region.map { [$0] }, dryRun: dryRun, only: reference)
    }

    func plan(in tx: StoreTransaction, from: CivilDate, weeks: Int, group: Set<RegionID>?, dryRun: Bool,
              only reference: String?) throws -> (PlanReport, change: String) {
            let through = from.adding(days: weeks * 7 - 1)
            let roster = try tx.roster()
            let all = try tx.registrations()
            let byRef = Dictionary(uniqueKeysWithValues: all.map { ($0.reference, $0) })
            let booked = try tx.bookings(from: from, through: through).compactMap { b in byRef[b.reference].map { ($0, b) } }
            let open = all.filter {
                $0.status == .open && (group?.contains($0.homeRegion) ?? true)
                    && (reference == nil || $0.reference == reference)
            }
            let builder = try PlanBuilder(regions: regions, roster: roster, from: from, through: through, open: open, booked: booked,
                                          busy: try tx.busyTimes(), hooks: hooks, origins: try App.followUpOrigins(tx))
            let result = Scheduler().solve(builder.problem)
            var report = PlanReport(from: from.iso, through: through.iso, openCases: open.count, booked: [], misses: [],
                                    bottlenecks: [], tableNotes: [], warnings: builder.warnings,
                                    objective: result.metrics.objective, lowerBound: result.lowerBound,
                                    seconds: result.seconds, stored: !dryRun)
            if roster.isEmpty { report.warnings.append("geen rooster geladen: tafels zonder voorzitter en RvdK ingepland (jbt roster import)") }
            let problem = builder.problem
            for (c, k) in problem.cases.enumerated() where k.pinned == nil {
                var registration = builder.registrations[c]
                // The norm as planned: the home region's rules, or its own rule (normdagen).
                let deadline = CivilDate(dayNumber: k.deadline)
                if let p = result.schedule.positionOf[c] {
                    let booking = builder.booking(case: c, position: p)
                    hooks.ask(registration, booking: booking, regions: regions)
                    report.booked.append(.init(reference: k.ref, region: booking.region, homeRegion: registration.homeRegion,
                                               date: booking.date.iso, table: booking.table, start: booking.start.description,
                                               childConversation: booking.childStart?.description,
                                               waitingDays: booking.date.days(since: registration.complete),
                                               withinNorm: booking.date <= deadline))
                    if !dryRun {
                        try tx.insert(booking)
                        registration.status = .booked
                        try tx.update(registration)
                    }
                }
                let missed = result.schedule.positionOf[c].map { problem.positions[$0].day > k.deadline } ?? true
                if missed {
                    let reasons = NormExplanation.explain(case: c, in: builder, schedule: result.schedule)
                    let text = MissReason.sentence(reasons)
                    let bookedOn = result.schedule.positionOf[c].map { CivilDate(dayNumber: problem.positions[$0].day).iso }
                    report.misses.append(.init(reference: k.ref, region: registration.homeRegion, deadline: deadline.iso,
                                               bookedOn: bookedOn, explanation: text, reasons: reasons))
                    if !dryRun { try tx.replaceSignal(for: k.ref, with: NormSignal(reference: k.ref, region: registration.homeRegion, deadline: deadline, explanation: text)) }
                } else if !dryRun {
                    try tx.replaceSignal(for: k.ref, with: nil)
                }
            }
            report.bottlenecks = problem.bottlenecks(of: result.schedule).prefix(10).map {
                NormExplanation.describe($0, problem: problem, regions: regions)
            }
            report.tableNotes = builder.notes.filter { $0.kind != .closed && (group?.contains($0.region) ?? true) }
                .map { "\($0.date.dutchShort) \(regions[$0.region]?.name ?? $0.region) tafel \($0.table): \($0.text)" }
            report.warnings += hooks.newFailures(after: report.warnings)
            report.seconds = result.seconds + hooks.seconds   // the rules' work is part of the solving
            let change = "\(report.booked.count) geboekt (\(report.withinNorm) binnen de norm, \(report.inNeighbour) in een buurregio), \(report.misses.count) buiten de norm; periode \(from.iso) t/m \(through.iso)"
                + (group.map { ", regio \($0.sorted().joined(separator: ", "))" } ?? "") + hooks.auditNote
            return (report, change)
    }
}


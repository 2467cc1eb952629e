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
        public var explanation: String
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
    public func plan(from: CivilDate, weeks: Int, region: RegionID?, dryRun: Bool = false,
                     only reference: String? = nil, command: String = "plan") throws -> PlanReport {
        guard (1...104).contains(weeks) else { throw AppError.invalid("--weeks moet tussen 1 en 104 liggen") }
        if let region, regions[region] == nil { throw AppError.unknownRegion(region, known: regions.regions.map(\.id)) }
        let store = try workspace.openStore()
        if dryRun { return try store.read { tx in try plan(in: tx, from: from, weeks: weeks, region: region, dryRun: true, only: reference).0 } }
        return try store.write(command: command) { tx in
            try plan(in: tx, from: from, weeks: weeks, region: region, dryRun: false, only: reference)
        }
    }

    func plan(in tx: StoreTransaction, from: CivilDate, weeks: Int, region: RegionID?, dryRun: Bool,
              only reference: String?) throws -> (PlanReport, change: String) {
            let through = from.adding(days: weeks * 7 - 1)
            let roster = try tx.roster()
            let all = try tx.registrations()
            let byRef = Dictionary(uniqueKeysWithValues: all.map { ($0.reference, $0) })
            let booked = try tx.bookings(from: from, through: through).compactMap { b in byRef[b.reference].map { ($0, b) } }
            let open = all.filter {
                $0.status == .open && (region == nil || $0.homeRegion == region) && (reference == nil || $0.reference == reference)
            }
            let builder = try PlanBuilder(regions: regions, roster: roster, from: from, through: through, open: open, booked: booked,
                                          busy: try tx.busyTimes(), hooks: hooks)
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
                    let text = NormExplanation.explain(case: c, in: builder, schedule: result.schedule)
                    report.misses.append(.init(reference: k.ref, region: registration.homeRegion, deadline: deadline.iso,
                                               bookedOn: result.schedule.positionOf[c].map { CivilDate(dayNumber: problem.positions[$0].day).iso },
                                               explanation: text))
                    if !dryRun { try tx.replaceSignal(for: k.ref, with: NormSignal(reference: k.ref, region: registration.homeRegion, deadline: deadline, explanation: text)) }
                } else if !dryRun {
                    try tx.replaceSignal(for: k.ref, with: nil)
                }
            }
            report.bottlenecks = problem.bottlenecks(of: result.schedule).prefix(10).map {
                NormExplanation.describe($0, problem: problem, regions: regions)
            }
            report.tableNotes = builder.notes.filter { $0.kind != .closed && (region == nil || $0.region == region) }
                .map { "\($0.date.dutchShort) \(regions[$0.region]?.name ?? $0.region) tafel \($0.table): \($0.text)" }
            let change = "\(report.booked.count) geboekt (\(report.withinNorm) binnen de norm, \(report.inNeighbour) in een buurregio), \(report.misses.count) buiten de norm; periode \(from.iso) t/m \(through.iso)" + (region.map { ", regio \($0)" } ?? "")
            return (report, change)
    }
}

extension PlanReport {
    /// The Dutch summary a voorzitter reads.
    public func text(regions: RegionCatalog, listBookings: Bool = true) -> String {
        var out: [String] = []
        out.append("Planning \(from) t/m \(through)" + (stored ? "" : " (proef: niets opgeslagen)"))
        out.append("Open aanmeldingen: \(openCases); geboekt: \(booked.count), waarvan binnen de norm \(withinNorm) (\(inNeighbour) in een buurregio); buiten de norm of niet geboekt: \(misses.count)")
        if listBookings && !booked.isEmpty {
            out.append("")
            out.append("Geboekt:")
            for b in booked.sorted(by: { ($0.date, $0.region, $0.start, $0.reference) < ($1.date, $1.region, $1.start, $1.reference) }) {
                let date = CivilDate(iso: b.date)!.dutchShort
                let place = b.region == b.homeRegion ? (regions[b.region]?.name ?? b.region) : "\(regions[b.region]?.name ?? b.region) (buurregio)"
                let child = b.childConversation.map { ", kindgesprek \($0)" } ?? ""
                out.append("  \(b.reference)  \(date) \(b.start)  \(place), tafel \(b.table)\(child); wachttijd \(b.waitingDays) dagen\(b.withinNorm ? "" : " — BUITEN DE NORM")")
            }
        }
        if !misses.isEmpty {
            out.append("")
            out.append("Buiten de norm (wachttijdsignalering):")
            for m in misses { out.append("  \(m.reference) (\(regions[m.region]?.name ?? m.region), norm \(CivilDate(iso: m.deadline)!.dutchShort)): \(m.explanation)") }
        }
        if !bottlenecks.isEmpty {
            out.append("")
            out.append("Knelpunten:")
            out += bottlenecks.map { "  " + $0 }
        }
        if !tableNotes.isEmpty {
            out.append("")
            out.append("Tafeldagen:")
            out += tableNotes.map { "  " + $0 }
        }
        if !warnings.isEmpty {
            out.append("")
            out += warnings.map { "Let op: " + $0 }
        }
        let gap = lowerBound == 0 ? 0 : Double(objective - lowerBound) / Double(lowerBound) * 100
        out.append("")
        out.append(String(format: "Kwaliteit: kosten %ld, ondergrens %ld (verschil %.2f %%); rekentijd %.2f s", objective, lowerBound, gap, seconds))
        return out.joined(separator: "\n")
    }
}

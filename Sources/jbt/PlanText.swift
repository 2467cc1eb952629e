import Foundation
import JBTUseCases
import JBTCore

extension Text {
    /// The Dutch summary a voorzitter reads.
    static func plan(_ report: PlanReport, regions: RegionCatalog, listBookings: Bool = true) -> String {
        var out: [String] = []
        out.append(
            "Planning \(report.from) t/m \(report.through)" + (report.stored ? "" : " (proef: niets opgeslagen)"))
        out.append(
            "Open aanmeldingen: \(report.openCases); geboekt: \(report.booked.count), waarvan binnen de norm "
                + "\(report.withinNorm) (\(report.inNeighbour) in een buurregio); buiten de norm of niet geboekt: "
                + "\(report.misses.count)"
        )
        if listBookings && !report.booked.isEmpty {
            out.append("")
            out.append("Geboekt:")
            for b in report.booked.sorted(by: {
                ($0.date, $0.region, $0.start, $0.reference) < ($1.date, $1.region, $1.start, $1.reference)
            }) {
                let date = CivilDate(iso: b.date)!.dutchShort
                let place =
                    b.region == b.homeRegion
                    ? (regions[b.region]?.name ?? b.region) : "\(regions[b.region]?.name ?? b.region) (buurregio)"
                let child = b.childConversation.map { ", kindgesprek \($0)" } ?? ""
                out.append(
                    "  \(b.reference)  \(date) \(b.start)  \(place), tafel \(b.table)\(child); "
                        + "wachttijd \(b.waitingDays) dagen\(b.withinNorm ? "" : " — BUITEN DE NORM")"
                )
            }
        }
        if !report.misses.isEmpty {
            out.append("")
            out.append("Buiten de norm (wachttijdsignalering):")
            for m in report.misses {
                out.append(
                    "  \(m.reference) (\(regions[m.region]?.name ?? m.region), "
                        + "norm \(CivilDate(iso: m.deadline)!.dutchShort)): \(m.explanation)"
                )
            }
        }
        if !report.bottlenecks.isEmpty {
            out.append("")
            out.append("Knelpunten:")
            out += report.bottlenecks.map { "  " + $0 }
        }
        if !report.tableNotes.isEmpty {
            out.append("")
            out.append("Tafeldagen:")
            out += report.tableNotes.map { "  " + $0 }
        }
        if !report.warnings.isEmpty {
            out.append("")
            out += report.warnings.map { "Let op: " + $0 }
        }
        let gap =
            report.lowerBound == 0 ? 0 : Double(report.objective - report.lowerBound) / Double(report.lowerBound) * 100
        out.append("")
        out.append(
            String(
                format: "Kwaliteit: kosten %ld, ondergrens %ld (verschil %.2f %%); rekentijd %.2f s", report.objective,
                report.lowerBound, gap, report.seconds))
        return out.joined(separator: "\n")
    }
}

import Foundation
import JBTCalendar
import JBTCore
import JBTStorage

extension App {
    /// Reads busy times (busy VEVENTs, their recurrences, or VFREEBUSY) from an `.ics` for a
    /// rostered person or for a case's family, replacing what was read for them before; the
    /// planner plans around them. Only the planning horizon is kept; a file without busy times
    /// there does not wipe earlier ones (unless it is a VFREEBUSY: free on purpose); busy time
    /// over a booked conversation is reported with the bookings it hits.
    public func importAvailability(path: String, person: String?, reference: String?) throws -> AvailabilityImport {
        guard (person == nil) != (reference == nil) else {
            throw ServiceError.invalid(field: "persoon", "geef precies één van een persoon uit het rooster of een zaak")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ServiceError(.invalidInput, "\(path): bestand bestaat niet of is geen UTF-8-tekst",
                               problems: [.init(file: path, message: "bestand bestaat niet of is geen UTF-8-tekst")])
        }
        let horizon = App.availabilityHorizon(today: dependencies.clock.today())
        guard let (busy, problems) = ICalendar.busyTimes(in: text, window: horizon) else {
            throw ServiceError.invalid("\(path): geen iCalendar-gegevens")
        }
        guard problems.isEmpty else { throw ServiceError.invalid("\(path): \(problems.joined(separator: "; "))") }
        return try workspace.openStore().write(command: "availability import \((path as NSString).lastPathComponent)") { tx in
            let owner: String
            let roster = try tx.roster()
            if let person {
                guard roster.person(person) != nil else {
                    throw ServiceError.notFound("onbekende persoon \"\(person)\" (niet in het rooster)")
                }
                owner = "persoon:" + person
            } else {
                guard try tx.registration(reference!) != nil else { throw ServiceError.unknownReference(reference!) }
                owner = "zaak:" + reference!
            }
            let earlier = try tx.busyTimes()[owner]?.count ?? 0
            let statesFree = text.range(of: "BEGIN:VFREEBUSY", options: .caseInsensitive) != nil
            if busy.isEmpty && earlier > 0 && !statesFree {
                let period = "\(horizon.first.dutchShort) en \(horizon.last.dutchShort)"
                throw ServiceError.invalid("\(path): geen bezette tijden tussen \(period); de \(earlier) eerder ingelezen "
                                       + "bezette tijd(en) van \(person ?? reference!) blijven staan "
                                       + "(een VFREEBUSY zonder bezette tijden wist ze)")
            }
            try tx.replaceBusy(owner: owner, busy.map { ($0.date, $0.start, $0.end) })
            let hits = try bookingsHit(by: busy, person: person, reference: reference, tx: tx, roster: roster)
            let result = AvailabilityImport(owner: person ?? reference!, busy: busy, hits: hits)
            return (result, "\(busy.count) bezette tijd(en) ingelezen voor \(result.owner)")
        }
    }

    /// The dates whose busy times are kept: a year back (plans may start in the past week) to
    /// the longest plan ahead (104 weeks) and a week.
    static func availabilityHorizon(today: CivilDate) -> DateSpan {
        DateSpan(first: today.adding(days: -366), last: today.adding(days: 105 * 7))
    }

    /// The bookings a person (as voorzitter or RvdK officer of the session) or a case's family
    /// cannot attend because of `busy`, the child conversation included.
    func bookingsHit(by busy: [BusyInterval], person: String?, reference: String?, tx: StoreTransaction,
                            roster: Roster) throws -> [StoredBooking] {
        guard let first = busy.map(\.date).min(), let last = busy.map(\.date).max() else { return [] }
        let byDate = Dictionary(grouping: busy, by: \.date)
        var candidates = try tx.bookings(from: first, through: last).filter { byDate[$0.date] != nil }
        if let reference { candidates = candidates.filter { $0.reference == reference } }
        var sessions: [TableSession] = []
        if person != nil, let from = candidates.map(\.date).min(), let through = candidates.map(\.date).max() {
            sessions = TableCalendar.sessions(regions: regions, roster: roster, from: from, through: through).0
        }
        return candidates.filter { booking in
            if let person {
                let session = sessions.first {
                    $0.region == booking.region && $0.date == booking.date && $0.table == booking.table
                }
                guard session?.people.contains(person) == true else { return false }
            }
            let start = (booking.childStart ?? booking.start).minutes
            return byDate[booking.date]!.contains { $0.start < booking.end.minutes && start < $0.end }
        }
    }
}

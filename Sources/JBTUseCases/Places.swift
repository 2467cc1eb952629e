import Foundation
import JBTCore
import JBTScheduling
import JBTStorage

/// Moving one conversation by hand: the places a case could take (within the norm first, and why
/// the others are not allowed), and pinning it at one of them. Nothing else moves.
extension App {
    /// A table place: a region's table on a day at a start time.
    public struct Place: Sendable, Hashable {
        public var region: RegionID
        public var date: CivilDate
        public var table: Int
        public var start: TimeOfDay

        public init(region: RegionID, date: CivilDate, table: Int, start: TimeOfDay) {
            self.region = region
            self.date = date
            self.table = table
            self.start = start
        }
    }

    /// A place as a case would have it: its times, what it means for the norm, and, when the
    /// case may not take it, why.
    public struct PlaceOption: Sendable, Hashable {
        public var place: Place
        public var end: TimeOfDay
        /// The child conversation's start, when the case has one.
        public var childStart: TimeOfDay?
        public var withinNorm: Bool
        /// At a neighbouring region's table.
        public var neighbour: Bool
        public var waitingDays: Int
        /// Why the case cannot take this place ("bezet door …", "gezin of aanmelder verhinderd"); nil
        /// when it can.
        public var refusal: String?
        /// The case's own booking is here now.
        public var current: Bool
    }

    /// What pinning did: where the case was, where it is now, pinned.
    public struct PinResult: Sendable {
        public var reference: String
        public var previous: StoredBooking?
        public var booking: StoredBooking
        public var withinNorm: Bool
    }

    /// The places of `weeks` weeks from `from` at the case's home region and its neighbours: the
    /// ones it may take first (within the norm, then by date and time), then, with `all`, the
    /// others with the reason each is not allowed. Every other booking stays where it is.
    public func places(for reference: String, from: CivilDate, weeks: Int, all: Bool = false) throws -> [PlaceOption] {
        guard (1...104).contains(weeks) else { throw ServiceError.invalid(field: "weken", "moet tussen 1 en 104 liggen") }
        return try workspace.openStore().read { tx in
            let options = try placeOptions(tx, reference: reference, from: from, weeks: weeks).options
            return all ? options : options.filter { $0.refusal == nil }
        }
    }

    /// Books the case at `place` by hand and pins it there: `plan` keeps it, `reschedule` refuses it
    /// until it is unpinned. Refused (conflict) when the case may not take the place, with the reason.
    public func pin(reference: String, at place: Place, from: CivilDate, weeks: Int) throws -> PinResult {
        guard (1...104).contains(weeks) else { throw ServiceError.invalid(field: "weken", "moet tussen 1 en 104 liggen") }
        return try workspace.openStore().write(command: "pin \(reference)") { tx in
            try refuseIfHeld(tx, reference: reference, action: "verplaatst")
            let (options, builder, c) = try placeOptions(tx, reference: reference, from: from, weeks: weeks)
            guard let index = options.firstIndex(where: { $0.place == place }) else {
                throw ServiceError.notFound("geen plek op \(place.date.dutchShort) \(place.start) aan tafel \(place.table) van "
                    + "\(regions[place.region]?.name ?? place.region) in de planperiode")
            }
            let option = options[index]
            if let refusal = option.refusal {
                throw ServiceError.conflict("\(reference) kan niet op \(place.date.dutchShort) \(place.start): \(refusal)")
            }
            let previous = try tx.booking(reference)
            let p = builder.problem.positions.indices.first { builder.place(of: $0) == place }!
            let booking = builder.booking(case: c, position: p)
            if previous != nil { try tx.deleteBooking(reference) }
            try tx.insert(booking)
            var registration = builder.registrations[c]
            registration.status = .booked
            registration.pinned = true
            try tx.update(registration)
            let deadline = CivilDate(dayNumber: builder.problem.cases[c].deadline)
            let late = booking.date.days(since: deadline)
            let signal = late > 0
                ? NormSignal(reference: reference, region: registration.homeRegion, deadline: deadline,
                             explanation: MissReason.sentence([.bookedLate(on: booking.date, daysLate: late)]))
                : nil
            try tx.replaceSignal(for: reference, with: signal)
            let was = previous.map { "\($0.region) \($0.date.iso) \($0.start) → " } ?? ""
            let change = "vastgezet: \(was)\(booking.region) \(booking.date.iso) \(booking.start) tafel \(booking.table)"
            return (PinResult(reference: reference, previous: previous, booking: booking, withinNorm: late <= 0), change)
        }
    }

    /// The home region of a registered case.
    public func homeRegion(of reference: String) throws -> RegionID {
        guard let r = try workspace.openStore().read({ try $0.registration(reference) }) else {
            throw ServiceError.unknownReference(reference)
        }
        return r.homeRegion
    }

    /// Lets the planner and `reschedule` move the case again.
    public func unpin(reference: String) throws -> Registration {
        try workspace.openStore().write(command: "pin \(reference) los") { tx in
            guard var registration = try tx.registration(reference) else { throw ServiceError.unknownReference(reference) }
            guard registration.pinned == true else { throw ServiceError.conflict("\(reference) is niet vastgezet") }
            registration.pinned = nil
            try tx.update(registration)
            return (registration, "losgemaakt")
        }
    }

    /// Every place of the horizon in the case's region and its neighbours, judged for the case with
    /// every other booking kept, sorted: allowed within the norm, allowed, not allowed.
    func placeOptions(_ tx: any StoreTransaction, reference: String, from: CivilDate, weeks: Int) throws
        -> (options: [PlaceOption], builder: PlanBuilder, case: Int)
    {
        guard var registration = try tx.registration(reference) else { throw ServiceError.unknownReference(reference) }
        guard registration.status != .cancelled else { throw ServiceError.conflict("\(reference) is geannuleerd") }
        let through = from.adding(days: weeks * 7 - 1)
        let all = try tx.registrations()
        let byRef = Dictionary(uniqueKeysWithValues: all.map { ($0.reference, $0) })
        let current = try tx.booking(reference)
        let booked = try tx.bookings(from: from, through: through).filter { $0.reference != reference }
            .compactMap { b in byRef[b.reference].map { ($0, b) } }
        registration.status = .open
        let builder = try PlanBuilder(regions: regions, roster: try tx.roster(), from: from, through: through,
                                      open: [registration], booked: booked, busy: try tx.busyTimes(), hooks: hooks)
        let problem = builder.problem
        guard let c = problem.cases.firstIndex(where: { $0.ref == reference && $0.pinned == nil }) else {
            throw ServiceError.conflict("\(reference) kan in deze periode nergens: de regels van de regio ontbreken")
        }
        let k = problem.cases[c]
        var pinnedAt: [Int: Int] = [:]
        var base = Schedule(positionOf: problem.cases.map(\.pinned))
        for (other, q) in base.positionOf.enumerated() {
            if let q { pinnedAt[q] = other }
        }
        let region = problem.regionIDs[k.home]
        let nearby = Set([k.home] + problem.neighbours[k.home])
        var options: [PlaceOption] = []
        for p in problem.positions.indices where nearby.contains(problem.positions[p].region) {
            let q = problem.positions[p]
            let place = builder.place(of: p)
            var refusal: String?
            if let why = refusalReason(k, q, home: region, problem: problem) {
                refusal = why
            } else if let other = pinnedAt[p] {
                refusal = "bezet door \(problem.cases[other].ref)"
            } else {
                base.positionOf[c] = p
                let clash = problem.violations(of: base).first { $0.contains(reference) }
                base.positionOf[c] = nil
                refusal = clash.map { "iemand is dan al bij een ander gesprek (\($0))" }
            }
            let child = k.child ? TimeOfDay(minutes: q.childStart) : nil
            options.append(PlaceOption(
                place: place, end: TimeOfDay(minutes: q.end), childStart: child, withinNorm: q.day <= k.deadline,
                neighbour: q.region != k.home, waitingDays: q.day - k.complete, refusal: refusal,
                current: current.map { Place(region: $0.region, date: $0.date, table: $0.table, start: $0.start) == place }
                    ?? false))
        }
        // Allowed before refused, within the norm before after it, home before a neighbour; then time.
        func key(_ o: PlaceOption) -> (Int, Int, Int, Int) {
            let rank = (o.refusal == nil ? 0 : 4) + (o.withinNorm ? 0 : 2) + (o.neighbour ? 1 : 0)
            return (rank, o.place.date.dayNumber, o.place.start.minutes, o.place.table)
        }
        options.sort { a, b in
            key(a) != key(b) ? key(a) < key(b) : a.place.region < b.place.region
        }
        return (options, builder, c)
    }

    /// Why a case may not take a position, leaving other bookings aside; nil when it may.
    func refusalReason(_ k: SchedulingProblem.Case, _ q: SchedulingProblem.Position, home: RegionID,
                       problem: SchedulingProblem) -> String? {
        if q.day < k.earliest { return "vóór \(CivilDate(dayNumber: k.earliest).dutchShort): te weinig voorbereidingstijd" }
        if k.unavailable.contains(q.day) { return "gezin of aanmelder verhinderd" }
        if !q.types.contains(k.type) { return "hier wordt geen \(k.type.dutchName) gehouden" }
        if q.refused & (1 << UInt64(k.ruleClass)) != 0 { return "de eigen regel van de regio laat het hier niet toe" }
        if k.child && !q.childAllowed { return "geen ruimte voor het kindgesprek vooraf" }
        if q.region != k.home {
            if !problem.neighbours[k.home].contains(q.region) { return "geen buurregio van \(home)" }
            if q.day > k.deadline { return "bij een buurregio alleen binnen de norm" }
        }
        return nil
    }
}

extension PlanBuilder {
    /// The table place of a position.
    func place(of p: Int) -> App.Place {
        let q = problem.positions[p]
        return App.Place(region: problem.regionIDs[q.region], date: CivilDate(dayNumber: q.day), table: q.table,
                         start: TimeOfDay(minutes: q.start))
    }
}

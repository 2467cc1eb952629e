import JBTCore
import JBTRules
import JBTScheduling
import JBTStorage

/// Turns regions, roster, registrations and existing bookings into the scheduler's problem, and
/// keeps the maps needed to turn its answer back into bookings.
struct PlanBuilder {
    let regions: RegionCatalog
    let roster: Roster
    let from: CivilDate
    let through: CivilDate
    var problem: SchedulingProblem
    var registrations: [Registration]       // parallel to problem.cases
    var sessions: [TableSession]
    var notes: [TableNote]
    var positionSession: [Int]             // position → index into sessions (-1: a kept booking off the grid)
    var warnings: [String] = []
    /// The rules asked while building (the norm explanation asks them why a place was refused).
    var hooks: RuleHooks = .none

    init(regions: RegionCatalog, roster: Roster, from: CivilDate, through: CivilDate,
         open: [Registration], booked: [(Registration, StoredBooking)], weights: SchedulingProblem.Weights = .init(),
         busy: [String: [(date: CivilDate, start: Int, end: Int)]] = [:], hooks: RuleHooks = .none,
         origins: [String: String] = [:]) throws {
        self.regions = regions; self.roster = roster; self.from = from; self.through = through
        self.hooks = hooks
        let (sessions, notes) = TableCalendar.sessions(regions: regions, roster: roster, from: from, through: through)
        self.sessions = sessions
        self.notes = notes
        let regionIDs = regions.regions.map(\.id)
        let regionIndex = Dictionary(uniqueKeysWithValues: regionIDs.enumerated().map { ($1, $0) })
        var people: [String] = []
        var personIndex: [String: Int] = [:]
        func person(_ id: String) -> Int {
            if let i = personIndex[id] { return i }
            personIndex[id] = people.count; people.append(id); return people.count - 1
        }
        var positions: [SchedulingProblem.Position] = []
        var positionSession: [Int] = []
        // What a region's `toelaten` hook sees of each position (nil: off the grid).
        var slots: [HookSlot?] = [], slotRules: [RegionRules?] = []
        var positionAt: [String: Int] = [:]
        for (s, session) in sessions.enumerated() {
            // The rules in force on the session's day (a session exists only where rules are).
            let rules = regions.rules(session.region, on: session.date)!
            // A rostered person's busy times (jbt availability import): a position whose
            // conversation overlaps them is not offered; one whose child slot does loses that slot.
            let busyToday = session.people.flatMap { busy["persoon:" + $0] ?? [] }.filter { $0.date == session.date }
            for start in session.starts {
                let childStart = start.minutes - rules.childConversationMinutes
                let end = start.minutes + rules.conversationMinutes
                if busyToday.contains(where: { $0.start < end && start.minutes < $0.end }) { continue }
                let childFree = !busyToday.contains { $0.start < start.minutes && childStart < $0.end }
                positionAt["\(session.region)|\(session.date.iso)|\(session.table)|\(start.minutes)"] = positions.count
                positions.append(.init(region: regionIndex[session.region]!, day: session.date.dayNumber, table: session.table,
                                       start: start.minutes, end: end,
                                       childStart: childStart, childAllowed: childStart >= rules.dayOpens && childFree,
                                       people: session.people.map(person), types: rules.meetingTypes))
                positionSession.append(s)
                slots.append(hooks.isEmpty ? nil : hooks.hookSlot(rules, date: session.date, start: start, table: session.table))
                slotRules.append(rules)
            }
        }
        var cases: [SchedulingProblem.Case] = []
        var registrations: [Registration] = []
        var warnings: [String] = []
        for (registration, booking) in booked {
            let key = "\(booking.region)|\(booking.date.iso)|\(booking.table)|\(booking.start.minutes)"
            let p: Int
            if let existing = positionAt[key] {
                p = existing
            } else {
                // The table this booking sits at is no longer in the calendar (closure, roster):
                // the booking stays where it is, and the user is told.
                warnings.append("\(registration.reference) blijft geboekt op \(booking.date.dutchShort) \(booking.start) in \(booking.region), maar daar zit volgens de huidige regels en het rooster geen tafel")
                p = positions.count
                positions.append(.init(region: regionIndex[booking.region] ?? 0, day: booking.date.dayNumber, table: booking.table,
                                       start: booking.start.minutes, end: booking.end.minutes,
                                       childStart: booking.childStart?.minutes ?? booking.start.minutes, childAllowed: true,
                                       people: [], types: Set(MeetingType.allCases)))
                positionSession.append(-1)
                slots.append(nil); slotRules.append(nil)
            }
            guard let rules = regions.rules(registration.homeRegion, near: registration.complete) else { continue }
            // A kept booking is pinned with exactly the busy time it was booked with.
            let child = booking.childStart != nil
            var pinned = PlanBuilder.makeCase(registration, rules: rules, regionIndex: regionIndex, from: from, hooks: hooks)
            pinned.child = child
            pinned.pinned = p
            if child { positions[p].childAllowed = true }
            pinned.earliest = min(pinned.earliest, booking.date.dayNumber)
            pinned.unavailable.remove(booking.date.dayNumber)
            pinned.people = PlanBuilder.ownPeople(registration, origins: origins).map(person)
            cases.append(pinned)
            registrations.append(registration)
        }
        for var registration in open {
            // A family's busy times make a day unavailable when they overlap the home table's hours.
            if let rules = regions.rules(registration.homeRegion, near: registration.complete), let times = busy["zaak:" + registration.reference] {
                let opens = rules.dayOpens, closes = (rules.startTimes.last?.minutes ?? 0) + rules.conversationMinutes
                let days = times.filter { $0.start < closes && opens < $0.end }.map(\.date)
                registration.unavailable = Array(Set(registration.unavailable + days)).sorted()
            }
            // The norm and the child age of the home region's rules in force when the case became complete.
            guard let rules = regions.rules(registration.homeRegion, near: registration.complete) else {
                warnings.append("\(registration.reference): regio \(registration.homeRegion) is niet (meer) geladen; niet gepland")
                continue
            }
            guard registration.earliestDate(in: rules) <= through else { continue }
            var open = PlanBuilder.makeCase(registration, rules: rules, regionIndex: regionIndex, from: from,
                                            hooks: hooks)
            open.people = PlanBuilder.ownPeople(registration, origins: origins).map(person)
            cases.append(open)
            registrations.append(registration)
        }
        self.registrations = registrations
        self.positionSession = positionSession
        self.warnings = warnings
        problem = SchedulingProblem(regionIDs: regionIDs,
                                    neighbours: regions.regions.map { $0.neighbours.compactMap { regionIndex[$0] } },
                                    people: people, positions: positions, cases: cases, weights: weights)
        try hooks.applyAdmission(to: &problem, registrations: registrations, regions: regions, slots: slots, slotRules: slotRules)
        self.warnings += hooks.failures
    }

    static func makeCase(_ r: Registration, rules: RegionRules, regionIndex: [RegionID: Int], from: CivilDate,
                         hooks: RuleHooks) -> SchedulingProblem.Case {
        let earliest = max(r.earliestDate(in: rules), from)
        return .init(ref: r.reference, home: regionIndex[r.homeRegion]!, type: r.type, complete: r.complete.dayNumber,
                     earliest: earliest.dayNumber, deadline: hooks.deadline(r, home: rules).dayNumber,
                     child: r.needsChildConversation(on: earliest, threshold: rules.childAgeThreshold),
                     unavailable: Set(r.unavailable.map(\.dayNumber)))
    }

    func booking(case c: Int, position p: Int) -> StoredBooking {
        let q = problem.positions[p]
        let k = problem.cases[c]
        return StoredBooking(reference: k.ref, region: problem.regionIDs[q.region], date: CivilDate(dayNumber: q.day),
                             table: q.table, start: TimeOfDay(minutes: q.start), end: TimeOfDay(minutes: q.end),
                             childStart: k.child ? TimeOfDay(minutes: q.childStart) : nil)
    }
}

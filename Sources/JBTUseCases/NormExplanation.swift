import JBTCore
import JBTRules
import JBTScheduling

/// Why a case misses the norm, in words a voorzitter can act on.
enum NormExplanation {
    static func explain(case c: Int, in builder: PlanBuilder, schedule: Schedule) -> [MissReason] {
        let problem = builder.problem
        let k = problem.cases[c]
        let homeID = problem.regionIDs[k.home]
        let rules = builder.regions.rules(homeID, near: CivilDate(dayNumber: k.complete))!
        let earliest = CivilDate(dayNumber: k.earliest), deadline = CivilDate(dayNumber: k.deadline)
        var reasons: [MissReason] = []
        if let failure = builder.hooks.normFailure(builder.registrations[c], home: rules) {
            reasons.append(.normRuleFailed(region: rules.name, normDays: rules.normDays, failure: located(failure)))
        }
        if k.earliest > k.deadline {
            reasons.append(.startsAfterNorm(earliest: earliest, deadline: deadline))
        } else {
            let home = problem.positions.indices.filter {
                problem.positions[$0].region == k.home && (k.earliest...k.deadline).contains(problem.positions[$0].day)
            }
            if home.isEmpty {
                let closed = builder.notes.filter { $0.region == homeID && (earliest...deadline).contains($0.date) }
                let why = Set(closed.map { "\($0.date.dutchShort): \($0.text)" }).sorted()
                reasons.append(.noTable(region: rules.name, from: earliest, through: deadline, closures: why))
            } else if !rules.meetingTypes.contains(k.type) {
                reasons.append(.typeNotHeld(region: rules.name, type: k.type.dutchName))
            } else {
                let days = Set(home.map { problem.positions[$0].day })
                let blockedDays = days.filter { k.unavailable.contains($0) }.sorted()
                if !blockedDays.isEmpty {
                    reasons.append(.unavailable(days: blockedDays.map { CivilDate(dayNumber: $0) }))
                }
                if let why = ruleRefusal(case: c, at: home, in: builder, name: rules.name) { reasons.append(why) }
                let usable = home.filter { problem.allows(c, $0) }
                if k.child && usable.isEmpty && home.contains(where: { !problem.positions[$0].childAllowed }) {
                    reasons.append(.noRoomForChildConversation)
                }
                if !usable.isEmpty {
                    reasons.append(.homeFull(region: rules.name, places: usable.count, from: earliest, through: deadline))
                }
            }
            let neighbourNames = rules.neighbours.compactMap { builder.regions[$0]?.name }
            if neighbourNames.isEmpty {
                reasons.append(.noNeighbour)
            } else if k.earliest <= k.deadline {
                let usable = problem.positions.indices.filter { problem.positions[$0].region != k.home && problem.allows(c, $0) }
                let near = problem.positions.indices.filter {
                    problem.positions[$0].region != k.home && rules.neighbours.contains(problem.regionIDs[problem.positions[$0].region])
                        && (k.earliest...k.deadline).contains(problem.positions[$0].day)
                }
                if let why = ruleRefusal(case: c, at: near, in: builder, name: "de buurregio's") { reasons.append(why) }
                reasons.append(usable.isEmpty
                    ? .neighboursNoTable(neighbours: neighbourNames, from: earliest, through: deadline)
                    : .neighboursFull(neighbours: neighbourNames, places: usable.count))
            }
        }
        if let p = schedule.positionOf[c] {
            let date = CivilDate(dayNumber: problem.positions[p].day)
            reasons.append(.bookedLate(on: date, daysLate: date.days(since: deadline)))
        } else {
            reasons.append(.notBooked(through: builder.through))
        }
        return reasons
    }

    /// The places of `positions` a region's own rule (`toelaten`) refused to case `c` because it
    /// failed there (its "no" was no decision at all), so a municipality is not told the tables were
    /// full when a rule broke. A rule that answered "no" is the region's policy: not a reason here.
    static func ruleRefusal(case c: Int, at positions: [Int], in builder: PlanBuilder, name: String) -> MissReason? {
        let problem = builder.problem
        let k = problem.cases[c]
        let refused = positions.filter { problem.positions[$0].refused & (1 << UInt64(k.ruleClass)) != 0 }
        guard !refused.isEmpty else { return nil }
        let r = builder.registrations[c]
        let home = builder.regions.rules(r.homeRegion, near: r.complete)
        let failures = refused.compactMap { p -> RuleFailure? in
            let q = problem.positions[p]
            let date = CivilDate(dayNumber: q.day)
            guard let home, let table = builder.regions.rules(problem.regionIDs[q.region], on: date) else { return nil }
            return builder.hooks.admissionFailure(r, home: home, table: table, date: date, start: TimeOfDay(minutes: q.start),
                                                  tableNumber: q.table)
        }
        guard let failure = failures.first else { return nil }
        return .ruleFailed(region: name, hook: failure.hook, places: failures.count, failure: located(failure))
    }

    /// A failure's place and message, for inside a reason: "regels.lua:3: tabel kwijt".
    static func located(_ failure: RuleFailure) -> String {
        let place = failure.line.map { "\(failure.file):\($0)" } ?? failure.file
        return failure.kind == .totalBudget ? "\(place): rekengrens voor dit commando bereikt" : "\(place): \(failure.message)"
    }

    static func describe(_ b: Bottleneck, problem: SchedulingProblem, regions: RegionCatalog) -> String {
        let names = b.regions.map { regions[problem.regionIDs[$0]]?.name ?? problem.regionIDs[$0] }
        let list = names.count <= 1 ? (names.first ?? "") : names.dropLast().joined(separator: ", ") + " en " + names.last!
        return "In \(names.count == 1 ? "regio" : "de regio's") \(list) tussen \(CivilDate(dayNumber: b.firstDay).dutchShort) en \(CivilDate(dayNumber: b.lastDay).dutchShort) concurreren \(b.cases) aanmeldingen om \(b.places) plekken; \(b.missing) halen de norm niet."
    }
}

import JBTCore
import JBTScheduling

/// Why a case misses the norm, in words a voorzitter can act on.
enum NormExplanation {
    static func explain(case c: Int, in builder: PlanBuilder, schedule: Schedule) -> String {
        let problem = builder.problem
        let k = problem.cases[c]
        let homeID = problem.regionIDs[k.home]
        let rules = builder.regions.rules(homeID, near: CivilDate(dayNumber: k.complete))!
        let earliest = CivilDate(dayNumber: k.earliest), deadline = CivilDate(dayNumber: k.deadline)
        var reasons: [String] = []
        if k.earliest > k.deadline {
            reasons.append("kan pas vanaf \(earliest.dutchShort), na de normdatum \(deadline.dutchShort)")
        } else {
            let window = "tussen \(earliest.dutchShort) en \(deadline.dutchShort)"
            let home = problem.positions.indices.filter {
                problem.positions[$0].region == k.home && (k.earliest...k.deadline).contains(problem.positions[$0].day)
            }
            if home.isEmpty {
                let closed = builder.notes.filter { $0.region == homeID && (earliest...deadline).contains($0.date) }
                let why = Set(closed.map { "\($0.date.dutchShort): \($0.text)" }).sorted()
                reasons.append("geen tafel in \(rules.name) \(window)" + (why.isEmpty ? "" : " (" + why.joined(separator: "; ") + ")"))
            } else if !rules.meetingTypes.contains(k.type) {
                reasons.append("\(rules.name) houdt geen \(k.type.dutchName)")
            } else {
                let days = Set(home.map { problem.positions[$0].day })
                let blockedDays = days.filter { k.unavailable.contains($0) }.sorted()
                if !blockedDays.isEmpty {
                    reasons.append("gezin of aanmelder verhinderd op " + blockedDays.map { CivilDate(dayNumber: $0).dutchShort }.joined(separator: ", "))
                }
                let usable = home.filter { problem.allows(c, $0) }
                if k.child && usable.isEmpty && home.contains(where: { !problem.positions[$0].childAllowed }) {
                    reasons.append("geen plek met ruimte voor het kindgesprek vooraf")
                }
                if !usable.isEmpty {
                    reasons.append("alle \(usable.count) passende plekken in \(rules.name) \(window) zijn bezet")
                }
            }
            let neighbourNames = rules.neighbours.compactMap { builder.regions[$0]?.name }
            if neighbourNames.isEmpty {
                reasons.append("geen buurregio ingesteld om uit te wijken")
            } else if k.earliest <= k.deadline {
                let usable = problem.positions.indices.filter { problem.positions[$0].region != k.home && problem.allows(c, $0) }
                reasons.append(usable.isEmpty
                    ? "ook bij de buurregio's (\(neighbourNames.joined(separator: ", "))) geen passende tafel \(window)"
                    : "de \(usable.count) passende plekken bij de buurregio's (\(neighbourNames.joined(separator: ", "))) zijn ook bezet")
            }
        }
        if let p = schedule.positionOf[c] {
            let date = CivilDate(dayNumber: problem.positions[p].day)
            let late = date.days(since: deadline)
            reasons.append("geboekt op \(date.dutchShort), \(late) \(late == 1 ? "dag" : "dagen") na de normdatum")
        } else {
            reasons.append("niet geboekt binnen de planperiode (t/m \(builder.through.dutchShort))")
        }
        return reasons.joined(separator: "; ")
    }

    static func describe(_ b: Bottleneck, problem: SchedulingProblem, regions: RegionCatalog) -> String {
        let names = b.regions.map { regions[problem.regionIDs[$0]]?.name ?? problem.regionIDs[$0] }
        let list = names.count <= 1 ? (names.first ?? "") : names.dropLast().joined(separator: ", ") + " en " + names.last!
        return "In \(names.count == 1 ? "regio" : "de regio's") \(list) tussen \(CivilDate(dayNumber: b.firstDay).dutchShort) en \(CivilDate(dayNumber: b.lastDay).dutchShort) concurreren \(b.cases) aanmeldingen om \(b.places) plekken; \(b.missing) halen de norm niet."
    }
}

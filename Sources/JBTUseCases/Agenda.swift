import JBTCore
import JBTStorage

extension App {
    /// Parses `2026-W49` into the Monday of that ISO week.
    public static func monday(ofWeek text: String) throws -> CivilDate {
        let parts = text.uppercased().split(separator: "W")
        guard parts.count == 2, parts[0].hasSuffix("-"), let year = Int(parts[0].dropLast()), let week = Int(parts[1]),
              let monday = CivilDate.mondayOf(isoYear: year, week: week), AcceptedDates.contains(monday) else {
            throw ServiceError.invalid("\"\(text)\" is geen geldige week; schrijf JJJJ-Www, bijvoorbeeld 2026-W49")
        }
        return monday
    }

    /// The voorzitter's table day(s) of one week: times, case references, who is expected, which
    /// conversations have a child conversation. Only references and initials: no names of children.
    public func agenda(region: RegionID, week: String) throws -> AgendaWeek {
        guard regions[region] != nil else { throw ServiceError.unknownRegion(region, known: regions.regions.map(\.id)) }
        let monday = try App.monday(ofWeek: week)
        // The rules in force that week (dated rules); per day below.
        let rules = regions.rules(region, near: monday)!
        let sunday = monday.adding(days: 6)
        let (roster, bookings, registrations, answers, followUps) = try workspace.openStore().read { tx in
            let bookings = try tx.bookings(region: region, from: monday, through: sunday)
            var answers: [String: String] = [:]
            for b in bookings {
                // The counts, then who answered what (with their comments) on lines of their own.
                answers[b.reference] = try App.replySummary(tx, reference: b.reference).map { summary in
                    try ([summary] + App.replyDetails(tx,
                        reference: b.reference)).joined(separator: "\n                 ")
                }
            }
            return (try tx.roster(), bookings, try tx.registrations(), answers, try tx.followUps())
        }
        let byRef = Dictionary(uniqueKeysWithValues: registrations.map { ($0.reference, $0) })
        let (sessions, notes) = TableCalendar.sessions(regions: regions, roster: roster, from: monday, through: sunday)
        let mine = sessions.filter { $0.region == region }
        var agenda = AgendaWeek(rules: rules, week: week.uppercased(), monday: monday, sunday: sunday,
                                notes: notes.filter { $0.region == region }, writtenEvaluations: [], days: [])
        // Written evaluations (from a verslag) due this week, for the voorzitter to chase.
        let homeOf = Dictionary(uniqueKeysWithValues: registrations.map { ($0.reference, $0.homeRegion) })
        agenda.writtenEvaluations = followUps.filter {
            $0.form == .written && $0.due >= monday && $0.due <= sunday && homeOf[$0.reference] == region
        }
        for date in Set(mine.map(\.date) + bookings.map(\.date)).sorted() {
            let rules = regions.rules(region, near: date)!
            var day = AgendaWeek.Day(date: date, tables: [])
            let numbers = Set(mine.filter { $0.date == date }.map(\.table) + bookings.filter { $0.date == date }.map(\.table))
            for table in numbers.sorted() {
                let session = mine.first { $0.date == date && $0.table == table }
                var entry = AgendaWeek.Table(number: table, sitting: session != nil,
                                             chair: session?.chair.flatMap { roster.person($0)?.name },
                                             boardOfficer: session?.boardOfficer.flatMap { roster.person($0)?.name }, slots: [])
                let booked = bookings.filter { $0.date == date && $0.table == table }
                let starts = Set((session?.starts ?? []) + booked.map(\.start)).sorted()
                for start in starts {
                    guard let b = booked.first(where: { $0.start == start }), let r = byRef[b.reference] else {
                        entry.slots.append(.free(start))
                        continue
                    }
                    entry.slots.append(.booked(conversation(b, r, rules: rules, region: region, answers: answers[b.reference])))
                }
                day.tables.append(entry)
            }
            agenda.days.append(day)
        }
        agenda.ruleFailures = hooks.failures
        return agenda
    }

    /// One booked conversation as the agenda shows it.
    func conversation(_ b: StoredBooking, _ r: Registration, rules: RegionRules, region: RegionID,
                      answers: String?) -> AgendaWeek.Conversation {
        let date = b.date
        var child: AgendaWeek.ChildConversation?
        if let start = b.childStart {
            let children = r.children.filter { $0.age(on: date) >= rules.childAgeThreshold }
                .map { AgendaWeek.Child(initials: $0.initials, age: $0.age(on: date)) }
            child = .init(start: start, children: children)
        }
        var expected = ["voorzitter", "RvdK", r.parents.count == 1 ? "ouder" : "\(r.parents.count) ouders",
                        "aanmelder (\(r.referrer.organisation ?? r.referrer.name))"]
        if rules.giParticipation == .fixed || r.type == .otsBeeindiging || r.childProtectionWorker != nil {
            expected.append(r.shielded ? "jeugdbeschermer (LET JB, afgeschermd)" : "jeugdbeschermer")
        } else {
            expected.append("GI op afroep")
        }
        var location: String?
        if let homeRules = regions.rules(r.homeRegion, near: r.complete) {
            expected += hooks.extraParticipants(r, home: homeRules)
            let place = hooks.location(r, home: homeRules, table: rules, date: date, start: b.start, tableNumber: b.table)
            if place != rules.location {
                expected.append("locatie: \(place)")
                location = place
            }
        }
        return AgendaWeek.Conversation(booking: b, type: r.type, homeRegion: r.homeRegion,
                                       fromNeighbour: r.homeRegion != region, shielded: r.shielded,
                                       child: child, expected: expected, location: location, answers: answers)
    }
}

import JBTCore
import JBTStorage

extension App {
    /// Parses `2026-W49` into the Monday of that ISO week.
    public static func monday(ofWeek text: String) throws -> CivilDate {
        let parts = text.uppercased().split(separator: "W")
        guard parts.count == 2, parts[0].hasSuffix("-"), let year = Int(parts[0].dropLast()), let week = Int(parts[1]),
              let monday = CivilDate.mondayOf(isoYear: year, week: week) else {
            throw AppError.invalid("\"\(text)\" is geen geldige week; schrijf JJJJ-Www, bijvoorbeeld 2026-W49")
        }
        return monday
    }

    /// The voorzitter's table day(s) of one week: times, case references, who is expected, which
    /// conversations have a child conversation. Only references and initials: no names of children.
    public func agenda(region: RegionID, week: String) throws -> String {
        guard regions[region] != nil else { throw AppError.unknownRegion(region, known: regions.regions.map(\.id)) }
        let monday = try App.monday(ofWeek: week)
        // The rules in force that week (dated rules); per day below.
        let rules = regions.rules(region, near: monday)!
        let sunday = monday.adding(days: 6)
        let (roster, bookings, registrations, answers, followUps) = try workspace.openStore().read { tx in
            let bookings = try tx.bookings(region: region, from: monday, through: sunday)
            var answers: [String: String] = [:]
            for b in bookings { answers[b.reference] = try App.replySummary(tx, reference: b.reference) }
            return (try tx.roster(), bookings, try tx.registrations(), answers, try tx.followUps())
        }
        let byRef = Dictionary(uniqueKeysWithValues: registrations.map { ($0.reference, $0) })
        let (sessions, notes) = TableCalendar.sessions(regions: regions, roster: roster, from: monday, through: sunday)
        let mine = sessions.filter { $0.region == region }
        var out = ["Agenda \(rules.name), week \(week.uppercased()) (\(monday.dutchShort) t/m \(sunday.dutchShort))",
                   "Locatie: \(rules.location)"]
        for note in notes where note.region == region { out.append("  \(note.date.dutchShort) tafel \(note.table): \(note.text)") }
        // Written evaluations (from a verslag) due this week, for the voorzitter to chase.
        let homeOf = Dictionary(uniqueKeysWithValues: registrations.map { ($0.reference, $0.homeRegion) })
        let written = followUps.filter { $0.form == .written && $0.due >= monday && $0.due <= sunday && homeOf[$0.reference] == region }
        for f in written { out.append("Schriftelijke evaluatie \(f.reference) uiterlijk \(f.due.dutchShort) (uit verslag versie \(f.version))") }
        if mine.isEmpty && bookings.isEmpty { out.append("Geen tafel deze week."); return out.joined(separator: "\n") }
        let days = Set(mine.map(\.date) + bookings.map(\.date)).sorted()
        for date in days {
            let rules = regions.rules(region, near: date)!
            for table in Set(mine.filter { $0.date == date }.map(\.table) + bookings.filter { $0.date == date }.map(\.table)).sorted() {
                let session = mine.first { $0.date == date && $0.table == table }
                out.append("")
                var header = "\(date.dutchShort) — tafel \(table)"
                if let session {
                    header += ": voorzitter \(session.chair.flatMap { roster.person($0)?.name } ?? "(niet ingeroosterd)")"
                    header += ", RvdK \(session.boardOfficer.flatMap { roster.person($0)?.name } ?? "(niet ingeroosterd)")"
                }
                out.append(header)
                let booked = bookings.filter { $0.date == date && $0.table == table }
                let starts = Set((session?.starts ?? []) + booked.map(\.start)).sorted()
                for start in starts {
                    guard let b = booked.first(where: { $0.start == start }), let r = byRef[b.reference] else {
                        out.append("  \(start)  — vrij —")
                        continue
                    }
                    if let child = b.childStart {
                        let children = r.children.filter { $0.age(on: date) >= rules.childAgeThreshold }
                            .map { "\($0.initials) (\($0.age(on: date)))" }.joined(separator: ", ")
                        out.append("  \(child)  \(b.reference)  kindgesprek zonder ouders: \(children); voorzitter en RvdK")
                    }
                    var expected = ["voorzitter", "RvdK", r.parents.count == 1 ? "ouder" : "\(r.parents.count) ouders",
                                    "aanmelder (\(r.referrer.organisation ?? r.referrer.name))"]
                    if rules.giParticipation == .fixed || r.type == .otsBeeindiging || r.childProtectionWorker != nil {
                        expected.append(r.shielded ? "jeugdbeschermer (LET JB, afgeschermd)" : "jeugdbeschermer")
                    } else {
                        expected.append("GI op afroep")
                    }
                    if let homeRules = regions.rules(r.homeRegion, near: r.complete) {
                        expected += hooks.extraParticipants(r, home: homeRules)
                        let place = hooks.location(r, home: homeRules, table: rules, date: date, start: b.start, tableNumber: table)
                        if place != rules.location { expected.append("locatie: \(place)") }
                    }
                    let home = r.homeRegion == region ? "" : " [uit \(regions[r.homeRegion]?.name ?? r.homeRegion)]"
                    out.append("  \(b.start)–\(b.end)  \(b.reference)  \(r.type.dutchName)\(home); verwacht: \(expected.joined(separator: ", "))")
                    if let summary = answers[b.reference] { out.append("               uitnodigingen: \(summary)") }
                }
            }
        }
        return out.joined(separator: "\n")
    }
}

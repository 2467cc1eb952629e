import Foundation
import JBTCore
import JBTInput
import JBTPlugins
import JBTScheduling
import JBTStorage

/// The use cases of the command line, on one workspace (store and plugins).
public struct App: Sendable {
    public let workspace: Workspace
    public let regions: RegionCatalog
    /// Each region's plugin folder: its own templates (`templates/`) override the bundled ones.
    public let pluginFolders: [RegionID: String]
    /// The regions' own Lua rules.
    public let hooks: RuleHooks
    /// The clock, the bundled templates and the delivery channels, handed in by the front end.
    public let dependencies: Dependencies

    public init(workspace: Workspace, dependencies: Dependencies) throws {
        self.workspace = workspace
        self.dependencies = dependencies
        (regions, pluginFolders) = try workspace.loadPlugins(today: dependencies.clock.today())
        hooks = try RuleHooks(regions: regions)
    }

    /// Today, from the clock the front end handed in.
    var today: CivilDate { dependencies.clock.today() }

    // MARK: Regions

    /// The loaded regions, in catalogue order.
    public func regionList() -> [RegionRules] { regions.regions }

    /// A region with the rules in force today and the dated changes still to come.
    public func regionDetail(_ id: RegionID) throws -> RegionDetail {
        guard let r = regions[id] else { throw ServiceError.unknownRegion(id, known: regions.regions.map(\.id)) }
        var detail = RegionDetail(rules: r, facts: regionFacts(r), currentlyEnded: nil, changes: [])
        // Dated rules: what changes from today on, as differences from the version before.
        guard let timeline = regions.timelines[id], !timeline.isConstant else { return detail }
        let now = timeline.versions.lastIndex { ($0.from.map { $0 <= today } ?? true) } ?? 0
        var previous = timeline.versions[now].rules.map(regionFacts) ?? []
        if timeline.versions[now].rules == nil { detail.currentlyEnded = timeline.versions[now].ended }
        for version in timeline.versions[(now + 1)...] {
            guard let rules = version.rules else {
                detail.changes.append(.init(from: version.from!, facts: [], ended: version.ended))
                continue
            }
            let facts = regionFacts(rules)
            let changed = facts.filter { fact in !previous.contains { $0 == fact } }
            if !changed.isEmpty { detail.changes.append(.init(from: version.from!, facts: changed, ended: nil)) }
            previous = facts
        }
        return detail
    }

    func regionFacts(_ r: RegionRules) -> [RegionDetail.Fact] {
        let neighbours = r.neighbours.isEmpty ? "geen" : r.neighbours.compactMap { regions[$0]?.name }.joined(separator: ", ")
        let weekdays = r.tableWeekdays.map(\.dutchName).joined(separator: ", ")
        let starts = r.startTimes.map(\.description).joined(separator: ", ")
        let types = MeetingType.allCases.filter(r.meetingTypes.contains).map(\.dutchName).joined(separator: ", ")
        let contact = r.escalationContact
        return [
            .init(label: "Gemeenten", text: r.municipalities.joined(separator: ", ")),
            .init(label: "Buurregio's die overloop opvangen", text: neighbours),
            .init(label: "Tafeldagen", text: "\(weekdays); \(r.parallelTables) tafel(s) tegelijk"),
            .init(label: "Gesprekken",
                  text: "\(starts) (\(r.conversationMinutes) min; kindgesprek \(r.childConversationMinutes) min vooraf, "
                      + "vanaf \(r.childAgeThreshold) jaar)"),
            .init(label: "Locatie", text: r.location),
            .init(label: "Norm",
                  text: "\(r.normDays) dagen na complete aanmelding; voorbereiding minimaal \(r.preparationDays) dagen"),
            .init(label: "GI", text: r.giParticipation == .fixed ? "vaste deelnemer" : "op afroep"),
            .init(label: "Gesprekstypen", text: types),
            .init(label: "Escalatiecontact", text: "\(contact.name), \(contact.role) <\(contact.email)>"),
        ]
    }

    // MARK: Intake

    /// Registers every aanmelding in the file, all or none.
    public func intake(path: String) throws -> IntakeResult {
        let entries = try IntakeFile.read(path: path, regions: regions)
        return try intake(entries, source: (path as NSString).lastPathComponent, path: path)
    }

    /// Registers aanmeldingen that were read already (from a file or a form), all or none. A
    /// reference that is registered already is an input error at that entry (its file, line and
    /// field, or the form's field `referentie`).
    public func intake(_ entries: [IntakeFile.Entry], source: String, path: String = "formulier") throws -> IntakeResult {
        try workspace.openStore().write(command: "intake \(source)") { tx in
            var errors: [InputError] = []
            // References that differ only in capitals are one case to a person (and to a file system):
            // the second is a duplicate.
            var known = Dictionary(try tx.registrations().map { ($0.reference.lowercased(), $0.reference) },
                                   uniquingKeysWith: { first, _ in first })
            for entry in entries {
                let reference = entry.registration.reference
                if try tx.registration(reference) != nil {
                    errors.append(entry.error(path, "referentie \(reference) is al geregistreerd"))
                } else if let other = known[reference.lowercased()] {
                    errors.append(entry.error(path, "referentie \(reference) is al geregistreerd als \(other) "
                        + "(alleen hoofdletters verschillen)"))
                }
                known[reference.lowercased()] = known[reference.lowercased()] ?? reference
            }
            if !errors.isEmpty {
                throw ServiceError(.alreadyExists, InputErrors(errors).description,
                                   problems: errors.map(ServiceError.Problem.init))
            }
            for entry in entries { try tx.insert(entry.registration) }
            let registered = entries.map(\.registration)
            let change = "\(entries.count) aanmeldingen: " + registered.map(\.reference).joined(separator: ", ")
            return (IntakeResult(registered: registered), change)
        }
    }

    // MARK: Roster

    /// Replaces the roster with the one in the file.
    public func importRoster(path: String) throws -> Roster {
        let roster = try RosterFile.read(path: path, regions: regions)
        return try importRoster(roster, source: (path as NSString).lastPathComponent)
    }

    /// Replaces the roster with one that was read already.
    public func importRoster(_ roster: Roster, source: String) throws -> Roster {
        try workspace.openStore().write(command: "roster import \(source)") { tx in
            try tx.replaceRoster(roster)
            let change = "Rooster ingelezen: \(roster.people.count) personen, \(roster.assignments.count) vaste inzetten, "
                + "\(roster.absences.count) afwezigheden."
            return (roster, change)
        }
    }

    /// Records that a rostered person is away (ziek, verlof, afwezig) from `span.first` through
    /// `span.last`; the table days it touches get a substitute from the roster or cannot sit. Returns
    /// the table days affected, with what happens to each.
    public func addAbsence(_ absence: Roster.Absence) throws -> AbsenceChange {
        guard absence.span.first <= absence.span.last else {
            throw ServiceError.invalid(field: "tot", "de afwezigheid eindigt (\(absence.span.last.iso)) vóór ze begint "
                + "(\(absence.span.first.iso))")
        }
        guard ["ziek", "verlof", "afwezig"].contains(absence.reason) else {
            throw ServiceError.invalid(field: "reden", "kies ziek, verlof of afwezig")
        }
        return try workspace.openStore().write(command: "roster afwezig \(absence.person)") { tx in
            var roster = try tx.roster()
            guard roster.person(absence.person) != nil else {
                throw ServiceError.notFound("onbekende persoon \"\(absence.person)\" (niet in het rooster)")
            }
            if let other = roster.absences.first(where: {
                $0.person == absence.person && $0.span.first <= absence.span.last && absence.span.first <= $0.span.last
            }) {
                throw ServiceError.conflict("\(absence.person) is al afwezig van \(other.span.first.dutchShort) t/m "
                    + "\(other.span.last.dutchShort) (\(other.reason)); haal die eerst weg of kies andere dagen")
            }
            let before = TableCalendar.sessions(regions: regions, roster: roster, from: absence.span.first,
                                                through: absence.span.last).notes
            roster.absences.append(absence)
            try tx.replaceRoster(roster)
            let after = TableCalendar.sessions(regions: regions, roster: roster, from: absence.span.first,
                                               through: absence.span.last).notes
            let affected = after.filter { note in note.kind != .closed && !before.contains(note) }
            let change = "\(absence.person) \(absence.reason) \(absence.span.first.iso) t/m \(absence.span.last.iso); "
                + "\(affected.count) tafeldag(en) geraakt"
            return (AbsenceChange(absence: absence, affected: affected), change)
        }
    }

    /// Takes an absence out of the roster again (recovered, leave cancelled): the person's absence
    /// that starts on `first` (and, when given, ends on `last`).
    public func removeAbsence(person: String, first: CivilDate, last: CivilDate? = nil) throws -> Roster.Absence {
        try workspace.openStore().write(command: "roster afwezig weg \(person)") { tx in
            var roster = try tx.roster()
            let theirs = roster.absences.filter { $0.person == person }
            guard let index = roster.absences.firstIndex(where: {
                $0.person == person && $0.span.first == first && (last == nil || $0.span.last == last)
            }) else {
                let known = theirs.map { "\($0.span.first.dutchShort) t/m \($0.span.last.dutchShort)" }
                throw ServiceError.notFound("\(person) heeft geen afwezigheid die begint op \(first.dutchShort)"
                    + (known.isEmpty ? "" : "; wel: " + known.joined(separator: ", ")))
            }
            let absence = roster.absences.remove(at: index)
            try tx.replaceRoster(roster)
            return (absence, "afwezigheid \(person) \(absence.span.first.iso) t/m \(absence.span.last.iso) vervallen")
        }
    }

    /// The roster and what its absences and substitutes do to the table days of `weeks` weeks.
    public func rosterOverview(from: CivilDate, weeks: Int) throws -> RosterOverview {
        guard (1...104).contains(weeks) else { throw ServiceError.invalid(field: "weken", "moet tussen 1 en 104 liggen") }
        let roster = try workspace.openStore().read { try $0.roster() }
        let through = from.adding(days: weeks * 7 - 1)
        let (_, notes) = TableCalendar.sessions(regions: regions, roster: roster, from: from, through: through)
        return RosterOverview(roster: roster, from: from, through: through, notes: notes.filter { $0.kind != .closed })
    }

    // MARK: Cancel and reschedule

    /// Cancels a registration: its booking is released; nothing else moves.
    public func cancel(reference: String) throws -> Cancellation {
        try workspace.openStore().write(command: "cancel \(reference)") { tx in
            guard var registration = try tx.registration(reference) else { throw ServiceError.unknownReference(reference) }
            guard registration.status != .cancelled else { throw ServiceError.conflict("\(reference) is al geannuleerd") }
            try refuseIfHeld(tx, reference: reference, action: "geannuleerd")
            let booking = try tx.booking(reference)
            try tx.deleteBooking(reference)
            try tx.replaceSignal(for: reference, with: nil)
            registration.status = .cancelled
            try tx.update(registration)
            let change = "geannuleerd" + (booking.map { "; plek \($0.region) \($0.date.iso) \($0.start) vrijgegeven" } ?? "")
            return (Cancellation(reference: reference, freed: booking), change)
        }
    }

    /// Moves one booking: the old date (and any given dates) become unavailable for the case, and
    /// only this case is planned again; every other booking stays where it is.
    public func reschedule(reference: String, notOn: [CivilDate], from: CivilDate, weeks: Int) throws -> PlanReport {
        guard (1...104).contains(weeks) else { throw ServiceError.invalid(field: "weken", "moet tussen 1 en 104 liggen") }
        // Release and re-plan in one transaction, so that a failure leaves the old booking.
        return try workspace.openStore().write(command: "reschedule \(reference)") { tx in
            guard var registration = try tx.registration(reference) else { throw ServiceError.unknownReference(reference) }
            guard registration.status != .cancelled else { throw ServiceError.conflict("\(reference) is geannuleerd") }
            try refuseIfHeld(tx, reference: reference, action: "verplaatst")
            guard registration.pinned != true else {
                throw ServiceError.conflict("\(reference) is met de hand vastgezet; maak het eerst los om het te laten verplaatsen")
            }
            guard let old = try tx.booking(reference) else { throw ServiceError.notBooked(reference) }
            registration.unavailable = Array(Set(registration.unavailable + notOn + [old.date])).sorted()
            registration.status = .open
            try tx.deleteBooking(reference)
            try tx.update(registration)
            let (report, change) = try plan(in: tx, from: from, weeks: weeks, region: nil, dryRun: false, only: reference)
            return (report, "geboeking \(old.region) \(old.date.iso) \(old.start) losgelaten; " + change)
        }
    }

    // MARK: Signalering and log

    /// The wachttijdsignalering: per region (in id order) its cases that miss the norm.
    public func signalering(region: RegionID?) throws -> [RegionSignals] {
        if let region, regions[region] == nil { throw ServiceError.unknownRegion(region, known: regions.regions.map(\.id)) }
        let signals = try workspace.openStore().read { try $0.signals(region: region) }
        return Dictionary(grouping: signals, by: \.region).sorted { $0.key < $1.key }.map { id, list in
            RegionSignals(region: id, rules: regions[id], signals: list)
        }
    }

    /// The audit log, oldest first.
    public func auditLog() throws -> [AuditEntry] {
        try workspace.openStore().read { try $0.auditLog() }
    }
}

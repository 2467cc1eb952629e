import Foundation
import JBTCore
import JBTInput
import JBTPlugins
import JBTScheduling
import JBTStorage

/// An error the user can act on, in Dutch.
public enum AppError: Error, CustomStringConvertible, Sendable {
    case invalid(String)
    case unknownRegion(String, known: [String])
    case unknownReference(String)
    case notBooked(String)

    public var description: String {
        switch self {
        case .invalid(let text): text
        case .unknownRegion(let id, let known): "onbekende regio \"\(id)\"; bekend: \(known.joined(separator: ", "))"
        case .unknownReference(let ref): "onbekende referentie \(ref)"
        case .notBooked(let ref): "\(ref) is niet geboekt"
        }
    }
}

/// The use cases of the command line, on one workspace (store and plugins).
public struct App: Sendable {
    public let workspace: Workspace
    public let regions: RegionCatalog
    /// Each region's plugin folder: its own templates (`templates/`) override the bundled ones.
    public let pluginFolders: [RegionID: String]
    /// The regions' own Lua rules.
    public let hooks: RuleHooks

    public init(workspace: Workspace) throws {
        self.workspace = workspace
        (regions, pluginFolders) = try workspace.loadPlugins()
        hooks = try RuleHooks(regions: regions)
    }

    // MARK: Regions

    public func regionList() -> String {
        var out = ["Regio's (\(regions.regions.count)):"]
        for r in regions.regions {
            out.append("  \(r.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(r.name): \(r.tableWeekdays.map(\.dutchName).joined(separator: ", ")), \(r.startTimes.count) gesprek(ken) per tafel, \(r.parallelTables) tafel(s); \(r.municipalities.count) gemeenten; buurregio's: \(r.neighbours.isEmpty ? "geen" : r.neighbours.joined(separator: ", "))")
        }
        return out.joined(separator: "\n")
    }

    public func regionDetail(_ id: RegionID) throws -> String {
        guard let r = regions[id] else { throw AppError.unknownRegion(id, known: regions.regions.map(\.id)) }
        var out = ["\(r.name) (\(r.id))"]
        out += regionFacts(r).map { "\($0.label): \($0.text)" }
        for c in r.closures { out.append("Gesloten: \(c.span.first.dutchShort) t/m \(c.span.last.dutchShort) (\(c.reason))") }
        // Dated rules: what changes from today on, as differences from the version before.
        if let timeline = regions.timelines[id], !timeline.isConstant {
            let today = Workspace.today()
            let now = timeline.versions.lastIndex { ($0.from.map { $0 <= today } ?? true) } ?? 0
            var previous = timeline.versions[now].rules.map(regionFacts) ?? []
            var changes: [String] = []
            if timeline.versions[now].rules == nil {
                changes.append("  nu: geen tafel (geen waarde voor \(timeline.versions[now].ended.joined(separator: ", ")))")
            }
            for version in timeline.versions[(now + 1)...] {
                guard let rules = version.rules else {
                    changes.append("  vanaf \(version.from!.dutchShort): geen tafel meer (geen waarde voor \(version.ended.joined(separator: ", ")))")
                    continue
                }
                let facts = regionFacts(rules)
                let changed = facts.filter { fact in !previous.contains { $0 == fact } }
                if !changed.isEmpty {
                    changes.append("  vanaf \(version.from!.dutchShort): " + changed.map { "\($0.label.lowercased()) \($0.text)" }.joined(separator: "; "))
                }
                previous = facts
            }
            if !changes.isEmpty { out.append("Wijzigingen die gepland staan:") ; out += changes }
        }
        return out.joined(separator: "\n")
    }

    func regionFacts(_ r: RegionRules) -> [(label: String, text: String)] {
        [("Gemeenten", r.municipalities.joined(separator: ", ")),
         ("Buurregio's die overloop opvangen", r.neighbours.isEmpty ? "geen" : r.neighbours.compactMap { regions[$0]?.name }.joined(separator: ", ")),
         ("Tafeldagen", "\(r.tableWeekdays.map(\.dutchName).joined(separator: ", ")); \(r.parallelTables) tafel(s) tegelijk"),
         ("Gesprekken", "\(r.startTimes.map(\.description).joined(separator: ", ")) (\(r.conversationMinutes) min; kindgesprek \(r.childConversationMinutes) min vooraf, vanaf \(r.childAgeThreshold) jaar)"),
         ("Locatie", r.location),
         ("Norm", "\(r.normDays) dagen na complete aanmelding; voorbereiding minimaal \(r.preparationDays) dagen"),
         ("GI", r.giParticipation == .fixed ? "vaste deelnemer" : "op afroep"),
         ("Gesprekstypen", MeetingType.allCases.filter(r.meetingTypes.contains).map(\.dutchName).joined(separator: ", ")),
         ("Escalatiecontact", "\(r.escalationContact.name), \(r.escalationContact.role) <\(r.escalationContact.email)>")]
    }

    // MARK: Intake

    /// Registers every aanmelding in the file, all or none.
    public func intake(path: String) throws -> String {
        let entries = try IntakeFile.read(path: path, regions: regions)
        let store = try workspace.openStore()
        return try store.write(command: "intake \((path as NSString).lastPathComponent)") { tx in
            var errors: [InputError] = []
            for entry in entries {
                if try tx.registration(entry.registration.reference) != nil {
                    errors.append(entry.error(path, "referentie \(entry.registration.reference) is al geregistreerd"))
                }
            }
            if !errors.isEmpty { throw InputErrors(errors) }
            for entry in entries { try tx.insert(entry.registration) }
            var perRegion: [String: Int] = [:]
            for e in entries { perRegion[e.registration.homeRegion, default: 0] += 1 }
            let lines = perRegion.sorted { $0.key < $1.key }.map { "  \(regions[$0.key]?.name ?? $0.key): \($0.value)" }
            return ((["\(entries.count) aanmelding(en) geregistreerd:"] + lines).joined(separator: "\n"),
                    "\(entries.count) aanmeldingen: " + entries.map(\.registration.reference).joined(separator: ", "))
        }
    }

    // MARK: Roster

    public func importRoster(path: String) throws -> String {
        let roster = try RosterFile.read(path: path, regions: regions)
        let store = try workspace.openStore()
        return try store.write(command: "roster import \((path as NSString).lastPathComponent)") { tx in
            try tx.replaceRoster(roster)
            let text = "Rooster ingelezen: \(roster.people.count) personen, \(roster.assignments.count) vaste inzetten, \(roster.absences.count) afwezigheden."
            return (text, text)
        }
    }

    public func rosterText(from: CivilDate, weeks: Int) throws -> String {
        let roster = try workspace.openStore().read { try $0.roster() }
        if roster.isEmpty { return "Geen rooster geladen (jbt roster import BESTAND)." }
        var out = ["Personen:"]
        for p in roster.people.sorted(by: { $0.id < $1.id }) {
            out.append("  \(p.id): \(p.name), \(p.role.dutchName); regio's: \(p.regions.joined(separator: ", "))")
        }
        out.append("Vaste inzet:")
        for a in roster.assignments.sorted(by: { ($0.region, $0.weekday.rawValue, $0.table, $0.person) < ($1.region, $1.weekday.rawValue, $1.table, $1.person) }) {
            out.append("  \(a.region) \(a.weekday.dutchName) tafel \(a.table): \(roster.person(a.person)?.name ?? a.person)")
        }
        if !roster.absences.isEmpty {
            out.append("Afwezig:")
            for a in roster.absences { out.append("  \(roster.person(a.person)?.name ?? a.person): \(a.span.first.dutchShort) t/m \(a.span.last.dutchShort) (\(a.reason))") }
        }
        let (_, notes) = TableCalendar.sessions(regions: regions, roster: roster, from: from, through: from.adding(days: weeks * 7 - 1))
        let changes = notes.filter { $0.kind != .closed }
        if !changes.isEmpty {
            out.append("Gevolgen \(from.dutchShort) t/m \(from.adding(days: weeks * 7 - 1).dutchShort):")
            for n in changes { out.append("  \(n.date.dutchShort) \(regions[n.region]?.name ?? n.region) tafel \(n.table): \(n.text)") }
        }
        return out.joined(separator: "\n")
    }

    // MARK: Cancel and reschedule

    /// Cancels a registration: its booking is released; nothing else moves.
    public func cancel(reference: String) throws -> String {
        try workspace.openStore().write(command: "cancel \(reference)") { tx in
            guard var registration = try tx.registration(reference) else { throw AppError.unknownReference(reference) }
            guard registration.status != .cancelled else { throw AppError.invalid("\(reference) is al geannuleerd") }
            let booking = try tx.booking(reference)
            try tx.deleteBooking(reference)
            try tx.replaceSignal(for: reference, with: nil)
            registration.status = .cancelled
            try tx.update(registration)
            let freed = booking.map { " De plek op \($0.date.dutchShort) \($0.start) (\(regions[$0.region]?.name ?? $0.region), tafel \($0.table)) is vrij." } ?? ""
            return ("\(reference) geannuleerd.\(freed)", "geannuleerd" + (booking.map { "; plek \($0.region) \($0.date.iso) \($0.start) vrijgegeven" } ?? ""))
        }
    }

    /// Moves one booking: the old date (and any given dates) become unavailable for the case, and
    /// only this case is planned again; every other booking stays where it is.
    public func reschedule(reference: String, notOn: [CivilDate], from: CivilDate, weeks: Int) throws -> PlanReport {
        guard (1...104).contains(weeks) else { throw AppError.invalid("--weeks moet tussen 1 en 104 liggen") }
        // Release and re-plan in one transaction, so that a failure leaves the old booking.
        return try workspace.openStore().write(command: "reschedule \(reference)") { tx in
            guard var registration = try tx.registration(reference) else { throw AppError.unknownReference(reference) }
            guard registration.status != .cancelled else { throw AppError.invalid("\(reference) is geannuleerd") }
            guard let old = try tx.booking(reference) else { throw AppError.notBooked(reference) }
            registration.unavailable = Array(Set(registration.unavailable + notOn + [old.date])).sorted()
            registration.status = .open
            try tx.deleteBooking(reference)
            try tx.update(registration)
            let (report, change) = try plan(in: tx, from: from, weeks: weeks, region: nil, dryRun: false, only: reference)
            return (report, "geboeking \(old.region) \(old.date.iso) \(old.start) losgelaten; " + change)
        }
    }

    // MARK: Signalering and log

    public func signalering(region: RegionID?) throws -> String {
        if let region, regions[region] == nil { throw AppError.unknownRegion(region, known: regions.regions.map(\.id)) }
        let signals = try workspace.openStore().read { try $0.signals(region: region) }
        guard !signals.isEmpty else { return "Geen wachttijdsignalering: alle geplande aanmeldingen halen de norm." }
        var out: [String] = []
        for (regionID, list) in Dictionary(grouping: signals, by: \.region).sorted(by: { $0.key < $1.key }) {
            let r = regions[regionID]
            out.append("Wachttijdsignalering \(r?.name ?? regionID) — aan \(r?.escalationContact.name ?? "?"), \(r?.escalationContact.role ?? "") <\(r?.escalationContact.email ?? "")>")
            out.append("\(list.count) aanmelding(en) halen de norm van \(r?.normDays ?? 14) dagen niet:")
            for s in list { out.append("  \(s.reference) (norm \(s.deadline.dutchShort)): \(s.explanation)") }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    public func auditText() throws -> String {
        try workspace.openStore().read { try $0.auditLog() }.map { "\($0.at)  \($0.command): \($0.change)" }.joined(separator: "\n")
    }
}

/// One table sitting on one day: a region's table number `table` on `date`, with its people and
/// the start times of its conversations.
public struct TableSession: Sendable, Hashable {
    public var region: RegionID
    public var date: CivilDate
    public var table: Int
    /// Person ids; nil when no roster is loaded.
    public var chair: String?
    public var boardOfficer: String?
    public var starts: [TimeOfDay]
    public init(region: RegionID, date: CivilDate, table: Int, chair: String?, boardOfficer: String?,
                starts: [TimeOfDay]) {
        self.region = region; self.date = date; self.table = table; self.chair = chair
        self.boardOfficer = boardOfficer; self.starts = starts
    }
    public var people: [String] { [chair, boardOfficer].compactMap { $0 } }
}

/// Something the voorzitter should know about a table day: a substitute, or a table that cannot sit.
public struct TableNote: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case substitute, cancelled, closed }
    public var kind: Kind
    public var region: RegionID
    public var date: CivilDate
    public var table: Int
    public var text: String
}

/// Expands the regions' weekly patterns and the roster into the table sessions of a period.
public enum TableCalendar {
    public static func sessions(regions: RegionCatalog, roster: Roster,
                                from: CivilDate, through: CivilDate) -> (sessions: [TableSession], notes: [TableNote]) {
        var sessions: [TableSession] = []
        var notes: [TableNote] = []
        guard from <= through else { return ([], []) }
        // Which people are rostered on which day, so that a substitute is first sought among those
        // who are free that day.
        var inUse: [Int: Set<String>] = [:]
        for day in from.dayNumber...through.dayNumber {
            let date = CivilDate(dayNumber: day)
            inUse[day] = Set(roster.assignments.filter { $0.applies(on: date) && roster.absence(of: $0.person, on: date) == nil }
                .map(\.person))
        }
        for current in regions.regions {
            let timeline = regions.timelines[current.id] ?? RegionTimeline(current)
            var startsOfVersion: [Int: [TimeOfDay]] = [:]
            for day in from.dayNumber...through.dayNumber {
                let date = CivilDate(dayNumber: day)
                // The rules in force on this day (dated rules: the latest version on or before it).
                let version = timeline.version(on: date)
                guard let region = version.rules else {
                    if current.tableWeekdays.contains(date.weekday) {
                        notes.append(TableNote(kind: .closed, region: current.id, date: date, table: 1,
                                               text: "geen tafel: geen geldige regels (\(version.ended.joined(separator: ", ")) zonder waarde)"))
                    }
                    continue
                }
                guard region.tableWeekdays.contains(date.weekday) else { continue }
                let versionKey = version.from?.dayNumber ?? .min
                let starts = startsOfVersion[versionKey] ?? region.startTimes
                startsOfVersion[versionKey] = starts
                if let reason = region.closureReason(on: date) {
                    for table in 1...max(region.parallelTables, 1) {
                        notes.append(TableNote(kind: .closed, region: region.id, date: date, table: table,
                                               text: "geen tafel: \(reason)"))
                    }
                    continue
                }
                for table in 1...max(region.parallelTables, 1) {
                    if roster.isEmpty {
                        sessions.append(TableSession(region: region.id, date: date, table: table, chair: nil,
                                                     boardOfficer: nil, starts: starts))
                        continue
                    }
                    var filled: [Roster.Role: String] = [:]
                    var missing: [Roster.Role] = []
                    for role in Roster.Role.allCases {
                        switch staff(role: role, region: region.id, table: table, date: date, roster: roster,
                                     inUse: &inUse[day, default: []]) {
                        case .rostered(let id):
                            filled[role] = id
                        case .substitute(let id, let absent):
                            filled[role] = id
                            let who = roster.person(absent.person)?.name ?? absent.person
                            let sub = roster.person(id)?.name ?? id
                            notes.append(TableNote(kind: .substitute, region: region.id, date: date, table: table,
                                                   text: "\(role.dutchName) \(who) afwezig (\(absent.reason)); vervangen door \(sub)"))
                        case .none:
                            missing.append(role)
                        }
                    }
                    if missing.isEmpty {
                        sessions.append(TableSession(region: region.id, date: date, table: table,
                                                     chair: filled[.chair], boardOfficer: filled[.boardOfficer],
                                                     starts: starts))
                    } else {
                        notes.append(TableNote(kind: .cancelled, region: region.id, date: date, table: table,
                                               text: "tafel vervalt: geen \(missing.map(\.dutchName).joined(separator: " en ")) beschikbaar"))
                    }
                }
            }
        }
        return (sessions, notes)
    }

    enum Staffing { case rostered(String), substitute(String, absent: Roster.Absence), none }

    static func staff(role: Roster.Role, region: RegionID, table: Int, date: CivilDate, roster: Roster,
                      inUse: inout Set<String>) -> Staffing {
        let rostered = roster.assignments
            .filter { $0.region == region && $0.table == table && $0.applies(on: date) && roster.person($0.person)?.role == role }
            .map(\.person).sorted()
        if let id = rostered.first(where: { roster.absence(of: $0, on: date) == nil }) { return .rostered(id) }
        let candidates = roster.people
            .filter { $0.role == role && $0.regions.contains(region) && roster.absence(of: $0.id, on: date) == nil }
            .map(\.id).sorted()
        // Prefer someone free that day; else someone who sits elsewhere that day (the scheduler
        // then keeps them from being in two places at once).
        guard let pick = candidates.first(where: { !inUse.contains($0) }) ?? candidates.first else { return .none }
        inUse.insert(pick)
        if let absentID = rostered.first, let absence = roster.absence(of: absentID, on: date) {
            return .substitute(pick, absent: absence)
        }
        return .rostered(pick)
    }
}

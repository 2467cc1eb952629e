/// Identifier of a youth-care region (jeugdhulpregio), e.g. `food-valley`.
public typealias RegionID = String

/// Everything a region plugin declares about its table: the common rules with the region's own
/// values filled in.
public struct RegionRules: Sendable, Hashable {
    public enum GIParticipation: String, Sendable, Hashable {
        /// The jeugdbeschermer of the GI is a fixed participant of every conversation.
        case fixed = "vast"
        /// The GI joins on call, when the case asks for it.
        case onCall = "op_afroep"
    }

    /// Who convenes the conversation and sends the invitations.
    public enum Convener: String, Sendable, Hashable {
        /// The voorzitter (most regions).
        case chair = "voorzitter"
        /// The local-team worker who registered the case (Flevoland: Dronten, Urk); never for a
        /// shielded (LET JB) case, where the referrer is the shielded GI worker.
        case localTeam = "lokaal_team"
    }

    /// How the table day is divided into conversations.
    public enum DayPattern: Sendable, Hashable {
        /// Conversations one after another from `opens`, with `pause` minutes between them, as
        /// long as they end by `closes`.
        case hours(opens: TimeOfDay, closes: TimeOfDay, pause: Int)
        /// Conversations at these fixed start times.
        case fixedStarts([TimeOfDay])
    }

    public struct Contact: Sendable, Hashable, Codable {
        public var name: String
        public var role: String
        public var email: String
        public init(name: String, role: String, email: String) {
            self.name = name; self.role = role; self.email = email
        }
    }

    /// The table's secretariat: a functional address, never a person's own. Families see it as
    /// the organiser and contact of their invites and letters (`secretariaat:` in the manifest).
    public struct Secretariat: Sendable, Hashable {
        public var name: String
        public var email: String
        public var phone: String?
        public init(name: String, email: String, phone: String? = nil) {
            self.name = name
            self.email = email
            self.phone = phone
        }
    }

    public struct Closure: Sendable, Hashable {
        public var span: DateSpan
        public var reason: String
        public init(span: DateSpan, reason: String) { self.span = span; self.reason = reason }
    }

    public var id: RegionID
    public var name: String
    public var municipalities: [String]
    /// Regions whose tables may take this region's overflow.
    public var neighbours: [RegionID]
    public var tableWeekdays: [Weekday]
    public var dayPattern: DayPattern
    public var conversationMinutes: Int
    public var childConversationMinutes: Int
    public var location: String
    public var parallelTables: Int
    public var normDays: Int
    public var preparationDays: Int
    public var giParticipation: GIParticipation
    public var childAgeThreshold: Int
    public var meetingTypes: Set<MeetingType>
    public var escalationContact: Contact
    public var closures: [Closure]
    public var convener: Convener = .chair
    /// Who receives which document (`documenten:`).
    public var documents = DocumentPolicy()
    /// The region's own texts (`teksten:`): `map_link` (the folder link for families),
    /// `uitnodiging_inleiding` (the opening of the invitation letter), `uitnodiging_omschrijving`
    /// (the description in the family's calendar invite).
    public var texts: [String: String] = [:]
    /// The secretariat families write to and are invited by (`secretariaat:`).
    public var secretariat: Secretariat?
    /// The region's Lua rules (`regels.bestand`), as a path; hooks per docs/plugins.md.
    public var ruleScript: String?

    public init(id: RegionID, name: String, municipalities: [String], neighbours: [RegionID],
                tableWeekdays: [Weekday], dayPattern: DayPattern, conversationMinutes: Int = 90,
                childConversationMinutes: Int = 30, location: String, parallelTables: Int = 1,
                normDays: Int = 14, preparationDays: Int = 3, giParticipation: GIParticipation = .onCall,
                childAgeThreshold: Int = 12, meetingTypes: Set<MeetingType> = Set(MeetingType.allCases),
                escalationContact: Contact, closures: [Closure] = []) {
        self.id = id; self.name = name; self.municipalities = municipalities; self.neighbours = neighbours
        self.tableWeekdays = tableWeekdays; self.dayPattern = dayPattern
        self.conversationMinutes = conversationMinutes; self.childConversationMinutes = childConversationMinutes
        self.location = location; self.parallelTables = parallelTables; self.normDays = normDays
        self.preparationDays = preparationDays; self.giParticipation = giParticipation
        self.childAgeThreshold = childAgeThreshold; self.meetingTypes = meetingTypes
        self.escalationContact = escalationContact; self.closures = closures
    }

    /// The start times of the conversations on one table day.
    public var startTimes: [TimeOfDay] {
        switch dayPattern {
        case .fixedStarts(let starts):
            return starts.sorted()
        case .hours(let opens, let closes, let pause):
            var result: [TimeOfDay] = []
            var t = opens.minutes
            while t + conversationMinutes <= closes.minutes {
                result.append(TimeOfDay(minutes: t))
                t += conversationMinutes + max(pause, 0)
            }
            return result
        }
    }

    /// The earliest minute a child conversation may begin on a table day.
    public var dayOpens: Int {
        switch dayPattern {
        case .hours(let opens, _, _): return opens.minutes
        // With fixed start times the voorzitter plans the child conversation in the half hour
        // before the first conversation; the day opens then.
        case .fixedStarts(let starts): return (starts.min()?.minutes ?? 0) - childConversationMinutes
        }
    }

    /// Why no table sits on `date`, or nil when a table may sit then.
    public func closureReason(on date: CivilDate) -> String? {
        if !tableWeekdays.contains(date.weekday) { return "geen tafeldag" }
        if let holiday = DutchHolidays.holiday(on: date) { return holiday.name }
        return closures.first { $0.span.contains(date) }?.reason
    }
}

/// A region's rules through time: the rules in force from each change date on (OpenFisca style:
/// the latest version on or before a day wins). The first version has no start date. A version
/// without rules means the region's table does not sit then (a required rule has ended).
public struct RegionTimeline: Sendable {
    public struct Version: Sendable {
        /// The first day this version is in force; nil for the first version.
        public var from: CivilDate?
        public var rules: RegionRules?
        /// The rules that have no value in this version (a dated rule ended, or not yet begun).
        public var ended: [String]
        public init(from: CivilDate?, rules: RegionRules?, ended: [String] = []) {
            self.from = from; self.rules = rules; self.ended = ended
        }
    }

    public let id: RegionID
    /// Sorted by start; the first has `from == nil`.
    public let versions: [Version]

    public init(id: RegionID, versions: [Version]) {
        self.id = id
        self.versions = versions.sorted { ($0.from?.dayNumber ?? .min) < ($1.from?.dayNumber ?? .min) }
    }

    public init(_ rules: RegionRules) { self.init(id: rules.id, versions: [.init(from: nil, rules: rules)]) }

    /// The version in force on `date`.
    public func version(on date: CivilDate) -> Version {
        var chosen = versions[0]
        for v in versions.dropFirst() {
            guard let from = v.from, from <= date else { break }
            chosen = v
        }
        return chosen
    }

    /// The rules in force on `date`, or nil when the region's table does not sit under any rules then.
    public func rules(on date: CivilDate) -> RegionRules? { version(on: date).rules }

    /// The rules to show and to map municipalities with on `date`: those in force, or else the
    /// nearest version that has rules (before, then after).
    public func representative(on date: CivilDate) -> RegionRules {
        if let r = rules(on: date) { return r }
        let index = versions.lastIndex { ($0.from.map { $0 <= date } ?? true) } ?? 0
        if let r = versions[..<index].last(where: { $0.rules != nil })?.rules { return r }
        return versions.first { $0.rules != nil }!.rules!
    }

    /// True when the rules never change.
    public var isConstant: Bool { versions.count == 1 }
}

/// All loaded regions, with the municipality → region map that decides a case's home region.
///
/// `regions` and the subscript give each region's rules as on the catalog's reference day (the
/// day it was loaded: today); planning a date uses `rules(_:on:)`, the rules in force that day.
public struct RegionCatalog: Sendable {
    public let regions: [RegionRules]
    public let timelines: [RegionID: RegionTimeline]
    private let byID: [RegionID: Int]
    private let byMunicipality: [String: RegionID]

    public init(_ regions: [RegionRules]) {
        self.init(timelines: regions.map(RegionTimeline.init), referenceDay: CivilDate(dayNumber: 0))
    }

    public init(timelines: [RegionTimeline], referenceDay: CivilDate) {
        self.regions = timelines.map { $0.representative(on: referenceDay) }.sorted { $0.id < $1.id }
        self.timelines = Dictionary(uniqueKeysWithValues: timelines.map { ($0.id, $0) })
        byID = Dictionary(uniqueKeysWithValues: self.regions.enumerated().map { ($1.id, $0) })
        var map: [String: RegionID] = [:]
        for region in self.regions {
            for m in region.municipalities { map[RegionCatalog.key(m)] = region.id }
        }
        byMunicipality = map
    }

    public subscript(id: RegionID) -> RegionRules? { byID[id].map { regions[$0] } }

    /// The rules of region `id` in force on `date`; nil for an unknown region or a day on which no
    /// rules are in force.
    public func rules(_ id: RegionID, on date: CivilDate) -> RegionRules? {
        timelines[id]?.rules(on: date)
    }

    /// The rules of region `id` that apply to something on `date`: those in force then, or, on a
    /// day without rules in force, the nearest version that has them. Nil for an unknown region.
    public func rules(_ id: RegionID, near date: CivilDate) -> RegionRules? {
        timelines[id]?.representative(on: date)
    }

    public func region(ofMunicipality name: String) -> RegionRules? {
        byMunicipality[RegionCatalog.key(name)].flatMap { self[$0] }
    }

    /// Municipality names are matched without regard to case, spacing or hyphens ("Berg en Dal",
    /// "berg-en-dal").
    public static func key(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            .map(Character.init))
    }
}

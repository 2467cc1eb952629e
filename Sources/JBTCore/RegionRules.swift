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

/// All loaded regions, with the municipality → region map that decides a case's home region.
public struct RegionCatalog: Sendable {
    public let regions: [RegionRules]
    private let byID: [RegionID: Int]
    private let byMunicipality: [String: RegionID]

    public init(_ regions: [RegionRules]) {
        self.regions = regions.sorted { $0.id < $1.id }
        byID = Dictionary(uniqueKeysWithValues: self.regions.enumerated().map { ($1.id, $0) })
        var map: [String: RegionID] = [:]
        for region in self.regions {
            for m in region.municipalities { map[RegionCatalog.key(m)] = region.id }
        }
        byMunicipality = map
    }

    public subscript(id: RegionID) -> RegionRules? { byID[id].map { regions[$0] } }

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

/// Who chairs and who represents the RvdK at which table days.
public struct Roster: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case chair = "voorzitter"
        case boardOfficer = "rvdk"
        public var dutchName: String { self == .chair ? "voorzitter" : "medewerker RvdK" }
    }

    public struct Person: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var role: Role
        public var email: String
        /// Regions this person may serve, also as a substitute.
        public var regions: [RegionID]
        public init(id: String, name: String, role: Role, email: String, regions: [RegionID]) {
            self.id = id; self.name = name; self.role = role; self.email = email; self.regions = regions
        }
    }

    /// A standing weekly assignment.
    public struct Assignment: Sendable, Hashable, Codable {
        public var person: String
        public var region: RegionID
        public var weekday: Weekday
        public var table: Int
        public var from: CivilDate?
        public var until: CivilDate?
        public init(person: String, region: RegionID, weekday: Weekday, table: Int = 1,
                    from: CivilDate? = nil, until: CivilDate? = nil) {
            self.person = person; self.region = region; self.weekday = weekday; self.table = table
            self.from = from; self.until = until
        }
        public func applies(on date: CivilDate) -> Bool {
            date.weekday == weekday && (from.map { date >= $0 } ?? true) && (until.map { date <= $0 } ?? true)
        }
    }

    public struct Absence: Sendable, Hashable, Codable {
        public var person: String
        public var span: DateSpan
        public var reason: String
        public init(person: String, span: DateSpan, reason: String) {
            self.person = person; self.span = span; self.reason = reason
        }
    }

    public var people: [Person]
    public var assignments: [Assignment]
    public var absences: [Absence]

    public init(people: [Person] = [], assignments: [Assignment] = [], absences: [Absence] = []) {
        self.people = people; self.assignments = assignments; self.absences = absences
    }

    public var isEmpty: Bool { people.isEmpty }

    public func person(_ id: String) -> Person? { people.first { $0.id == id } }

    public func absence(of person: String, on date: CivilDate) -> Absence? {
        absences.first { $0.person == person && $0.span.contains(date) }
    }
}

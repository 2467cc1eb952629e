import JBTCore

/// The scheduler's whole input: every bookable table position and every case to place, in plain
/// indices so that the search runs on arrays.
///
/// The rules (the same as the benchmark exchange format in `docs/formats.md`):
/// - a position hosts at most one case;
/// - a booking makes the position's people, and the case's own people, busy during `[start, end)`,
///   and for a case with a child conversation also during `[childStart, start)` (then
///   `childAllowed` must hold);
/// - a person's busy intervals never overlap;
/// - a case goes to its home region or, only within its deadline, to a neighbour of it; not
///   before `earliest`, not on an `unavailable` day, only where its meeting type is held;
/// - a pinned case stays at its position.
public struct SchedulingProblem: Sendable {
    public struct Position: Sendable, Hashable {
        public var region: Int
        public var day: Int
        public var table: Int
        public var start: Int
        public var end: Int
        public var childStart: Int
        public var childAllowed: Bool
        /// Indices into `people`, each once (a roster may name one person as chair and officer).
        public private(set) var people: [Int]
        public var types: Set<MeetingType>
        /// Case rule classes this position refuses (bit `i`: class `i`), from a region's own rule
        /// (`toelaten` in its Lua plugin): e.g. a slot that only takes kwart-voor-twaalf conversations.
        public var refused: UInt64 = 0
        public init(region: Int, day: Int, table: Int, start: Int, end: Int, childStart: Int,
                    childAllowed: Bool, people: [Int], types: Set<MeetingType>) {
            self.region = region; self.day = day; self.table = table; self.start = start; self.end = end
            self.childStart = childStart; self.childAllowed = childAllowed; self.types = types
            var seen = Set<Int>()
            self.people = people.filter { seen.insert($0).inserted }
        }
    }

    public struct Case: Sendable, Hashable {
        public var ref: String
        public var home: Int
        public var type: MeetingType
        public var complete: Int
        public var earliest: Int
        public var deadline: Int
        public var child: Bool
        public var unavailable: Set<Int>
        public var pinned: Int?
        /// The case's rule class (0…63), matched against `Position.refused`.
        public var ruleClass: Int = 0
        /// The case's own people (the family, the referrer, the GI worker), indices into
        /// `SchedulingProblem.people`: busy wherever the case is booked, under the same rule as a
        /// position's people. A follow-up conversation shares its family with the first.
        public var people: [Int] = []
        public init(ref: String, home: Int, type: MeetingType, complete: Int, earliest: Int, deadline: Int,
                    child: Bool, unavailable: Set<Int> = [], pinned: Int? = nil) {
            self.ref = ref; self.home = home; self.type = type; self.complete = complete
            self.earliest = earliest; self.deadline = deadline; self.child = child
            self.unavailable = unavailable; self.pinned = pinned
        }
    }

    /// The priorities: within the norm ≫ home region ≫ earliest.
    public struct Weights: Sendable, Hashable, Codable {
        public var late: Int
        public var neighbour: Int
        public var unbookedExtra: Int
        public init(late: Int = 1_000_000, neighbour: Int = 1_000, unbookedExtra: Int = 10_000) {
            self.late = late; self.neighbour = neighbour; self.unbookedExtra = unbookedExtra
        }
    }

    public var regionIDs: [String]
    /// `neighbours[r]`: the regions that may take region r's overflow.
    public var neighbours: [[Int]]
    public var people: [String]
    public var positions: [Position]
    public var cases: [Case]
    public var weights: Weights

    public init(regionIDs: [String], neighbours: [[Int]], people: [String], positions: [Position],
                cases: [Case], weights: Weights = Weights()) {
        self.regionIDs = regionIDs; self.neighbours = neighbours; self.people = people
        self.positions = positions; self.cases = cases; self.weights = weights
    }

    /// Cost of booking case `c` at position `p` (the caller has checked that it is allowed).
    @inline(__always) public func cost(_ c: Int, _ p: Int) -> Int {
        let k = cases[c], q = positions[p]
        var value = q.day - k.complete
        if q.day > k.deadline { value += weights.late }
        if q.region != k.home { value += weights.neighbour }
        return value
    }

    public var unbookedCost: Int { weights.late + weights.unbookedExtra }

    /// The interval during which the position's people are busy for case `c`.
    @inline(__always) public func busy(_ c: Int, _ p: Int) -> (Int, Int) {
        let q = positions[p]
        return (cases[c].child ? q.childStart : q.start, q.end)
    }

    /// Whether case `c` may be booked at position `p`, leaving other bookings aside.
    public func allows(_ c: Int, _ p: Int) -> Bool {
        let k = cases[c], q = positions[p]
        if q.day < k.earliest || k.unavailable.contains(q.day) || !q.types.contains(k.type) { return false }
        if q.refused & (1 << UInt64(k.ruleClass)) != 0 { return false }
        if k.child && !q.childAllowed { return false }
        if q.region == k.home { return true }
        return q.day <= k.deadline && neighbours[k.home].contains(q.region)
    }
}

/// A booking plan: for every case the position it is booked at, or nil.
public struct Schedule: Sendable, Hashable {
    public var positionOf: [Int?]
    public init(positionOf: [Int?]) { self.positionOf = positionOf }
}

/// The figures a voorzitter and a benchmark look at.
public struct ScheduleMetrics: Sendable, Hashable, Codable {
    public var cases = 0
    public var booked = 0
    public var unbooked = 0
    public var withinNorm = 0
    public var inNeighbourRegion = 0
    public var totalWaitingDays = 0
    public var objective = 0
}

extension SchedulingProblem {
    public func metrics(of schedule: Schedule) -> ScheduleMetrics {
        var m = ScheduleMetrics()
        m.cases = cases.count
        for (c, slot) in schedule.positionOf.enumerated() {
            guard let p = slot else {
                m.unbooked += 1
                m.objective += unbookedCost
                continue
            }
            m.booked += 1
            m.totalWaitingDays += positions[p].day - cases[c].complete
            if positions[p].day <= cases[c].deadline { m.withinNorm += 1 }
            if positions[p].region != cases[c].home { m.inNeighbourRegion += 1 }
            m.objective += cost(c, p)
        }
        return m
    }

    /// Every rule broken by `schedule`, in words; empty when it is feasible.
    public func violations(of schedule: Schedule) -> [String] {
        var problems: [String] = []
        var usedBy: [Int: Int] = [:]
        var busyByPerson: [Int: [(Int, Int, Int, Int)]] = [:]   // person → (day, from, to, case)
        for (c, slot) in schedule.positionOf.enumerated() {
            if let pin = cases[c].pinned, slot != pin { problems.append("\(cases[c].ref): vastgezet maar verplaatst") }
            guard let p = slot else { continue }
            if !allows(c, p) { problems.append("\(cases[c].ref): niet toegestaan op plek \(p)") }
            if let other = usedBy[p] { problems.append("plek \(p): \(cases[other].ref) en \(cases[c].ref)") }
            usedBy[p] = c
            let (from, to) = busy(c, p)
            for person in Set(positions[p].people + cases[c].people) {
                busyByPerson[person, default: []].append((positions[p].day, from, to, c))
            }
        }
        for (person, list) in busyByPerson {
            let sorted = list.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.0 == b.0 && b.1 < a.2 {
                problems.append("\(people[person]) tegelijk bij \(cases[a.3].ref) en \(cases[b.3].ref)")
            }
        }
        return problems
    }
}

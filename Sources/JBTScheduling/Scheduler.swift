import JBTCore
#if canImport(Glibc)
import Glibc
#endif

/// Books cases into table positions: as many as possible within the norm, then the fewest waiting
/// days, preferring the home region.
///
/// 1. An exact min-cost flow assigns cases to groups of interchangeable positions (one group per
///    table session and child-capability). It ignores only the rules that break the flow
///    structure — a child conversation blocking the position before it, and people shared between
///    tables — so its optimum is a lower bound on any plan.
/// 2. The groups are laid out into concrete positions, keeping every person in one place at a time.
/// 3. A deterministic ejection-chain search moves, swaps and chains cases while that lowers the
///    total cost, within an evaluation budget.
public struct Scheduler: Sendable {
    public struct Options: Sendable {
        /// Upper limit on the improvement search's move evaluations; the same budget gives the
        /// same plan on every machine.
        public var evaluationBudget: Int
        /// Safety limit in seconds for the improvement search (only reached on huge inputs).
        public var timeLimit: Double
        /// How many cases one move may eject.
        public var maxEjected: Int
        /// How many times the improvement search runs, each with its own order of the cases.
        public var restarts: Int
        /// How long after its norm a case may still be booked in its home region; later than this
        /// it is reported as not bookable (and escalated) rather than booked months ahead.
        public var maxLateDays: Int
        /// Up to this many cases, the exact joint relaxation is also solved for a tighter bound.
        public var jointBoundLimit: Int
        public init(evaluationBudget: Int = 2_000_000, timeLimit: Double = 60, maxEjected: Int = 2, restarts: Int = 2,
                    maxLateDays: Int = 56, jointBoundLimit: Int = 2_000) {
            self.evaluationBudget = evaluationBudget; self.timeLimit = timeLimit; self.maxEjected = maxEjected
            self.restarts = max(restarts, 1); self.maxLateDays = maxLateDays; self.jointBoundLimit = jointBoundLimit
        }
    }

    public struct Result: Sendable {
        public var schedule: Schedule
        public var metrics: ScheduleMetrics
        /// The flow relaxation's optimum: no plan can cost less.
        public var lowerBound: Int
        public var provenOptimal: Bool { metrics.objective == lowerBound }
        /// Relative gap to the bound.
        public var gap: Double { lowerBound == 0 ? 0 : Double(metrics.objective - lowerBound) / Double(lowerBound) }
        public var relaxationCost: Int
        public var evaluations: Int
        public var seconds: Double
        /// Seconds spent in the flow relaxation, the layout and the improvement search.
        public var phaseSeconds: (relaxation: Double, layout: Double, improvement: Double)
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    public func solve(_ problem: SchedulingProblem) -> Result {
        let started = monotonicSeconds()
        let index = PositionIndex(problem, maxLateDays: options.maxLateDays)
        var (groupOf, relaxation) = solveRelaxation(problem, index)
        // On inputs of a region's or a province's size the exact joint relaxation is cheap too,
        // and its bound is tighter; on a national year it would cost seconds.
        if problem.cases.count <= options.jointBoundLimit {
            relaxation = max(relaxation, solveRelaxation(problem, index, joint: true).1)
        }
        let relaxed = monotonicSeconds()
        var search = SearchState(problem: problem, index: index)
        search.layOut(groupOf: groupOf)
        let laidOut = monotonicSeconds()
        let deadline = started + options.timeLimit
        // The search is order-dependent: run it from the same layout under a few fixed orders of
        // the cases and keep the best (the budget is shared; the same input gives the same plan).
        var best: SearchState? = nil
        let perRun = max(options.evaluationBudget / options.restarts, 1)
        for run in 0..<options.restarts {
            var attempt = search
            attempt.index.caseOrder = PositionIndex.order(index.caseOrder, variant: run)
            attempt.improve(budget: perRun, maxEjected: options.maxEjected, deadline: deadline, bound: relaxation)
            if best == nil || attempt.objective < best!.objective { best = attempt }
            if best!.objective <= relaxation || monotonicSeconds() > deadline { break }
        }
        search = best!
        let finished = monotonicSeconds()
        let schedule = Schedule(positionOf: search.caseAt.map { $0 < 0 ? nil : Int($0) })
        let metrics = problem.metrics(of: schedule)
        return Result(schedule: schedule, metrics: metrics, lowerBound: min(relaxation, metrics.objective),
                      relaxationCost: relaxation, evaluations: search.evaluations,
                      seconds: finished - started,
                      phaseSeconds: (relaxed - started, laidOut - relaxed, finished - laidOut))
    }

    /// The flow relaxation in two phases, both exact min-cost flows over (case → group of
    /// interchangeable positions → sink):
    /// A. within the norm only, a missed norm charged at the late weight. Its optimum is a lower
    ///    bound on every plan: the within-norm part of any plan is a solution of phase A.
    /// B. the cases A left out, into the capacity left in their home region after the norm, or
    ///    unbooked.
    /// Splitting keeps each shortest-path search local in time: a case that cannot make the norm
    /// no longer explores months of later tables. Returns each free case's group (or nil) and the bound.
    func solveRelaxation(_ problem: SchedulingProblem, _ index: PositionIndex, joint: Bool = false) -> ([Int?], Int) {
        let caseCount = problem.cases.count
        let groups = index.groups
        var remaining = groups.map { $0.positions.count }
        var bound = 0
        for (c, k) in problem.cases.enumerated() {
            if let p = k.pinned {
                remaining[index.groupOfPosition[p]] -= 1
                bound += problem.cost(c, p)
            }
        }
        let free = index.caseOrder.filter { problem.cases[$0].pinned == nil }
        var groupOf: [Int?] = Array(repeating: nil, count: caseCount)

        func phase(_ cases: [Int], groupsOf: (Int) -> [Int], cost: (Int, Int) -> Int, missing: (Int) -> Int) -> Int {
            let sink = caseCount + groups.count
            var flow = MinCostFlow(nodeCount: sink + 1)
            for (g, left) in remaining.enumerated() where left > 0 {
                flow.addEdge(from: caseCount + g, to: sink, capacity: left, cost: 0)
            }
            var edges: [[(edge: Int, group: Int)]] = Array(repeating: [], count: caseCount)
            for c in cases {
                for g in groupsOf(c) where remaining[g] > 0 {
                    edges[c].append((flow.addEdge(from: c, to: caseCount + g, capacity: 1, cost: cost(c, g)), g))
                }
                flow.addEdge(from: c, to: sink, capacity: 1, cost: missing(c))
            }
            var total = 0
            for c in cases { total += flow.augmentOne(from: c, to: sink) }
            for c in cases {
                for (edge, g) in edges[c] where flow.flow(on: edge) > 0 { groupOf[c] = g; remaining[g] -= 1 }
            }
            return total
        }
        let first = { (g: Int) in groups[g].positions[0] }
        if joint {
            // One flow over all places, a missed booking at the unbooked cost: the exact relaxation.
            bound += phase(free, groupsOf: index.candidateGroups, cost: { c, g in problem.cost(c, first(g)) },
                           missing: { _ in problem.unbookedCost })
            return (groupOf, bound)
        }
        // Missing the norm costs at least the case's cheapest booking after the norm (capacity
        // aside), or the unbooked cost: charging that keeps phase A a valid, and tight, bound.
        let lateFloor = { (c: Int) -> Int in
            index.candidatePositions(of: c, below: problem.unbookedCost)
                .first { problem.positions[$0].day > problem.cases[c].deadline }
                .map { problem.cost(c, $0) } ?? problem.unbookedCost
        }
        bound += phase(free, groupsOf: { c in index.candidateGroups(of: c).filter { groups[$0].day <= problem.cases[c].deadline } },
                       cost: { c, g in problem.cost(c, first(g)) }, missing: lateFloor)
        let left = free.filter { groupOf[$0] == nil }
        _ = phase(left, groupsOf: { c in index.candidateGroups(of: c).filter { groups[$0].day > problem.cases[c].deadline } },
                  cost: { c, g in problem.cost(c, first(g)) }, missing: { _ in problem.unbookedCost })
        return (groupOf, bound)
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Positions grouped and sorted for fast candidate look-ups, plus, per position, the positions
/// whose busy time may collide with it through a shared person.
struct PositionIndex {
    struct Group {
        var region: Int
        var day: Int
        var childAllowed: Bool
        var positions: [Int]
    }
    let problem: SchedulingProblem
    var groups: [Group] = []
    var groupOfPosition: [Int]
    /// Per region, its groups sorted by day.
    var groupsByRegion: [[Int]]
    /// Per region, its positions sorted by (day, start).
    var positionsByRegion: [[Int]]
    /// The positions of each table session (region, day, table), and each position's session.
    var sessionPositions: [[Int]] = []
    var sessionOf: [Int]
    /// Sessions linked through a shared person on the same day, as one cluster of positions.
    var clusterPositions: [[Int]] = []
    var clusterOfSession: [Int] = []
    var relatedStart: [Int32]
    var related: [Int32]
    /// Cases in processing order: by deadline, then completion, then reference.
    var caseOrder: [Int]

    // Flat copies of the fields the search reads millions of times (no reference counting).
    let pDay: [Int], pStart: [Int], pEnd: [Int], pChildStart: [Int], pRegion: [Int]
    let pChildAllowed: [Bool], pTypes: [UInt8]
    let cHome: [Int], cComplete: [Int], cEarliest: [Int], cDeadline: [Int], cChild: [Bool], cType: [UInt8]
    let cUnavailable: [[Int]]
    let isNeighbour: [Bool]
    let regionCount: Int
    let lateWeight: Int, neighbourWeight: Int

    static func mask(_ types: Set<MeetingType>) -> UInt8 {
        types.reduce(0) { $0 | (1 << UInt8(MeetingType.allCases.firstIndex(of: $1)!)) }
    }

    @inline(__always) func cost(_ c: Int, _ p: Int) -> Int {
        let day = pDay[p]
        var value = day - cComplete[c]
        if day > cDeadline[c] { value += lateWeight }
        if pRegion[p] != cHome[c] { value += neighbourWeight }
        return value
    }

    @inline(__always) func busy(_ c: Int, _ p: Int) -> (Int, Int) {
        (cChild[c] ? pChildStart[p] : pStart[p], pEnd[p])
    }

    @inline(__always) func allows(_ c: Int, _ p: Int) -> Bool {
        let day = pDay[p]
        if day < cEarliest[c] || pTypes[p] & cType[c] == 0 { return false }
        if cChild[c] && !pChildAllowed[p] { return false }
        if !cUnavailable[c].isEmpty && cUnavailable[c].contains(day) { return false }
        let region = pRegion[p], home = cHome[c]
        if region == home { return true }
        return day <= cDeadline[c] && isNeighbour[home * regionCount + region]
    }

    /// Late home-region bookings are considered up to this many days after the deadline.
    let maxLateDays: Int

    init(_ problem: SchedulingProblem, maxLateDays: Int = .max / 4) {
        self.problem = problem
        self.maxLateDays = maxLateDays
        let positions = problem.positions
        pDay = positions.map(\.day); pStart = positions.map(\.start); pEnd = positions.map(\.end)
        pChildStart = positions.map(\.childStart); pRegion = positions.map(\.region)
        pChildAllowed = positions.map(\.childAllowed); pTypes = positions.map { PositionIndex.mask($0.types) }
        cHome = problem.cases.map(\.home); cComplete = problem.cases.map(\.complete)
        cEarliest = problem.cases.map(\.earliest); cDeadline = problem.cases.map(\.deadline)
        cChild = problem.cases.map(\.child); cType = problem.cases.map { PositionIndex.mask([$0.type]) }
        cUnavailable = problem.cases.map { $0.unavailable.sorted() }
        regionCount = problem.regionIDs.count
        var neighbourFlags = Array(repeating: false, count: regionCount * regionCount)
        for (r, list) in problem.neighbours.enumerated() { for n in list { neighbourFlags[r * regionCount + n] = true } }
        isNeighbour = neighbourFlags
        lateWeight = problem.weights.late; neighbourWeight = problem.weights.neighbour
        groupOfPosition = Array(repeating: -1, count: positions.count)
        var key: [SessionKey: Int] = [:]
        let order = positions.indices.sorted {
            let a = positions[$0], b = positions[$1]
            return (a.region, a.day, a.table, a.start, $0) < (b.region, b.day, b.table, b.start, $1)
        }
        for p in order {
            let q = positions[p]
            let k = SessionKey(region: q.region, day: q.day, table: q.table, childAllowed: q.childAllowed, types: q.types, people: q.people)
            if let g = key[k] { groups[g].positions.append(p); groupOfPosition[p] = g; continue }
            key[k] = groups.count
            groupOfPosition[p] = groups.count
            groups.append(Group(region: q.region, day: q.day, childAllowed: q.childAllowed, positions: [p]))
        }
        groupsByRegion = Array(repeating: [], count: problem.regionIDs.count)
        for (g, group) in groups.enumerated() { groupsByRegion[group.region].append(g) }
        positionsByRegion = Array(repeating: [], count: problem.regionIDs.count)
        for p in order { positionsByRegion[positions[p].region].append(p) }
        sessionOf = Array(repeating: -1, count: positions.count)
        var lastKey: (Int, Int, Int)? = nil
        for p in order {
            let q = positions[p]
            if lastKey == nil || lastKey! != (q.region, q.day, q.table) {
                sessionPositions.append([]); lastKey = (q.region, q.day, q.table)
            }
            sessionPositions[sessionPositions.count - 1].append(p)
            sessionOf[p] = sessionPositions.count - 1
        }

        // Positions sharing a person on the same day whose widest busy extents overlap.
        var byPersonDay: [Int: [Int]] = [:]
        for (p, q) in positions.enumerated() {
            for person in q.people { byPersonDay[person &* 100_003 &+ q.day, default: []].append(p) }
        }
        var lists: [[Int32]] = Array(repeating: [], count: positions.count)
        for (_, list) in byPersonDay.sorted(by: { $0.key < $1.key }) {
            let sorted = list.sorted { (positions[$0].childStart, $0) < (positions[$1].childStart, $1) }
            for (i, a) in sorted.enumerated() {
                let aEnd = positions[a].end
                for b in sorted[(i + 1)...] {
                    if positions[b].childStart >= aEnd && positions[b].start >= aEnd { break }
                    lists[a].append(Int32(b)); lists[b].append(Int32(a))
                }
            }
        }
        relatedStart = [0]
        related = []
        for var list in lists {
            list.sort()
            var last: Int32 = -1
            for x in list where x != last { related.append(x); last = x }
            relatedStart.append(Int32(related.count))
        }
        caseOrder = problem.cases.indices.sorted {
            let a = problem.cases[$0], b = problem.cases[$1]
            return (a.deadline, a.complete, a.ref) < (b.deadline, b.complete, b.ref)
        }
        // Union sessions whose positions are related through a person.
        var parent = Array(sessionPositions.indices)
        let find = PositionIndex.find
        for p in positions.indices {
            for q in related[Int(relatedStart[p])..<Int(relatedStart[p + 1])] {
                let a = find(&parent, sessionOf[p]), b = find(&parent, sessionOf[Int(q)])
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var clusterIndex: [Int: Int] = [:]
        clusterOfSession = sessionPositions.indices.map { s in
            let root = find(&parent, s)
            if let c = clusterIndex[root] { return c }
            clusterIndex[root] = clusterPositions.count
            clusterPositions.append([])
            return clusterPositions.count - 1
        }
        for (s, list) in sessionPositions.enumerated() { clusterPositions[clusterOfSession[s]] += list }
    }

    /// Variant 0: by deadline; 1: the reverse; further: a fixed shuffle.
    static func order(_ base: [Int], variant: Int) -> [Int] {
        switch variant {
        case 0: return base
        case 1: return base.reversed()
        default:
            var random = SplitMix64(state: UInt64(variant) &* 0x9E37_79B9)
            var list = base
            for i in stride(from: list.count - 1, to: 0, by: -1) { list.swapAt(i, Int(random.next() % UInt64(i + 1))) }
            return list
        }
    }

    static func find(_ parent: inout [Int], _ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }

    struct SessionKey: Hashable {
        var region: Int, day: Int, table: Int, childAllowed: Bool, types: Set<MeetingType>, people: [Int]
    }

    func candidateGroups(of c: Int) -> [Int] {
        let k = problem.cases[c]
        var result: [Int] = []
        for region in [k.home] + problem.neighbours[k.home] {
            let list = groupsByRegion[region]
            var i = lowerBound(list) { groups[$0].day < k.earliest }
            while i < list.count {
                let g = list[i]
                let group = groups[g]
                if region != k.home && group.day > k.deadline { break }
                if group.day > k.deadline + maxLateDays { break }
                i += 1
                if k.child && !group.childAllowed { continue }
                if k.unavailable.contains(group.day) { continue }
                if !problem.positions[group.positions[0]].types.contains(k.type) { continue }
                result.append(g)
            }
        }
        return result
    }

    /// The positions case `c` may take with a cost below `limit`, cheapest first. The cost order
    /// is structural — home within the norm by date, then neighbours within the norm by date, then
    /// home after the norm by date — so no sort is needed and the scan stops at the limit.
    func candidatePositions(of c: Int, below limit: Int, atLeast wanted: Int = .max) -> [Int] {
        var result: [Int] = []
        let complete = cComplete[c], home = cHome[c], earliest = cEarliest[c], deadline = cDeadline[c]
        func scan(_ region: Int, from: Int, through: Int, extra: Int, into list: inout [Int]) {
            let positions = positionsByRegion[region]
            var i = lowerBound(positions) { pDay[$0] < from }
            while i < positions.count {
                let p = positions[i]
                let day = pDay[p]
                if day > through || day - complete + extra >= limit { break }
                i += 1
                if allows(c, p) { list.append(p) }
            }
        }
        scan(home, from: earliest, through: deadline, extra: 0, into: &result)
        if result.count >= wanted { return result }
        if neighbourWeight < limit {
            var merged: [Int] = []
            let neighbours = problem.neighbours[home]
            for region in neighbours { scan(region, from: earliest, through: deadline, extra: neighbourWeight, into: &merged) }
            if neighbours.count > 1 { merged.sort { (pDay[$0], $0) < (pDay[$1], $1) } }
            result += merged
        }
        if result.count >= wanted { return result }
        if lateWeight < limit {
            scan(home, from: max(earliest, deadline + 1), through: deadline + maxLateDays, extra: lateWeight, into: &result)
        }
        return result
    }

    /// The cheapest cost case `c` could ever have: its first allowed position in cost order.
    func floorCost(of c: Int) -> Int {
        candidatePositions(of: c, below: problem.unbookedCost, atLeast: 1).first.map { cost(c, $0) } ?? problem.unbookedCost
    }

    @inline(__always) func relatedPositions(_ p: Int) -> ArraySlice<Int32> {
        related[Int(relatedStart[p])..<Int(relatedStart[p + 1])]
    }
}

@inline(__always) func lowerBound(_ list: [Int], _ isBefore: (Int) -> Bool) -> Int {
    var lo = 0, hi = list.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if isBefore(list[mid]) { lo = mid + 1 } else { hi = mid }
    }
    return lo
}

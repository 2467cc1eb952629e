import JBTCore

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
    /// Per session, the most child conversations it can hold at once: the largest set of its
    /// child-capable positions whose busy times (child conversation and table conversation) do
    /// not overlap. A valid cut for the flow: in an hours-mode table a child conversation takes
    /// the slot before it, so four slots hold at most two.
    var childCapacity: [Int] = []
    /// Sessions linked through a shared person on the same day, as one cluster of positions.
    var clusterPositions: [[Int]] = []
    var clusterOfSession: [Int] = []
    var relatedStart: [Int32]
    var related: [Int32]
    /// Per case, the other cases that share one of its own people (a family, a referrer): they
    /// may not be booked at overlapping times, wherever they sit. Empty for most problems.
    let caseRelatedStart: [Int32]
    let caseRelated: [Int32]
    let hasCasePeople: Bool
    /// Cases in processing order: by deadline, then completion, then reference.
    var caseOrder: [Int]

    // Flat copies of the fields the search reads millions of times (no reference counting).
    let pDay: [Int], pStart: [Int], pEnd: [Int], pChildStart: [Int], pRegion: [Int]
    let pChildAllowed: [Bool], pTypes: [UInt8], pRefused: [UInt64]
    let cHome: [Int], cComplete: [Int], cEarliest: [Int], cDeadline: [Int], cChild: [Bool], cType: [UInt8], cClassBit: [UInt64]
    let cUnavailable: [[Int]]
    let cPinned: [Bool]
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
        if day < cEarliest[c] || pTypes[p] & cType[c] == 0 || pRefused[p] & cClassBit[c] != 0 { return false }
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
        pRefused = positions.map(\.refused)
        cClassBit = problem.cases.map { 1 << UInt64($0.ruleClass) }
        cHome = problem.cases.map(\.home); cComplete = problem.cases.map(\.complete)
        cEarliest = problem.cases.map(\.earliest); cDeadline = problem.cases.map(\.deadline)
        cChild = problem.cases.map(\.child); cType = problem.cases.map { PositionIndex.mask([$0.type]) }
        cUnavailable = problem.cases.map { $0.unavailable.sorted() }
        cPinned = problem.cases.map { $0.pinned != nil }
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
            let k = SessionKey(region: q.region, day: q.day, table: q.table, childAllowed: q.childAllowed, types: q.types,
                               refused: q.refused, people: q.people)
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
        (caseRelatedStart, caseRelated) = PositionIndex.casesSharingPeople(problem.cases)
        hasCasePeople = !caseRelated.isEmpty
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
        childCapacity = sessionPositions.map { list in
            var count = 0, freeFrom = Int.min
            for p in list.filter({ positions[$0].childAllowed }).sorted(by: { positions[$0].end < positions[$1].end }) {
                if positions[p].childStart >= freeFrom { count += 1; freeFrom = positions[p].end }
            }
            return count
        }
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

    /// Per case, the other cases with one of its own people, deduplicated and sorted (as ranges
    /// of one flat array).
    static func casesSharingPeople(_ cases: [SchedulingProblem.Case]) -> ([Int32], [Int32]) {
        var byPerson: [Int: [Int32]] = [:]
        for (c, k) in cases.enumerated() {
            for person in Set(k.people) { byPerson[person, default: []].append(Int32(c)) }
        }
        var starts: [Int32] = [0]
        var flat: [Int32] = []
        for (c, k) in cases.enumerated() {
            var others = Set<Int32>()
            for person in Set(k.people) { others.formUnion(byPerson[person] ?? []) }
            others.remove(Int32(c))
            flat += others.sorted()
            starts.append(Int32(flat.count))
        }
        return (starts, flat)
    }

    static func find(_ parent: inout [Int], _ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }

    struct SessionKey: Hashable {
        var region: Int, day: Int, table: Int, childAllowed: Bool, types: Set<MeetingType>, refused: UInt64, people: [Int]
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
                let q = problem.positions[group.positions[0]]
                if !q.types.contains(k.type) || q.refused & (1 << UInt64(k.ruleClass)) != 0 { continue }
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
        let home = cHome[c], earliest = cEarliest[c], deadline = cDeadline[c]
        scan(c, home, from: earliest, through: deadline, extra: 0, below: limit, into: &result)
        if result.count >= wanted { return result }
        if neighbourWeight < limit {
            var merged: [Int] = []
            let neighbours = problem.neighbours[home]
            for region in neighbours { scan(c, region, from: earliest, through: deadline, extra: neighbourWeight, below: limit, into: &merged) }
            if neighbours.count > 1 {
                let day = pDay
                merged.sort { (day[$0], $0) < (day[$1], $1) }
            }
            result += merged
        }
        if result.count >= wanted { return result }
        if lateWeight < limit {
            scan(c, home, from: max(earliest, deadline + 1), through: deadline + maxLateDays, extra: lateWeight, below: limit, into: &result)
        }
        return result
    }

    /// Appends the positions of `region` from day `from` through `through` that case `c` may take,
    /// by date, stopping where the cost (`extra` plus waiting days) reaches `limit`.
    private func scan(_ c: Int, _ region: Int, from: Int, through: Int, extra: Int, below limit: Int, into list: inout [Int]) {
        let positions = positionsByRegion[region]
        let complete = cComplete[c]
        var i = lowerBound(positions) { pDay[$0] < from }
        while i < positions.count {
            let p = positions[i]
            let day = pDay[p]
            if day > through || day - complete + extra >= limit { break }
            i += 1
            if allows(c, p) { list.append(p) }
        }
    }

    /// The cheapest booking of case `c` after its norm (in its home region, at most `maxLateDays`
    /// late), or the unbooked cost: the first home position after the norm in `candidatePositions`.
    func lateFloorCost(of c: Int) -> Int {
        let limit = problem.unbookedCost
        guard lateWeight < limit else { return limit }
        let complete = cComplete[c], deadline = cDeadline[c]
        let positions = positionsByRegion[cHome[c]]
        let from = max(cEarliest[c], deadline + 1), through = deadline + maxLateDays
        var i = lowerBound(positions) { pDay[$0] < from }
        while i < positions.count {
            let p = positions[i]
            let day = pDay[p]
            if day > through || day - complete + lateWeight >= limit { break }
            if allows(c, p) { return cost(c, p) }
            i += 1
        }
        return limit
    }

    /// The cheapest cost case `c` could ever have: its first allowed position in cost order.
    func floorCost(of c: Int) -> Int {
        candidatePositions(of: c, below: problem.unbookedCost, atLeast: 1).first.map { cost(c, $0) } ?? problem.unbookedCost
    }

    @inline(__always) func relatedPositions(_ p: Int) -> ArraySlice<Int32> {
        related[Int(relatedStart[p])..<Int(relatedStart[p + 1])]
    }

    @inline(__always) func relatedCases(_ c: Int) -> ArraySlice<Int32> {
        caseRelated[Int(caseRelatedStart[c])..<Int(caseRelatedStart[c + 1])]
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

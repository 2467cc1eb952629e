/// Where demand exceeds capacity, found as the source side of a minimum cut.
///
/// Over the within-norm assignment graph, every case that misses the norm starts an alternating
/// search: to each position it could have had within the norm, and from a taken position on to the
/// case holding it (which, for the plan to be improved, would itself have to move). What is reached
/// is a set of cases that together compete for a set of places that is full: by König's theorem
/// this is a minimum cut, and it is the explanation a voorzitter can take to the municipality —
/// "in regions A and B between these dates, N cases compete for M places".
public struct Bottleneck: Sendable, Hashable {
    public var regions: [Int]
    public var firstDay: Int
    public var lastDay: Int
    /// Cases that compete, including those that missed the norm.
    public var cases: Int
    /// Cases among them that missed the norm.
    public var missing: Int
    /// Places (positions) they compete for.
    public var places: Int
}

extension SchedulingProblem {
    public func bottlenecks(of schedule: Schedule) -> [Bottleneck] {
        let index = PositionIndex(self)
        var caseOfPosition = Array(repeating: -1, count: positions.count)
        for (c, p) in schedule.positionOf.enumerated() { if let p { caseOfPosition[p] = c } }
        func missesNorm(_ c: Int) -> Bool {
            guard let p = schedule.positionOf[c] else { return true }
            return positions[p].day > cases[c].deadline
        }
        // Alternating search from every case that misses the norm, at once.
        var caseSeen = Array(repeating: false, count: cases.count)
        var positionSeen = Array(repeating: false, count: positions.count)
        var queue = index.caseOrder.filter(missesNorm)
        for c in queue { caseSeen[c] = true }
        var reached: [Int] = []
        var candidatesOf: [Int: [Int]] = [:]
        while let c = queue.popLast() {
            reached.append(c)
            let list = index.candidatePositions(of: c, below: unbookedCost).filter { positions[$0].day <= cases[c].deadline }
            candidatesOf[c] = list
            for p in list where !positionSeen[p] {
                positionSeen[p] = true
                let holder = caseOfPosition[p]
                if holder >= 0 && !caseSeen[holder] { caseSeen[holder] = true; queue.append(holder) }
            }
        }
        // Places a case could take belong together: union-find over positions.
        var parent = Array(positions.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for c in reached { if let list = candidatesOf[c], let first = list.first { for p in list.dropFirst() { parent[find(p)] = find(first) } } }
        var clusters: [Int: Bottleneck] = [:]
        for p in positions.indices where positionSeen[p] {
            let root = find(p)
            var b = clusters[root] ?? Bottleneck(regions: [], firstDay: .max, lastDay: .min, cases: 0, missing: 0, places: 0)
            b.places += 1
            if !b.regions.contains(positions[p].region) { b.regions.append(positions[p].region) }
            b.firstDay = min(b.firstDay, positions[p].day); b.lastDay = max(b.lastDay, positions[p].day)
            clusters[root] = b
        }
        for c in reached {
            guard let first = candidatesOf[c]?.first else { continue }
            let root = find(first)
            clusters[root]!.cases += 1
            if missesNorm(c) { clusters[root]!.missing += 1 }
        }
        // Only a real shortage: more cases than places. Misses elsewhere have other causes
        // (a family's unavailable days, a meeting type not held), explained per case.
        let result = clusters.values.filter { $0.missing > 0 && $0.cases > $0.places }.map { b -> Bottleneck in
            var b = b; b.regions.sort(); return b
        }
        return result.sorted { ($0.missing, $0.cases, $1.firstDay) > ($1.missing, $1.cases, $0.firstDay) }
    }
}

/// The within-norm flow at the level of single positions, with every person rule priced in:
/// for each person and day, each maximal set of mutually overlapping busy segments (a table
/// conversation, or the child conversation before one) may be used once. Subgradient steps on
/// those prices; every price vector gives a valid lower bound.
extension Scheduler {
    struct Clique { var main: [Int]; var child: [Int] }

    /// Maximal cliques of overlapping busy segments per person and day (singletons left out).
    static func personCliques(_ problem: SchedulingProblem, _ index: PositionIndex) -> [Clique] {
        var perPersonDay: [Int: [(start: Int, end: Int, position: Int, child: Bool)]] = [:]
        for (p, q) in problem.positions.enumerated() {
            for person in q.people {
                let key = person &* 100_003 &+ q.day
                perPersonDay[key, default: []].append((q.start, q.end, p, false))
                if q.childAllowed { perPersonDay[key, default: []].append((q.childStart, q.start, p, true)) }
            }
        }
        var seen = Set<[Int]>()
        var result: [Clique] = []
        for key in perPersonDay.keys.sorted() {
            let segments = perPersonDay[key]!
            var found: [[Int]] = []   // segment indices active at each start point
            for t in Set(segments.map(\.start)).sorted() {
                let active = segments.indices.filter { segments[$0].start <= t && t < segments[$0].end }
                if Set(active.map { segments[$0].position }).count >= 2 { found.append(active) }
            }
            for (i, a) in found.enumerated() where !found.enumerated().contains(where: { $0.offset != i && Set(a).isStrictSubset(of: Set($0.element)) }) {
                let encoded = a.map { segments[$0].position * 2 + (segments[$0].child ? 1 : 0) }.sorted()
                if !seen.insert(encoded).inserted { continue }
                result.append(Clique(main: a.filter { !segments[$0].child }.map { segments[$0].position },
                                     child: a.filter { segments[$0].child }.map { segments[$0].position }))
            }
        }
        return result
    }

    /// Returns the best Lagrangian bound and, per case, the within-norm position it has in the
    /// flow that breaks the person rules least (-1: none). `lateFloor` is each case's charge for
    /// missing the norm.
    ///
    /// The network is built once: every step has the same nodes and edges in the same order, only
    /// the priced costs change, so it is reset and re-costed instead of rebuilt.
    func cliquePricedAssignment(_ problem: SchedulingProblem, _ index: PositionIndex, free: [Int],
                                lateFloor: (Int) -> Int, iterations: Int) -> (bound: Int, positionOf: [Int]) {
        let late = problem.weights.late
        // The cliques and the candidate places do not depend on each other: one on each core.
        let (cliques, candidateLists) = parallel({ Scheduler.personCliques(problem, index) },
                                                 { free.map { index.candidatePositions(of: $0, below: late) } })
        var mainOf = Array(repeating: [Int](), count: problem.positions.count)
        var childOf = Array(repeating: [Int](), count: problem.positions.count)
        for (q, clique) in cliques.enumerated() {
            for p in clique.main { mainOf[p].append(q) }
            for p in clique.child { childOf[p].append(q) }
        }
        // Capacity left in each clique and positions left after the pinned bookings.
        var capacity = Array(repeating: 1, count: cliques.count)
        var taken = Array(repeating: false, count: problem.positions.count)
        for (c, k) in problem.cases.enumerated() {
            guard let p = k.pinned else { continue }
            taken[p] = true
            for q in mainOf[p] { capacity[q] -= 1 }
            if index.cChild[c] { for q in childOf[p] { capacity[q] -= 1 } }
        }
        let caseCount = problem.cases.count
        let sink = caseCount + problem.positions.count
        var flow = MinCostFlow(nodeCount: sink + 1)
        for p in problem.positions.indices where !taken[p] { flow.addEdge(from: caseCount + p, to: sink, capacity: 1, cost: 0) }
        // The edges of free case i are candidates candidateStart[i]..<candidateStart[i + 1].
        var candidateStart = [0]
        var candidatePosition: [Int] = []
        candidateStart.reserveCapacity(free.count + 1)
        for list in candidateLists {
            for p in list where !taken[p] { candidatePosition.append(p) }
            candidateStart.append(candidatePosition.count)
        }
        flow.reserveEdges(candidatePosition.count + free.count)
        var candidateEdge = Array(repeating: 0, count: candidatePosition.count)
        var baseCost = Array(repeating: 0, count: candidatePosition.count)
        for (i, c) in free.enumerated() {
            for k in candidateStart[i]..<candidateStart[i + 1] {
                let p = candidatePosition[k]
                baseCost[k] = index.cost(c, p)
                candidateEdge[k] = flow.addEdge(from: c, to: caseCount + p, capacity: 1, cost: baseCost[k])
            }
            flow.addEdge(from: c, to: sink, capacity: 1, cost: lateFloor(c))
        }
        var price = Array(repeating: 0, count: cliques.count)
        var bestBound = Int.min, bestViolation = Int.max
        var best = Array(repeating: -1, count: caseCount)
        var chosen = best
        var usage = Array(repeating: 0, count: cliques.count)
        var step = 64.0
        for iteration in 0..<max(iterations, 1) {
            if iteration > 0 {
                flow.resetFlow()
                for (i, c) in free.enumerated() {
                    let child = index.cChild[c]
                    for k in candidateStart[i]..<candidateStart[i + 1] {
                        let p = candidatePosition[k]
                        var cost = baseCost[k]
                        for q in mainOf[p] { cost += price[q] }
                        if child { for q in childOf[p] { cost += price[q] } }
                        flow.setCost(of: candidateEdge[k], to: cost)
                    }
                }
            }
            var total = 0
            for c in free { total += flow.augmentOne(from: c, to: sink) }
            for q in usage.indices { usage[q] = 0 }
            for (i, c) in free.enumerated() {
                chosen[c] = -1
                for k in candidateStart[i]..<candidateStart[i + 1] where flow.flow(on: candidateEdge[k]) > 0 {
                    let p = candidatePosition[k]
                    chosen[c] = p
                    for q in mainOf[p] { usage[q] += 1 }
                    if index.cChild[c] { for q in childOf[p] { usage[q] += 1 } }
                }
            }
            bestBound = max(bestBound, total - zip(price, capacity).reduce(0) { $0 + $1.0 * max($1.1, 0) })
            var violation = 0
            for q in cliques.indices { violation += max(usage[q] - capacity[q], 0) }
            if violation <= bestViolation { bestViolation = violation; best = chosen }
            if violation == 0 || iteration == iterations - 1 { break }
            for q in cliques.indices {
                price[q] = max(0, price[q] + Int((step * Double(usage[q] - capacity[q])).rounded()))
            }
            step *= 1.5
        }
        return (bestBound, best)
    }
}

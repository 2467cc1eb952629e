/// The within-norm flow at the level of single positions, with every person rule priced in:
/// for each person and day, each maximal set of mutually overlapping busy segments (a table
/// conversation, or the child conversation before one) may be used once. Subgradient steps on
/// those prices; every price vector gives a valid lower bound.
extension Scheduler {
    struct Clique { var main: [Int]; var child: [Int] }

    /// The person cliques with, per position, the cliques its table conversation (`mainOf`) and
    /// its child conversation (`childOf`) belong to; what the pinned bookings leave of each
    /// clique (`capacity`, below 0 where pinned bookings already clash) and which positions they
    /// hold (`taken`). Shared by the priced flow and the linear relaxation.
    struct PersonCliques {
        let all: [Clique]
        let mainOf: [[Int]], childOf: [[Int]]
        let capacity: [Int]
        let taken: [Bool]

        init(_ problem: SchedulingProblem, _ index: PositionIndex) {
            all = Scheduler.personCliques(problem, index)
            var mainOf = Array(repeating: [Int](), count: problem.positions.count)
            var childOf = mainOf
            for (q, clique) in all.enumerated() {
                for p in clique.main { mainOf[p].append(q) }
                for p in clique.child { childOf[p].append(q) }
            }
            var capacity = Array(repeating: 1, count: all.count)
            var taken = Array(repeating: false, count: problem.positions.count)
            for (c, k) in problem.cases.enumerated() {
                guard let p = k.pinned else { continue }
                taken[p] = true
                for q in mainOf[p] { capacity[q] -= 1 }
                if index.cChild[c] { for q in childOf[p] { capacity[q] -= 1 } }
            }
            (self.mainOf, self.childOf, self.capacity, self.taken) = (mainOf, childOf, capacity, taken)
        }
    }

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

    /// Returns the best Lagrangian bound and the seeds for the layout: per case, the position it
    /// has (-1: none) in the dive's plan (see below), and in the step's flow whose repair kept the
    /// most. The flow offers each case the places below `limit` (within the norm, or every place);
    /// `lateFloor` is its charge for taking none. `diveRounds` bounds the dive (each round is a flow).
    ///
    /// The network is built once: every step has the same nodes and edges in the same order, only
    /// the priced costs change, so it is reset and re-costed instead of rebuilt.
    /// `cliques`, when the caller has them already; else they are built beside the candidate lists.
    func cliquePricedAssignment(_ problem: SchedulingProblem, _ index: PositionIndex, free: [Int], below limit: Int,
                                lateFloor: (Int) -> Int, iterations: Int, diveRounds: Int,
                                cliques given: PersonCliques? = nil) -> (bound: Int, seeds: [[Int]]) {
        // The cliques and the candidate places do not depend on each other: one on each core.
        let (person, candidateLists) = parallel({ given ?? PersonCliques(problem, index) },
                                                { free.map { index.candidatePositions(of: $0, below: limit) } })
        let (cliques, mainOf, childOf, capacity, taken) = (person.all, person.mainOf, person.childOf, person.capacity, person.taken)
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
        // Per candidate its case, per case its slot in `free`, per position the candidates into it.
        var edgeCase = Array(repeating: 0, count: candidatePosition.count)
        var slot = Array(repeating: 0, count: caseCount)
        var edgesAt = Array(repeating: [Int](), count: problem.positions.count)
        for (i, c) in free.enumerated() {
            slot[c] = i
            for k in candidateStart[i]..<candidateStart[i + 1] {
                let p = candidatePosition[k]
                baseCost[k] = index.cost(c, p)
                candidateEdge[k] = flow.addEdge(from: c, to: caseCount + p, capacity: 1, cost: baseCost[k])
                edgeCase[k] = c
                edgesAt[p].append(k)
            }
            flow.addEdge(from: c, to: sink, capacity: 1, cost: lateFloor(c))
        }
        /// Candidate `k`'s cost with the person rules priced at `price`.
        func pricedCost(_ k: Int, _ price: [Int]) -> Int {
            let p = candidatePosition[k]
            var cost = baseCost[k]
            for q in mainOf[p] { cost += price[q] }
            if index.cChild[edgeCase[k]] { for q in childOf[p] { cost += price[q] } }
            return cost
        }
        var chosenEdge = Array(repeating: -1, count: caseCount)   // per case, its candidate in the flow
        var usage = Array(repeating: 0, count: cliques.count)
        var solvedAt: [Int]? = nil
        /// Solves the flow at `price` (disabled edges left out); fills `chosenEdge` and `usage`
        /// and returns the flow's (priced) cost.
        func solve(_ price: [Int]) -> Int {
            if let last = solvedAt {
                flow.resetFlow()
                if last != price {
                    for k in candidateEdge.indices { flow.setCost(of: candidateEdge[k], to: pricedCost(k, price)) }
                }
            }
            solvedAt = price
            var total = 0
            for c in free { total += flow.augmentOne(from: c, to: sink) }
            for q in usage.indices { usage[q] = 0 }
            for (i, c) in free.enumerated() {
                chosenEdge[c] = -1
                for k in candidateStart[i]..<candidateStart[i + 1] where flow.flow(on: candidateEdge[k]) > 0 {
                    let p = candidatePosition[k]
                    chosenEdge[c] = k
                    for q in mainOf[p] { usage[q] += 1 }
                    if index.cChild[c] { for q in childOf[p] { usage[q] += 1 } }
                }
            }
            return total
        }
        /// Per case, the position the flow gave it (-1: none).
        func chosen() -> [Int] { chosenEdge.map { $0 < 0 ? -1 : candidatePosition[$0] } }
        /// The cost of the flow's plan, repaired to keep every person rule: in the case order, a
        /// case whose place would overuse a clique takes none instead (an upper bound on the
        /// optimum of this flow's problem).
        func repairedCost() -> Int {
            var left = capacity.map { max($0, 0) }
            var primal = 0
            for c in free {
                var base = lateFloor(c)
                let k = chosenEdge[c]
                if k >= 0 {
                    let p = candidatePosition[k], child = index.cChild[c]
                    if mainOf[p].allSatisfy({ left[$0] > 0 }) && (!child || childOf[p].allSatisfy { left[$0] > 0 }) {
                        base = baseCost[k]
                        for q in mainOf[p] { left[q] -= 1 }
                        if child { for q in childOf[p] { left[q] -= 1 } }
                    }
                }
                primal += base
            }
            return primal
        }

        // Subgradient steps by Polyak's rule, towards the best repaired plan; the step factor is
        // halved whenever the bound has not risen for three steps.
        var price = Array(repeating: 0, count: cliques.count)
        var bestPrice = price
        var bestBound = Int.min, bestPrimal = Int.max
        var best = Array(repeating: -1, count: caseCount)
        var theta = 2.0, stalled = 0
        for iteration in 0..<max(iterations, 1) {
            let total = solve(price)
            let primal = repairedCost()
            let bound = total - zip(price, capacity).reduce(0) { $0 + $1.0 * max($1.1, 0) }
            if bound > bestBound { bestBound = bound; bestPrice = price; stalled = 0 } else { stalled += 1 }
            if stalled >= 3 { theta /= 2; stalled = 0 }
            if primal < bestPrimal { bestPrimal = primal; best = chosen() }
            // The projected subgradient: a clique at price 0 with room to spare does not pull.
            var norm = 0
            for q in cliques.indices {
                let g = usage[q] - max(capacity[q], 0)
                if g > 0 || price[q] > 0 { norm += g * g }
            }
            if norm == 0 || bestPrimal <= bestBound || iteration == iterations - 1 { break }
            let step = theta * Double(bestPrimal - bound) / Double(norm)
            for q in cliques.indices {
                let g = usage[q] - max(capacity[q], 0)
                price[q] = max(0, price[q] + Int((step * Double(g)).rounded()))
            }
        }

        // The dive, from the best prices: in each clique the flow overuses, the segment whose case
        // would lose most by moving (to its next open place, priced) stays open and the others
        // close for good; solve again, until the flow keeps every person rule (or `diveRounds`
        // flows have been solved). Its plan seeds a layout.
        var closedMain = Array(repeating: false, count: problem.positions.count)
        var closedChild = closedMain
        func regret(_ k: Int) -> Int {
            let c = edgeCase[k], i = slot[c], child = index.cChild[c]
            var here = 0, other = lateFloor(c)
            for j in candidateStart[i]..<candidateStart[i + 1] {
                let p = candidatePosition[j]
                if closedMain[p] || (child && closedChild[p]) { continue }
                if j == k { here = pricedCost(j, bestPrice) } else { other = min(other, pricedCost(j, bestPrice)) }
            }
            return other - here
        }
        var occupantEdge = Array(repeating: -1, count: problem.positions.count)
        var dived: [Int] = []
        for round in 0..<max(diveRounds, 1) {
            if round > 0 || solvedAt != bestPrice { _ = solve(bestPrice) }
            dived = chosen()
            let over = cliques.indices.filter { usage[$0] > max(capacity[$0], 0) }
            if over.isEmpty || round == diveRounds - 1 { break }
            for p in occupantEdge.indices { occupantEdge[p] = -1 }
            for k in chosenEdge where k >= 0 { occupantEdge[candidatePosition[k]] = k }
            var closing: [(p: Int, main: Bool)] = []
            for q in over {
                // The segments in use; one closed earlier this round no longer counts.
                var used: [(main: Bool, p: Int, regret: Int)] = []
                for p in cliques[q].main where occupantEdge[p] >= 0 && !closedMain[p] { used.append((true, p, regret(occupantEdge[p]))) }
                for p in cliques[q].child where occupantEdge[p] >= 0 && index.cChild[edgeCase[occupantEdge[p]]] && !closedMain[p] && !closedChild[p] {
                    used.append((false, p, regret(occupantEdge[p])))
                }
                guard used.count > max(capacity[q], 0) else { continue }
                let keep = used.indices.max { (used[$0].regret, -$0) < (used[$1].regret, -$1) }!
                for (j, segment) in used.enumerated() where j != keep || capacity[q] <= 0 {
                    if segment.main { closedMain[segment.p] = true } else { closedChild[segment.p] = true }
                    closing.append((segment.p, segment.main))
                }
            }
            flow.resetFlow()   // an edge is disabled without flow on it
            for (p, main) in closing {
                for k in edgesAt[p] where main || index.cChild[edgeCase[k]] { flow.disable(candidateEdge[k]) }
            }
        }
        return (bestBound, [dived, best])
    }
}

import JBTCore
import Testing
@testable import JBTScheduling

/// The speed-ups keep the plan: each shortcut is checked against the slow way it replaces.
@Suite("Shortcuts of the national-year speed-up agree with the plain computation")
struct SpeedInvariantTests {
    /// A random assignment network: `cases` sources, `places` positions of capacity 1, a sink, and
    /// an unbooked edge per case. Returns the edges as (case, place, cost) and each unbooked cost.
    static func randomAssignment(seed: UInt64, cases: Int, places: Int) -> ([(Int, Int, Int)], [Int]) {
        var rng = SeededRandom(state: seed)
        var edges: [(Int, Int, Int)] = []
        for c in 0..<cases {
            for p in 0..<places where Int.random(in: 0..<3, using: &rng) > 0 {
                edges.append((c, p, Int.random(in: 0...20, using: &rng)))
            }
        }
        return (edges, (0..<cases).map { _ in Int.random(in: 15...40, using: &rng) })
    }

    /// Builds the network, sends one unit per case; returns the total and each case's place (-1: none).
    static func solve(_ flow: inout MinCostFlow, cases: Int, places: Int, edges: [(Int, Int, Int)], ids: [Int]) -> (Int, [Int]) {
        let sink = cases + places
        var total = 0
        for c in 0..<cases { total += flow.augmentOne(from: c, to: sink) }
        var placeOf = Array(repeating: -1, count: cases)
        for (k, (c, p, _)) in edges.enumerated() where flow.flow(on: ids[k]) > 0 { placeOf[c] = p }
        return (total, placeOf)
    }

    /// Adds the network's edges to the empty `flow` (of `cases + places + 1` nodes); returns the
    /// ids of the case-to-place edges, in the order of `edges`.
    static func build(_ flow: inout MinCostFlow, cases: Int, places: Int, edges: [(Int, Int, Int)], unbooked: [Int],
                      cost: (Int) -> Int) -> [Int] {
        let sink = cases + places
        for p in 0..<places { flow.addEdge(from: cases + p, to: sink, capacity: 1, cost: 0) }
        var ids: [Int] = []
        for c in 0..<cases {
            for (k, e) in edges.enumerated() where e.0 == c { ids.append(flow.addEdge(from: c, to: cases + e.1, capacity: 1, cost: cost(k))) }
            flow.addEdge(from: c, to: sink, capacity: 1, cost: unbooked[c])
        }
        return ids
    }

    /// The cheapest assignment by trying every one.
    static func bruteForce(cases: Int, places: Int, edges: [(Int, Int, Int)], unbooked: [Int]) -> Int {
        var best = Int.max
        var used = Array(repeating: false, count: places)
        func goFiltered(_ c: Int, _ cost: Int) {
            if cost >= best { return }
            if c == cases { best = cost; return }
            goFiltered(c + 1, cost + unbooked[c])
            for e in edges where e.0 == c && !used[e.1] {
                used[e.1] = true; goFiltered(c + 1, cost + e.2); used[e.1] = false
            }
        }
        goFiltered(0, 0)
        return best
    }

    @Test("The flow (scanning only reverse arcs with flow) is the exhaustive optimum", arguments: 1...40)
    func flowIsOptimal(seed: Int) {
        let cases = 6, places = 5
        let (edges, unbooked) = Self.randomAssignment(seed: UInt64(seed), cases: cases, places: places)
        var flow = MinCostFlow(nodeCount: cases + places + 1)
        let ids = Self.build(&flow, cases: cases, places: places, edges: edges, unbooked: unbooked) { edges[$0].2 }
        let (total, placeOf) = Self.solve(&flow, cases: cases, places: places, edges: edges, ids: ids)
        #expect(total == Self.bruteForce(cases: cases, places: places, edges: edges, unbooked: unbooked))
        // The places taken are distinct and the total is what they cost.
        let taken = placeOf.filter { $0 >= 0 }
        #expect(Set(taken).count == taken.count)
        let recomputed = (0..<cases).reduce(0) { sum, c in
            sum + (placeOf[c] < 0 ? unbooked[c] : edges.first { $0.0 == c && $0.1 == placeOf[c] }!.2)
        }
        #expect(recomputed == total)
    }

    @Test("Reset and re-costed, a network gives exactly the flow of one built afresh", arguments: 1...25)
    func resetEqualsRebuild(seed: Int) {
        let cases = 12, places = 9
        let (edges, unbooked) = Self.randomAssignment(seed: UInt64(100 + seed), cases: cases, places: places)
        var rng = SeededRandom(state: UInt64(seed))
        let second = edges.map { _ in Int.random(in: 0...25, using: &rng) }
        var reused = MinCostFlow(nodeCount: cases + places + 1)
        let ids = Self.build(&reused, cases: cases, places: places, edges: edges, unbooked: unbooked) { edges[$0].2 }
        _ = Self.solve(&reused, cases: cases, places: places, edges: edges, ids: ids)
        reused.resetFlow()
        for (k, id) in ids.enumerated() { reused.setCost(of: id, to: second[k]) }
        let again = Self.solve(&reused, cases: cases, places: places, edges: edges, ids: ids)
        var fresh = MinCostFlow(nodeCount: cases + places + 1)
        let freshIDs = Self.build(&fresh, cases: cases, places: places, edges: edges, unbooked: unbooked) { second[$0] }
        let expected = Self.solve(&fresh, cases: cases, places: places, edges: edges, ids: freshIDs)
        #expect(again.0 == expected.0)
        #expect(again.1 == expected.1)
    }

    @Test("The late floor is the first place after the norm among the candidates", arguments: 1...20)
    func lateFloor(seed: Int) {
        let problem = SchedulerPropertyTests.randomInstance(seed: UInt64(700 + seed), cases: 30, days: 49, ruleClasses: seed % 2 == 0)
        let index = PositionIndex(problem, maxLateDays: 14)
        for c in problem.cases.indices {
            let expected = index.candidatePositions(of: c, below: problem.unbookedCost)
                .first { problem.positions[$0].day > problem.cases[c].deadline }
                .map { problem.cost(c, $0) } ?? problem.unbookedCost
            #expect(index.lateFloorCost(of: c) == expected, "case \(c)")
        }
    }

    @Test("Candidate lists cut at a limit as a scan from the front would, with usual and odd weights",
          arguments: [SchedulingProblem.Weights(), .init(late: 20, neighbour: 3, unbookedExtra: 5)])
    func candidateCut(weights: SchedulingProblem.Weights) {
        for seed in 1...10 {
            var problem = SchedulerPropertyTests.randomInstance(seed: UInt64(900 + seed), cases: 25, days: 42)
            problem.weights = weights
            let index = PositionIndex(problem, maxLateDays: 21)
            var state = SearchState(problem: problem, index: index)
            for c in problem.cases.indices {
                let full = index.candidatePositions(of: c, below: problem.unbookedCost)
                for limit in [0, 5, 10, weights.neighbour + 5, weights.late, weights.late + 7, problem.unbookedCost] {
                    var end = 0
                    while end < full.count && index.cost(c, full[end]) < limit { end += 1 }
                    #expect(state.candidates(c, below: limit).map(Int.init) == Array(full[0..<end]), "case \(c), limit \(limit)")
                }
            }
        }
    }

    @Test("Work split over threads comes back in order")
    func parallelInOrder() {
        #expect(parallelMap(5) { $0 * $0 } == [0, 1, 4, 9, 16])
        let (a, b) = parallel({ (1...1000).reduce(0, +) }, { "klaar" })
        #expect(a == 500_500)
        #expect(b == "klaar")
    }

    @Test("The same input gives the same plan, on two threads; the flow's restarts help", arguments: 1...6)
    func restartsDeterministic(seed: Int) {
        let problem = SchedulerPropertyTests.randomInstance(seed: UInt64(1200 + seed), cases: 60, days: 42)
        // The chains of a small input (the linear relaxation's two dives, on two threads), and the
        // path of large inputs (the flow alone, `restarts` runs).
        for limit in [2_000, 0] {
            let options = Scheduler.Options(evaluationBudget: 40_000, timeLimit: 10_000, restarts: 3, linearLimit: limit)
            let three = Scheduler(options: options).solve(problem)
            #expect(problem.violations(of: three.schedule).isEmpty)
            #expect(Scheduler(options: options).solve(problem).schedule == three.schedule)
            guard limit == 0 else { continue }
            // The best of three runs of the flow's plans is never worse than the first runs alone,
            // with the same share each.
            let one = Scheduler(options: .init(evaluationBudget: 40_000 / 3, timeLimit: 10_000, restarts: 1,
                                               linearLimit: limit)).solve(problem)
            #expect(three.metrics.objective <= one.metrics.objective)
        }
    }
}

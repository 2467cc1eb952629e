import JBTCore
import Testing
@testable import JBTScheduling

@Suite("Priced person rules: the bound, the dive, loose and home chains")
struct DiveTests {
    /// A voorzitter chairs a table in each region at the same hour on day 3. X (home region 0)
    /// may also wait for its home table on day 20; Y (home region 1) has no table of its own after
    /// the norm. Only one of them can be heard on day 3: the best plan gives that place to Y and
    /// books X after its norm (1,000,020 + 3); X on day 3 and Y unbooked costs 1,010,003.
    static func sharedChair() -> SchedulingProblem {
        var i = Instance()
        i.position(region: 0, day: 3, people: ["vz-gedeeld", "rvdk-0"])
        i.position(region: 1, day: 3, people: ["vz-gedeeld", "rvdk-1"])
        i.position(region: 0, day: 20, people: ["vz-0", "rvdk-0"])
        i.addCase("X", home: 0, complete: 0, norm: 7)
        i.addCase("Y", home: 1, complete: 0, norm: 7)
        return i.problem
    }

    @Test("With the person rules priced, the bound meets the optimum where the plain flow books one chair twice")
    func pricedBoundIsTight() {
        let problem = Self.sharedChair()
        #expect(bruteForceOptimum(problem) == 1_000_023)
        let index = PositionIndex(problem)
        // The flow relaxation with prices (the scheduler's above 2,000 cases, or where CLP fails).
        #expect(Scheduler().solveRelaxation(problem, index).1 == 1_000_023)
        // The flow without prices books both tables on day 3: its bound says nothing.
        let plain = Scheduler().cliquePricedAssignment(problem, index, free: [0, 1], below: problem.unbookedCost,
                                                       lateFloor: { _ in problem.unbookedCost }, iterations: 1, diveRounds: 1)
        #expect(plain.bound == 6)
    }

    @Test("The dive's plan keeps every person rule and is never below the bound", arguments: 1...15)
    func diveIsFeasible(seed: Int) {
        let problem = SchedulerPropertyTests.randomInstance(seed: UInt64(1700 + seed), cases: 40, days: 35)
        let index = PositionIndex(problem)
        let free = index.caseOrder
        for joint in [false, true] {
            let limit = joint ? problem.unbookedCost : problem.weights.late
            let (bound, seeds) = Scheduler().cliquePricedAssignment(
                problem, index, free: free, below: limit,
                lateFloor: { joint ? problem.unbookedCost : index.lateFloorCost(of: $0) }, iterations: 20, diveRounds: 64)
            #expect(seeds.count == 2)
            let dived = schedule(problem, plan: seeds[0])
            #expect(problem.violations(of: dived).isEmpty, "seed \(seed), joint \(joint)")
            // Within the norm only, or anywhere: every place the dive gives is one the flow offered.
            for (c, p) in seeds[0].enumerated() where p >= 0 { #expect(index.cost(c, p) < limit) }
            if joint {
                // Priced over every place, the dive's plan is a plan: it costs at least the bound.
                #expect(problem.metrics(of: dived).objective >= bound)
                #expect(Scheduler().solve(problem).metrics.objective >= bound)
            }
        }
    }

    @Test("An unbooked case takes the one place it may use when the case there can still be booked after its norm")
    func looseChain() {
        var i = Instance()
        let early = i.position(region: 0, day: 3)
        let later = i.position(region: 0, day: 30)
        let a = i.addCase("A", home: 0, complete: 0, norm: 7)   // day 3 within its norm, day 30 after it
        let b = i.addCase("B", home: 1, complete: 0, norm: 7)   // region 1 has no table: day 3 only
        let problem = i.problem
        var strict = booked(problem, [(a, early)])
        #expect(strict.objective == 3 + problem.unbookedCost)
        // A chain that must keep A within its norm finds nothing.
        let found = strict.augment(b, below: problem.unbookedCost, nodeBudget: 4_000)
        #expect(!found)
        var state = booked(problem, [(a, early)])
        state.improveByChains(budget: 10_000, maxEjected: 2, deadline: .infinity, bound: 0)
        #expect(state.caseAt[b] == Int32(early))
        #expect(state.caseAt[a] == Int32(later))
        #expect(state.objective == (3 + 1_000) + (30 + 1_000_000))
        #expect(problem.violations(of: state.schedule).isEmpty)
    }

    @Test("A case in a neighbouring region comes home when the case in its way can wait at home a day longer")
    func homeChain() {
        var i = Instance()
        let home = i.position(region: 0, day: 3)
        let later = i.position(region: 0, day: 5)
        let abroad = i.position(region: 1, day: 3)
        let a = i.addCase("A", home: 0, complete: 0, norm: 4)   // day 3 only, at home or next door
        let d = i.addCase("D", home: 0, complete: 2, norm: 7)   // day 3 or day 5 at home
        let problem = i.problem
        var state = booked(problem, [(a, abroad), (d, home)])
        #expect(state.objective == (3 + 1_000) + 1)
        state.improveByChains(budget: 10_000, maxEjected: 2, deadline: .infinity, bound: 0)
        #expect(state.caseAt[a] == Int32(home))
        #expect(state.caseAt[d] == Int32(later))
        #expect(state.objective == 3 + 3)
    }

    @Test("A disabled edge carries nothing, also after a reset")
    func disabledEdge() {
        var flow = MinCostFlow(nodeCount: 4)   // 0 → 1 → 3 (cheap), 0 → 2 → 3 (dear)
        let cheap = flow.addEdge(from: 0, to: 1, capacity: 1, cost: 1)
        flow.addEdge(from: 1, to: 3, capacity: 1, cost: 0)
        let dear = flow.addEdge(from: 0, to: 2, capacity: 1, cost: 5)
        flow.addEdge(from: 2, to: 3, capacity: 1, cost: 0)
        #expect(flow.augmentOne(from: 0, to: 3) == 1)
        flow.resetFlow()
        flow.disable(cheap)
        #expect(flow.augmentOne(from: 0, to: 3) == 5)
        #expect(flow.flow(on: cheap) == 0 && flow.flow(on: dear) == 1)
        flow.resetFlow()
        #expect(flow.augmentOne(from: 0, to: 3) == 5)
    }
}

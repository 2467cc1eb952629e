import JBTCore
import Testing
@testable import JBTScheduling

@Suite("The linear relaxation (CLP): its bound, the dives, branch and bound")
struct LinearRelaxationTests {
    static func root(_ problem: SchedulingProblem, pinning: Bool = false) -> (LinearRelaxation, pinned: Int) {
        let index = PositionIndex(problem)
        let free = index.caseOrder.filter { problem.cases[$0].pinned == nil }
        let linear = LinearRelaxation(problem, index, free: free,
                                      candidates: free.map { index.candidatePositions(of: $0, below: problem.unbookedCost) },
                                      cliques: Scheduler.personCliques(problem, index))!
        return (linear, Scheduler().pinnedCost(problem))
    }

    /// A small instance with one case pinned, so that the pinned capacity and cost are in play.
    static func pinnedInstance(seed: Int) -> SchedulingProblem {
        var problem = SchedulerPropertyTests.randomInstance(seed: UInt64(seed), cases: 6, days: 15)
        let index = PositionIndex(problem)
        if let p = index.candidatePositions(of: 0, below: problem.unbookedCost).first { problem.cases[0].pinned = p }
        return problem
    }

    @Test("Branch and bound without a limit proves the exhaustive optimum; the root bound is below it", arguments: 1...30)
    func branchAndBoundIsExact(seed: Int) {
        let problem = seed % 3 == 0 ? Self.pinnedInstance(seed: 2300 + seed)
            : SchedulerPropertyTests.randomInstance(seed: UInt64(2300 + seed), cases: 6, days: 15)
        let optimum = bruteForceOptimum(problem)
        for rule in Scheduler.linearDives {
            let (linear, pinned) = Self.root(problem)
            #expect(linear.bound + pinned <= optimum, "seed \(seed)")
            guard let (plan, cost) = linear.dive(rule) else { Issue.record("no dive, seed \(seed)"); continue }
            let best = linear.branchAndBound(incumbent: plan, cost: cost, iterationBudget: .max / 2)
            #expect(best.optimal)
            #expect(best.cost + pinned == optimum, "seed \(seed), rule \(rule)")
            var positions = best.plan.map { $0 < 0 ? nil : $0 }
            for (c, k) in problem.cases.enumerated() where k.pinned != nil { positions[c] = k.pinned }
            let schedule = Schedule(positionOf: positions)
            #expect(problem.violations(of: schedule).isEmpty)
            #expect(problem.metrics(of: schedule).objective == optimum)
        }
    }

    @Test("Each dive's plan keeps every rule, costs what the relaxation says, and never less than the bound", arguments: 1...12)
    func divesAreFeasible(seed: Int) {
        let problem = SchedulerPropertyTests.randomInstance(seed: UInt64(2400 + seed), cases: 40, days: 35)
        for rule in Scheduler.linearDives {
            let (linear, _) = Self.root(problem)
            guard let (plan, cost) = linear.dive(rule) else { Issue.record("no dive, seed \(seed)"); continue }
            let schedule = Schedule(positionOf: plan.map { $0 < 0 ? nil : $0 })
            #expect(problem.violations(of: schedule).isEmpty, "seed \(seed), rule \(rule)")
            #expect(problem.metrics(of: schedule).objective == cost)
            #expect(cost >= linear.bound)
        }
    }

    @Test("A copy of the solved root dives to the same plan, and the original is untouched by it")
    func copyIsIndependent() {
        let problem = SchedulerPropertyTests.randomInstance(seed: 2501, cases: 40, days: 35)
        let (linear, _) = Self.root(problem)
        let copy = linear.copy()!
        let fromCopy = copy.dive(Scheduler.linearDives[1])
        // The copy's dive fixed variables and added columns in its own model only.
        let fromOriginal = linear.dive(Scheduler.linearDives[1])
        #expect(fromCopy != nil)
        #expect(fromCopy?.plan == fromOriginal?.plan)
        #expect(fromCopy?.cost == fromOriginal?.cost)
        #expect(copy.bound == linear.bound)
        // Neither prints: CLP writes its messages to standard output, where `jbt plan --json` writes.
        #expect(linear.logLevel == 0)
        #expect(copy.logLevel == 0)
    }

    @Test("With the person rules as constraints, the root bound is the optimum where the plain flow books one chair twice")
    func rootBoundIsTight() {
        let problem = DiveTests.sharedChair()
        let (linear, pinned) = Self.root(problem)
        #expect(linear.bound + pinned == 1_000_023)
        let result = Scheduler().solve(problem)
        #expect(result.metrics.objective == 1_000_023)
        #expect(result.lowerBound == 1_000_023)
    }

    @Test("The scheduler's bound is never above its plan, and matches the optimum it proves", arguments: 1...10)
    func schedulerBound(seed: Int) {
        let problem = SchedulerPropertyTests.randomInstance(seed: UInt64(2600 + seed), cases: 8, days: 15)
        let result = Scheduler().solve(problem)
        let optimum = bruteForceOptimum(problem)
        #expect(result.metrics.objective == optimum, "seed \(seed)")
        #expect(result.lowerBound <= optimum)
        // With room to finish, the branch and bound proves the optimum: that is the bound reported.
        var options = Scheduler.Options()
        options.branchIterations = 1_000_000
        let proven = Scheduler(options: options).solve(problem)
        #expect(proven.metrics.objective == optimum)
        #expect(proven.provenOptimal, "seed \(seed)")
    }
}

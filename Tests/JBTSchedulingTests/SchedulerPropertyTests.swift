import JBTCore
import Testing
@testable import JBTScheduling

@Suite("Scheduler properties on generated instances")
struct SchedulerPropertyTests {
    /// A small random instance with child conversations, shared people, unavailability and two regions.
    /// With `ruleClasses`, a region's own rules are simulated: cases fall into classes 0…2 and some
    /// positions refuse some classes (a slot only for kwart-voor-twaalf conversations, say).
    static func randomInstance(seed: UInt64, cases caseCount: Int, days: Int = 21,
                               ruleClasses: Bool = false) -> SchedulingProblem {
        var rng = SeededRandom(state: seed)
        var i = Instance()
        for day in stride(from: 1, to: days, by: 7) {
            for region in 0..<2 {
                let shared = Int.random(in: 0..<3, using: &rng) == 0
                for (k, start) in [540, 645, 750].enumerated() where Int.random(in: 0..<4, using: &rng) > 0 {
                    i.position(region: region, day: day + region, start: shared ? start + 60 * region : start,
                               childAllowed: k > 0, people: ["vz-\(region)", shared ? "rvdk-gedeeld" : "rvdk-\(region)"])
                }
            }
        }
        for n in 0..<caseCount {
            let complete = Int.random(in: 0..<(days - 7), using: &rng)
            var unavailable: Set<Int> = []
            if Int.random(in: 0..<4, using: &rng) == 0 { unavailable.insert(complete + Int.random(in: 1...10, using: &rng)) }
            i.addCase("C\(n)", home: Int.random(in: 0..<2, using: &rng), complete: complete,
                      earliest: complete + Int.random(in: 0...3, using: &rng), norm: 10,
                      child: Int.random(in: 0..<5, using: &rng) < 2, unavailable: unavailable)
        }
        var problem = i.problem
        if ruleClasses {
            for c in problem.cases.indices { problem.cases[c].ruleClass = Int.random(in: 0..<3, using: &rng) }
            for p in problem.positions.indices where Int.random(in: 0..<3, using: &rng) == 0 {
                problem.positions[p].refused = UInt64.random(in: 1..<8, using: &rng)
            }
        }
        return problem
    }

    @Test("Matches the exhaustive optimum on small instances", arguments: 1...40)
    func exactOnSmallInstances(seed: Int) {
        let problem = Self.randomInstance(seed: UInt64(seed), cases: 6, days: 15)
        let result = Scheduler().solve(problem)
        #expect(problem.violations(of: result.schedule).isEmpty)
        #expect(result.metrics.objective == bruteForceOptimum(problem), "seed \(seed)")
        #expect(result.lowerBound <= result.metrics.objective)
    }

    @Test("Slots that refuse some cases (a region's own rule): still the exhaustive optimum", arguments: 1...30)
    func exactWithRefusals(seed: Int) {
        let problem = Self.randomInstance(seed: UInt64(300 + seed), cases: 6, days: 15, ruleClasses: true)
        let result = Scheduler().solve(problem)
        #expect(problem.violations(of: result.schedule).isEmpty)
        #expect(result.metrics.objective == bruteForceOptimum(problem), "seed \(seed)")
        #expect(result.lowerBound <= result.metrics.objective)
    }

    /// A fixed evaluation budget and no effective time limit: the plan depends on the input only.
    static let budgeted = Scheduler(options: .init(evaluationBudget: 300_000, timeLimit: 10_000))

    @Test("Feasible, never worse than the greedy baselines, and deterministic", arguments: 1...15)
    func betterThanGreedy(seed: Int) {
        let problem = Self.randomInstance(seed: UInt64(1000 + seed), cases: 40, days: 35)
        let result = Self.budgeted.solve(problem)
        #expect(problem.violations(of: result.schedule).isEmpty)
        for order in [GreedyScheduler.Order.firstComeFirstServed, .earliestDeadline] {
            let greedy = GreedyScheduler.solve(problem, order: order)
            #expect(problem.violations(of: greedy).isEmpty)
            #expect(result.metrics.objective <= problem.metrics(of: greedy).objective)
            #expect(result.metrics.withinNorm >= problem.metrics(of: greedy).withinNorm)
        }
        #expect(Self.budgeted.solve(problem).schedule == result.schedule)
    }

    @Test("Without child conversations or shared people the flow is exact: the bound is met")
    func provenOptimalOnFlowInstances() {
        var rng = SeededRandom(state: 7)
        var i = Instance()
        for week in 0..<6 { for k in 0..<4 { i.position(region: week % 2, day: week * 7 + 2, start: 540 + 120 * k, people: ["vz-\(week % 2)-\(k)"]) } }
        for n in 0..<30 { i.addCase("C\(n)", home: n % 2, complete: Int.random(in: 0..<28, using: &rng)) }
        let result = Scheduler().solve(i.problem)
        #expect(result.provenOptimal)
        #expect(result.gap == 0)
    }

    @Test("Bottlenecks name the competing cases and places when demand exceeds capacity")
    func bottleneck() {
        var i = Instance()
        i.position(region: 0, day: 5); i.position(region: 0, day: 6)
        i.position(region: 1, day: 5)
        for n in 0..<5 { i.addCase("C\(n)", home: 0, complete: 0, norm: 7) }
        let problem = i.problem
        let result = Scheduler().solve(problem)
        #expect(result.metrics.withinNorm == 3)
        let found = problem.bottlenecks(of: result.schedule)
        #expect(found.count == 1)
        #expect(found.first?.cases == 5)
        #expect(found.first?.places == 3)
        #expect(found.first?.missing == 2)
        #expect(found.first?.regions == [0, 1])
    }
}

@Suite("The search's flat rules agree with the problem's rules")
struct RuleAgreementTests {
    @Test("allows, cost and busy agree for every case and position", arguments: 1...20)
    func agree(seed: Int) {
        let problem = SchedulerPropertyTests.randomInstance(seed: UInt64(500 + seed), cases: 30, days: 28,
                                                            ruleClasses: seed % 2 == 0)
        let index = PositionIndex(problem)
        for c in problem.cases.indices {
            for p in problem.positions.indices {
                #expect(index.allows(c, p) == problem.allows(c, p), "case \(c), position \(p)")
                #expect(index.cost(c, p) == problem.cost(c, p))
                #expect(index.busy(c, p) == problem.busy(c, p))
            }
        }
    }
}

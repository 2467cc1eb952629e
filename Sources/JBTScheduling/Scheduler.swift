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
        /// Up to this many cases, the relaxation is also priced over every place (not only within
        /// the norm), on the second core, for a tighter bound and two more starting plans.
        public var jointBoundLimit: Int
        /// Subgradient steps pricing the child-conversation rule of hours-mode tables in the flow.
        public var lagrangianIterations: Int = 30
        /// The same for the relaxation over every place (each step a larger flow).
        public var jointLagrangianIterations: Int = 20
        /// Above this many cases, one flow is solved unpriced (a step costs a tenth of a second
        /// on a national year), and the dive stops after `largeDiveRounds` flows.
        public var largeInput: Int = 5_000
        public var largeDiveRounds: Int = 3
        /// The evaluation budget above `largeInput` cases: the dive's plan leaves the search less to
        /// do, and a national year stays under a second.
        public var largeEvaluationBudget: Int = 1_500_000
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
        var (seeds, relaxation) = ([Seed](), 0)
        let blank: SearchState
        // On inputs of a region's or a province's size the relaxation priced over every place is
        // cheap too, and its bound is tighter; on a national year it would cost seconds. It runs
        // beside the split relaxation, on the second core; on larger inputs that core meanwhile
        // prepares the search's candidate lists.
        if problem.cases.count <= options.jointBoundLimit {
            let (split, joint) = parallel({ solveRelaxation(problem, index) }, { solveRelaxation(problem, index, joint: true) })
            seeds = split.0 + joint.0
            relaxation = max(split.1, joint.1)
            blank = SearchState(problem: problem, index: index)
        } else {
            ((seeds, relaxation), blank) = parallel({ solveRelaxation(problem, index) },
                                                     { SearchState(problem: problem, index: index, prefilled: true) })
        }
        let relaxed = monotonicSeconds()
        let layouts = seeds.map { seed in
            var layout = blank
            layout.layOut(groupOf: seed.groupOf, preferred: seed.preferred)
            return layout
        }
        let laidOut = monotonicSeconds()
        let deadline = started + options.timeLimit
        // The search is order-dependent: run it from the same layout under a few fixed orders of
        // the cases, side by side, and keep the best, the first on a tie (each run has its share
        // of the budget, so the same input gives the same plan however the threads are scheduled).
        let budget = problem.cases.count > options.largeInput ? min(options.evaluationBudget, options.largeEvaluationBudget) : options.evaluationBudget
        let perRun = max(budget / options.restarts, 1)
        let runs = max(options.restarts, layouts.count)
        let attempts = parallelMap(runs) { run -> SearchState in
            var attempt = layouts[run % layouts.count]
            attempt.index.caseOrder = PositionIndex.order(index.caseOrder, variant: run)
            attempt.improve(budget: perRun, maxEjected: options.maxEjected, deadline: deadline, bound: relaxation)
            attempt.improveByChains(budget: perRun / 2, maxEjected: options.maxEjected, deadline: deadline, bound: relaxation)
            // The window phase takes what the search and the chains left of their budget, at least a
            // sixteenth of a run's.
            attempt.improveByWindows(budget: max(perRun / 16, perRun + perRun / 2 - attempt.evaluations), maxEjected: options.maxEjected, deadline: deadline, bound: relaxation)
            return attempt
        }
        let search = attempts.dropFirst().reduce(attempts[0]) { best, attempt in attempt.objective < best.objective ? attempt : best }
        let finished = monotonicSeconds()
        let schedule = Schedule(positionOf: search.caseAt.map { $0 < 0 ? nil : Int($0) })
        let metrics = problem.metrics(of: schedule)
        return Result(schedule: schedule, metrics: metrics, lowerBound: min(relaxation, metrics.objective),
                      evaluations: search.evaluations,
                      seconds: finished - started,
                      phaseSeconds: (relaxed - started, laidOut - relaxed, finished - laidOut))
    }

    /// The flow relaxation in two phases, both exact min-cost flows over (case → group of
    /// interchangeable positions → sink):
    /// A. within the norm only, on single positions with every person rule priced in
    ///    (`cliquePricedAssignment`); a missed norm is charged the case's cheapest booking after
    ///    the norm. Each price vector gives a lower bound on every plan: the within-norm part of
    ///    any plan is a solution of phase A.
    /// B. the cases A left out, into the capacity left in their home region after the norm, or
    ///    unbooked.
    /// Splitting keeps each shortest-path search local in time: a case that cannot make the norm
    /// no longer explores months of later tables. Returns each free case's group (or nil) and the bound.
    func solveRelaxation(_ problem: SchedulingProblem, _ index: PositionIndex, joint: Bool = false) -> ([Seed], Int) {
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

        // Child conversations a session can still take, after the pinned ones.
        var childLeft = index.childCapacity
        for k in problem.cases where k.pinned != nil && k.child { childLeft[index.sessionOf[k.pinned!]] -= 1 }

        // Network: case → group → sink, and for a case with a child conversation case → the
        // session's child gate → group, the gate holding the session's child capacity.
        func phase(_ cases: [Int], groupsOf: (Int) -> [Int], cost: (Int, Int) -> Int, missing: (Int) -> Int) -> (total: Int, groupOf: [Int: Int]) {
            let gateBase = caseCount + groups.count
            let sink = gateBase + index.sessionPositions.count
            var flow = MinCostFlow(nodeCount: sink + 1)
            for (g, left) in remaining.enumerated() where left > 0 {
                flow.addEdge(from: caseCount + g, to: sink, capacity: left, cost: 0)
            }
            var gateEdge: [Int: Int] = [:]   // group → edge from its session's gate
            var edges: [[(edge: Int, group: Int)]] = Array(repeating: [], count: caseCount)
            for c in cases {
                for g in groupsOf(c) where remaining[g] > 0 {
                    let session = index.sessionOf[groups[g].positions[0]]
                    if index.cChild[c] {
                        guard childLeft[session] > 0 else { continue }
                        if gateEdge[g] == nil {
                            gateEdge[g] = flow.addEdge(from: gateBase + session, to: caseCount + g, capacity: childLeft[session], cost: 0)
                        }
                        edges[c].append((flow.addEdge(from: c, to: gateBase + session, capacity: 1, cost: cost(c, g)), g))
                    } else {
                        edges[c].append((flow.addEdge(from: c, to: caseCount + g, capacity: 1, cost: cost(c, g)), g))
                    }
                }
                flow.addEdge(from: c, to: sink, capacity: 1, cost: missing(c))
            }
            var total = 0
            for c in cases { total += flow.augmentOne(from: c, to: sink) }
            var chosen: [Int: Int] = [:]
            for c in cases {
                for (edge, g) in edges[c] where flow.flow(on: edge) > 0 { chosen[c] = g }
            }
            for (c, g) in chosen.sorted(by: { $0.key < $1.key }) {
                groupOf[c] = g; remaining[g] -= 1
                if index.cChild[c] { childLeft[index.sessionOf[groups[g].positions[0]]] -= 1 }
            }
            return (total, chosen)
        }
        let first = { (g: Int) in groups[g].positions[0] }
        // Missing the norm costs at least the case's cheapest booking after the norm (capacity
        // aside), or the unbooked cost: charging that keeps phase A a valid, and tight, bound.
        // With `joint`, phase A is priced over every place, a missed booking at the unbooked cost.
        let lateFloor = { (c: Int) -> Int in index.lateFloorCost(of: c) }
        let sessionOfGroup = groups.map { index.sessionOf[$0.positions[0]] }
        // Each step is a whole flow: on a national year only a few are taken.
        let large = free.count > options.largeInput
        let iterations = large ? 1 : joint ? options.jointLagrangianIterations : options.lagrangianIterations
        let (bestBound, seeds) = cliquePricedAssignment(problem, index, free: free, below: joint ? problem.unbookedCost : problem.weights.late,
                                                        lateFloor: joint ? { _ in problem.unbookedCost } : lateFloor, iterations: iterations,
                                                        diveRounds: large ? options.largeDiveRounds : 64)
        bound += bestBound
        // Each seed is laid out on its own: phase B fills what that seed left.
        let (remainingBefore, childLeftBefore, groupOfBefore) = (remaining, childLeft, groupOf)
        var result: [Seed] = []
        for preferred in seeds {
            (remaining, childLeft, groupOf) = (remainingBefore, childLeftBefore, groupOfBefore)
            for (c, p) in preferred.enumerated() where p >= 0 {
                let g = index.groupOfPosition[p]
                groupOf[c] = g; remaining[g] -= 1
                if index.cChild[c] { childLeft[sessionOfGroup[g]] -= 1 }
            }
            let left = free.filter { groupOf[$0] == nil }
            _ = phase(left, groupsOf: { c in index.candidateGroups(of: c).filter { groups[$0].day > problem.cases[c].deadline } },
                      cost: { c, g in problem.cost(c, first(g)) }, missing: { _ in problem.unbookedCost })
            result.append(Seed(groupOf: groupOf, preferred: preferred))
        }
        return (result, bound)
    }

    /// A starting plan for the search: each case's group and, where the priced flow chose one, its position.
    struct Seed { var groupOf: [Int?]; var preferred: [Int] }

}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}


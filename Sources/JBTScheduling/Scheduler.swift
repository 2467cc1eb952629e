import JBTCore
#if canImport(Glibc)
import Glibc
#endif

/// Books cases into table positions: as many as possible within the norm, then the fewest waiting
/// days, preferring the home region.
///
/// Up to `Options.linearLimit` cases (a province's planning), the assignment's linear relaxation
/// with every person rule as a constraint, solved by CLP (`LinearRelaxation`): nearly integral on
/// these inputs, its value the bound. Two dives, one per core, fix its fractional variables into
/// plans, each improved in the relaxation (`linearChain`: a bounded branch and bound, which proves
/// the plan optimal when it finishes, or CBC's branch and cut over the places near the root) and
/// searched (below); unless proven, the first chain's searched plan, and the second's where a case
/// within the norm is at stake, goes to CBC once more, in its neighbourhood, and a better plan
/// found there is searched again.
///
/// Above that size (a national year), or when CLP fails: an exact min-cost flow within the norm
/// with Lagrangian prices on the person rules (`cliquePricedAssignment`): from the best prices a
/// dive closes, in every set of clashing places the flow overuses, all but the place whose case
/// would lose most, and solves again until the flow keeps every person rule.
///
/// Each plan is laid out into concrete positions and a deterministic search (ejection chains,
/// augmenting chains, exact re-solve of windows) moves cases while that lowers the total cost,
/// within an evaluation budget; the best plan wins.
public struct Scheduler: Sendable {
    public struct Options: Sendable {
        /// Upper limit on the improvement search's move evaluations; the same budget gives the
        /// same plan on every machine.
        public var evaluationBudget: Int
        /// Safety limit in seconds for the improvement search (only reached on huge inputs).
        public var timeLimit: Double
        /// How many cases one move may eject.
        public var maxEjected: Int
        /// How many times the improvement search runs on the flow's plans (above `linearLimit`
        /// cases, or where CLP fails; at least once from each starting plan), each with its own
        /// order of the cases, and how many shares the evaluation budget has. Up to that size each
        /// of the linear relaxation's chains searches with an eighth of a share, twice where CBC
        /// finds a better plan in the searched plan's neighbourhood.
        public var restarts: Int
        /// How long after its norm a case may still be booked in its home region; later than this
        /// it is reported as not bookable (and escalated) rather than booked months ahead.
        public var maxLateDays: Int
        /// Up to this many cases, the linear relaxation (CLP) gives the bound and two starting
        /// plans (its dives, one per core); above it, the Lagrangian flow.
        public var linearLimit: Int
        /// Simplex iterations for the branch and bound after a dive of the linear relaxation
        /// (the same on every machine; tens to a few hundred nodes on a province's eight weeks).
        public var branchIterations: Int = 1_000
        /// Nodes for each of CBC's branch and cuts (after the dive that has it, and in the
        /// neighbourhoods of the searched plans, `Scheduler.linearDives`); 0: no CBC, and both
        /// dives get the branch and bound.
        public var cutNodes: Int = 5
        /// Subgradient steps pricing the person rules (child conversations, people at two tables)
        /// in the flow within the norm (a quarter of them above `linearLimit` cases: there the
        /// dive does most of the work, and each step is a larger flow).
        public var lagrangianIterations: Int = 30
        /// Above this many cases, one flow is solved unpriced (a step costs a tenth of a second
        /// on a national year), and the dive stops after `largeDiveRounds` flows (what overuse is
        /// left, the layout and the search resolve).
        public var largeInput: Int = 5_000
        public var largeDiveRounds: Int = 3
        /// The evaluation budget above `largeInput` cases: the dive's plan leaves the search less to
        /// do, and a national year stays under a second.
        public var largeEvaluationBudget: Int = 1_500_000
        public init(evaluationBudget: Int = 2_000_000, timeLimit: Double = 60, maxEjected: Int = 2, restarts: Int = 2,
                    maxLateDays: Int = 56, linearLimit: Int = 2_000) {
            self.evaluationBudget = evaluationBudget; self.timeLimit = timeLimit; self.maxEjected = maxEjected
            self.restarts = max(restarts, 1); self.maxLateDays = maxLateDays
            self.linearLimit = linearLimit
        }
    }

    public struct Result: Sendable {
        public var schedule: Schedule
        public var metrics: ScheduleMetrics
        /// The best relaxation's optimum (or the branch and bound's proven optimum): no plan can cost less.
        public var lowerBound: Int
        public var provenOptimal: Bool { metrics.objective == lowerBound }
        /// Relative gap to the bound.
        public var gap: Double { lowerBound == 0 ? 0 : Double(metrics.objective - lowerBound) / Double(lowerBound) }
        public var evaluations: Int
        public var seconds: Double
        /// Seconds until the relaxation was solved, and from then until the end.
        public var phaseSeconds: (relaxation: Double, improvement: Double)
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    public func solve(_ problem: SchedulingProblem) -> Result {
        let started = monotonicSeconds()
        let index = PositionIndex(problem, maxLateDays: options.maxLateDays)
        let deadline = started + options.timeLimit
        let budget = problem.cases.count > options.largeInput ? min(options.evaluationBudget, options.largeEvaluationBudget) : options.evaluationBudget
        let perRun = max(budget / options.restarts, 1)
        /// One run of the search from a layout, the cases in the `variant`th fixed order.
        func run(_ layout: SearchState, variant: Int, bound: Int, budget: Int? = nil) -> SearchState {
            let perRun = budget ?? perRun
            var attempt = layout
            attempt.index.caseOrder = PositionIndex.order(index.caseOrder, variant: variant)
            attempt.improve(budget: perRun, maxEjected: options.maxEjected, deadline: deadline, bound: bound)
            attempt.improveByChains(budget: perRun / 2, maxEjected: options.maxEjected, deadline: deadline, bound: bound)
            // The window phase takes what the search and the chains left of their budget, at least a
            // sixteenth of a run's.
            attempt.improveByWindows(budget: max(perRun / 16, perRun + perRun / 2 - attempt.evaluations), maxEjected: options.maxEjected, deadline: deadline, bound: bound)
            return attempt
        }
        func layOut(_ blank: SearchState, _ seed: Seed) -> SearchState {
            var layout = blank
            layout.layOut(groupOf: seed.groupOf, preferred: seed.preferred)
            return layout
        }
        // The search is order-dependent and so is the dive: each starting plan gets a run of its
        // own, under its own fixed order of the cases, each with its share of the budget; the best
        // plan wins, the first on a tie, so the outcome does not depend on how the threads are
        // scheduled.
        var relaxation = 0
        var attempts: [SearchState] = []
        var relaxed = started
        var blank: SearchState? = nil
        var cliques: PersonCliques? = nil
        if problem.cases.count <= options.linearLimit {
            // A province's planning: the linear relaxation, and a chain per rule in `linearDives`,
            // one per core, each on its own copy of the solved model. The dives' plans are
            // near-optimal already: each search polishes with an eighth of the budget.
            // The person cliques serve the relaxation (and the flow, should CLP fail): built once,
            // beside the blank plan.
            let (built, personCliques) = parallel({ SearchState(problem: problem, index: index) }, { PersonCliques(problem, index) })
            (blank, cliques) = (built, personCliques)
            if let root = linearRoot(problem, index, personCliques) {
                relaxed = monotonicSeconds()
                let rootBound = root.bound + pinnedCost(problem)
                let models = [root] + Scheduler.linearDives.dropFirst().compactMap { _ in root.copy() }
                let chains = parallelMap(models.count) { k in
                    linearChain(problem, models[k], dive: Scheduler.linearDives[k], rootBound: rootBound) { plan, bound in
                        let seed = Seed(groupOf: plan.map { $0 < 0 ? nil : index.groupOfPosition[$0] }, preferred: plan)
                        return run(layOut(built, seed), variant: 2 * k, bound: bound, budget: max(perRun / 8, 1))
                    }
                }
                relaxation = chains.compactMap { $0?.bound }.max() ?? rootBound
                attempts = chains.compactMap { $0?.search }
            }
        }
        if attempts.isEmpty {
            // On larger inputs (or where CLP gave no plan) the flow relaxation; on larger inputs the
            // second core prepares the search's candidate lists meanwhile.
            let ((seeds, bound), prepared) = parallel({ solveRelaxation(problem, index, cliques: cliques) },
                                                      { blank ?? SearchState(problem: problem, index: index, prefilled: true) })
            relaxed = monotonicSeconds()
            relaxation = max(relaxation, bound)
            let layouts = seeds.map { layOut(prepared, $0) }
            attempts = parallelMap(max(options.restarts, layouts.count)) { run(layouts[$0 % layouts.count], variant: $0, bound: bound) }
        }
        let search = attempts.dropFirst().reduce(attempts[0]) { best, attempt in attempt.objective < best.objective ? attempt : best }
        let finished = monotonicSeconds()
        let schedule = search.schedule
        let metrics = problem.metrics(of: schedule)
        return Result(schedule: schedule, metrics: metrics, lowerBound: min(relaxation, metrics.objective),
                      evaluations: search.evaluations,
                      seconds: finished - started,
                      phaseSeconds: (relaxed - started, finished - relaxed))
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
    /// no longer explores months of later tables. Returns the starting plans (the dive's and the
    /// best step's, each completed by B) and the bound.
    func solveRelaxation(_ problem: SchedulingProblem, _ index: PositionIndex, cliques: PersonCliques? = nil) -> ([Seed], Int) {
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
        let lateFloor = { (c: Int) -> Int in index.lateFloorCost(of: c) }
        let sessionOfGroup = groups.map { index.sessionOf[$0.positions[0]] }
        // Each step is a whole flow: on a national year only the unpriced one is solved.
        let large = free.count > options.largeInput
        let iterations = large ? 1 : free.count > options.linearLimit ? max(options.lagrangianIterations / 4, 1) : options.lagrangianIterations
        let (bestBound, seeds) = cliquePricedAssignment(problem, index, free: free, below: problem.weights.late, lateFloor: lateFloor,
                                                        iterations: iterations, diveRounds: large ? options.largeDiveRounds : 64, cliques: cliques)
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

    /// The linear relaxation over every place (`LinearRelaxation`), solved at the root. Nil if
    /// CLP finds no optimum (the flow plans instead).
    func linearRoot(_ problem: SchedulingProblem, _ index: PositionIndex, _ cliques: PersonCliques) -> LinearRelaxation? {
        let free = index.caseOrder.filter { problem.cases[$0].pinned == nil }
        let candidates = free.map { index.candidatePositions(of: $0, below: problem.unbookedCost) }
        return LinearRelaxation(problem, index, free: free, candidates: candidates, cliques: cliques)
    }

    /// The dives from the linear relaxation's root, one per core (`LinearRelaxation.dive`): the
    /// first keeps pricing columns in as it fixes, the second takes every place within 1,000 of
    /// the root's reduced cost up front and then does not price, and fixes more per round. On
    /// instances where child conversations crowd the tables the two end far apart, the one or the
    /// other ahead: the best plan wins. The first's plan goes to the branch and bound, the second's
    /// to CBC's branch and cut (`cutCap`); after the search, each searched plan's neighbourhood goes
    /// to CBC, the first's always, the second's where a case's norm is at stake (`polishCap`).
    static let linearDives: [LinearRelaxation.Dive] = [.init(fixPerRound: 3, admitBelow: 0, polishAlways: true),
                                                       .init(fixPerRound: 6, admitBelow: 1_000, cuts: true)]
    /// The branch and cut sees the places within this much of the root's reduced cost: its cuts
    /// cost time by the place, and the better plans it finds lie within a few hundred.
    static let cutCap = 600.0
    /// In a searched plan's neighbourhood CBC sees the places within this much of the root's
    /// reduced cost: 1,000, what a case gains by coming home from a neighbouring region (at 800 such
    /// a move on hard seed 8 is out of reach); wider where the plan is at least one missed norm
    /// above the bound (a case within the norm may be won: worth a few tenths of a second).
    static let polishCap = (usual: 1_000.0, atStake: 1_500.0)

    /// One dive's chain, from the solved root: the dive's plan, improved in the relaxation (by
    /// CBC's branch and cut for a dive with `cuts`, else by the branch and bound within
    /// `branchIterations`, which proves the plan optimal when it finishes), then searched by
    /// `search`; unless proven, the searched plan's neighbourhood by CBC (`polishCap`; below a
    /// missed norm from the bound, the cases the root splits between places open within the gap),
    /// and searched again if CBC found a cheaper plan there. Returns the best searched plan and
    /// the bound (the proven optimum, else the root's); nil if the dive fails. With `cutNodes` 0
    /// there is no CBC: both dives get the branch and bound.
    func linearChain(_ problem: SchedulingProblem, _ linear: LinearRelaxation, dive: LinearRelaxation.Dive, rootBound: Int,
                     search: (_ plan: [Int], _ bound: Int) -> SearchState) -> (search: SearchState, bound: Int)? {
        guard let (dived, cost) = linear.dive(dive) else { return nil }
        let pinned = pinnedCost(problem)
        let cbc = options.cutNodes > 0
        var (plan, bound) = (dived, rootBound)
        if dive.cuts && cbc {
            // CBC proves nothing (see `branchAndCut`): the bound stays the root's.
            if let cut = linear.branchAndCut(cost: cost, cap: Scheduler.cutCap, maxNodes: options.cutNodes) { plan = cut.plan }
        } else {
            let tree = linear.branchAndBound(incumbent: dived, cost: cost, iterationBudget: options.branchIterations)
            plan = tree.plan
            if tree.optimal { bound = tree.cost + pinned }
        }
        var best = search(plan, bound)
        let atStake = best.objective - bound >= problem.weights.late
        if cbc && best.objective > bound && (dive.polishAlways || atStake),
           let better = linear.branchAndCut(cost: best.objective - pinned, cap: atStake ? Scheduler.polishCap.atStake : Scheduler.polishCap.usual,
                                            maxNodes: options.cutNodes, around: best.caseAt.map(Int.init), openSplit: !atStake) {
            let again = search(better.plan, bound)
            if again.objective < best.objective { best = again }
        }
        return (best, bound)
    }

    /// What the pinned bookings cost (the linear relaxation is over the free cases).
    func pinnedCost(_ problem: SchedulingProblem) -> Int {
        problem.cases.indices.reduce(0) { sum, c in problem.cases[c].pinned.map { sum + problem.cost(c, $0) } ?? sum }
    }

    /// A starting plan for the search: each case's group and, where the priced flow chose one, its position.
    struct Seed { var groupOf: [Int?]; var preferred: [Int] }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

import CClpShim

/// The assignment as an integer program, solved by linear programming (COIN-OR CLP's simplex)
/// and branch and bound: one variable per (case, place it may take); each case at most one
/// place, each place at most one case, each set of clashing busy segments of a person (a table
/// conversation, or the child conversation before one; `Scheduler.personCliques`) used at most
/// once. On these instances the relaxation is nearly integral (a few dozen fractional variables
/// out of tens of thousands) and its value a far tighter bound than the Lagrangian one.
///
/// 1. The relaxation is solved by column generation: the simplex sees each case's cheapest
///    places, the others are priced against its duals and enter while their reduced cost is
///    negative. Its optimum, rounded up, bounds every plan.
/// 2. A dive turns it into a plan: the fractional variables above one half (never two in one
///    constraint) and a few more that share no constraint with them are fixed at 1, the dual
///    simplex solves again from the last basis, until the solution is integral.
/// 3. Branch and bound, depth first, from the root with the dive's plan as the incumbent: a
///    place whose reduced cost at the root exceeds the gap cannot be in a better plan and is left
///    out for good; every other place is in the program; a node whose relaxation cannot beat the
///    incumbent is cut. It stops after `iterationBudget` simplex iterations (the same on every
///    machine); when it ends before, the incumbent is optimal.
/// 4. Or branch and cut by COIN-OR CBC over the places near the root, or in a plan's
///    neighbourhood (`branchAndCut`): its cutting planes close the gap that the branch and bound's
///    reduced-cost fixing cannot; it finds plans, it proves nothing.
final class LinearRelaxation {
    private let model: OpaquePointer
    private let rows: Int32
    // Every candidate column, built once; `active` are those in the simplex.
    private var start: [Int32] = [0]
    private var rowIndex: [Int32] = []
    private var columnCase: [Int32] = [], columnPosition: [Int32] = []
    private var objective: [Double] = []
    private var caseStart = [0]
    private var active: [Int] = []
    private var isActive: [Bool]
    /// Per active column, its bounds at the root (a column fixed at 0 by its reduced cost keeps upper 0).
    private var rootUpper: [Double] = []
    /// Per active column, its bounds in the model now.
    private var lower: [Double] = [], upper: [Double] = []
    /// Per row, how many of its variables may be 1 (a person clique less what pinned bookings take).
    private let rowUpper: [Double]
    private let offset: Double
    private let caseCount: Int
    /// Simplex iterations so far, and the branch and bound's nodes.
    private var iterations = 0
    private(set) var nodes = 0
    /// The relaxation's optimum over the free cases, rounded up.
    private(set) var bound = 0
    private var rootValue = 0.0
    private var rootDuals: [Double] = []
    /// The candidate columns at 1 in the root's solution, and the cases it splits between places.
    private var rootOnes: Set<Int> = []
    private(set) var rootSplit: Set<Int> = []
    /// The free cases, in the order of `caseStart`.
    private let freeCases: [Int]
    /// Whether the relaxation's optimum is already a plan (no dive or branching needed).
    var rootIsIntegral: Bool { rootSplit.isEmpty }

    /// `free` are the cases to place (pinned ones keep their place and take their capacity);
    /// `candidates[i]` the places free case `i` may take. Nil if CLP does not report an optimum.
    init?(_ problem: SchedulingProblem, _ index: PositionIndex, free: [Int], candidates: [[Int]], cliques: Scheduler.PersonCliques,
          initialPerCase: Int = 8) {
        let unbooked = problem.unbookedCost
        caseCount = problem.cases.count
        freeCases = free
        let taken = cliques.taken
        // Rows: the free cases, then the places two or more candidates compete for, then the cliques.
        var demand = Array(repeating: 0, count: problem.positions.count)
        for list in candidates { for p in list where !taken[p] { demand[p] += 1 } }
        var positionRow = Array(repeating: Int32(-1), count: problem.positions.count)
        var rowCount = Int32(free.count)
        for p in demand.indices where demand[p] >= 2 { positionRow[p] = rowCount; rowCount += 1 }
        let cliqueBase = rowCount
        rowCount += Int32(cliques.all.count)
        rows = rowCount

        for (i, c) in free.enumerated() {
            let child = index.cChild[c]
            for p in candidates[i] where !taken[p] {
                rowIndex.append(Int32(i))
                if positionRow[p] >= 0 { rowIndex.append(positionRow[p]) }
                for q in cliques.mainOf[p] { rowIndex.append(cliqueBase + Int32(q)) }
                if child { for q in cliques.childOf[p] { rowIndex.append(cliqueBase + Int32(q)) } }
                start.append(Int32(rowIndex.count))
                columnCase.append(Int32(c)); columnPosition.append(Int32(p))
                objective.append(Double(index.cost(c, p) - unbooked))
            }
            caseStart.append(objective.count)
        }
        isActive = Array(repeating: false, count: objective.count)
        offset = Double(unbooked * free.count)
        var rowUpper = Array(repeating: 1.0, count: Int(rows))
        for (q, left) in cliques.capacity.enumerated() { rowUpper[Int(cliqueBase) + q] = Double(max(left, 0)) }
        self.rowUpper = rowUpper
        // Every coefficient is 1 and every variable at least 0: no row can go below 0 (saying so
        // keeps every variable of CLP's bounded).
        let rowLower = Array(repeating: 0.0, count: Int(rows))

        guard let model = jbt_lp_new() else { return nil }
        self.model = model
        // The first active columns: each case's cheapest few.
        var first: [Int] = []
        for i in free.indices {
            let range = caseStart[i]..<caseStart[i + 1]
            first += range.sorted { (objective[$0], $0) < (objective[$1], $1) }.prefix(initialPerCase)
        }
        let (s, r, o) = columnData(first)
        for j in first { isActive[j] = true }
        active = first
        rootUpper = Array(repeating: 1, count: first.count)
        (lower, upper) = (Array(repeating: 0, count: first.count), rootUpper)
        jbt_lp_load(model, Int32(first.count), rows, s, r, Array(repeating: 1.0, count: r.count), lower, upper, o, rowLower, rowUpper)
        jbt_lp_initial_solve(model)
        iterations += Int(jbt_lp_iterations(model))
        guard jbt_lp_optimal(model) != 0, priceIn() else { return nil }
        rootValue = jbt_lp_objective(model) + offset
        bound = Self.roundedUp(rootValue)
        rootDuals = Array(UnsafeBufferPointer(start: jbt_lp_row_duals(model), count: Int(rows)))
        let x = UnsafeBufferPointer(start: jbt_lp_column_solution(model), count: active.count)
        rootOnes = Set(active.indices.filter { x[$0] > 1 - 1e-6 }.map { active[$0] })
        rootSplit = Set(active.indices.filter { x[$0] > 1e-6 && x[$0] < 1 - 1e-6 }.map { Int(columnCase[active[$0]]) })
    }

    deinit { jbt_lp_free(model) }

    /// A relaxation's value as a bound on integer costs: rounded up, less a margin for the
    /// simplex's tolerances (the costs run to millions), so that it never claims too much.
    static func roundedUp(_ value: Double) -> Int { Int((value - 1e-3).rounded(.up)) }

    private init(copying other: LinearRelaxation, model: OpaquePointer) {
        self.model = model
        rows = other.rows; rowUpper = other.rowUpper; start = other.start; rowIndex = other.rowIndex
        columnCase = other.columnCase; columnPosition = other.columnPosition; objective = other.objective
        caseStart = other.caseStart; active = other.active; isActive = other.isActive
        rootUpper = other.rootUpper; lower = other.lower; upper = other.upper
        offset = other.offset; caseCount = other.caseCount; iterations = other.iterations
        bound = other.bound; rootValue = other.rootValue; rootDuals = other.rootDuals
        rootOnes = other.rootOnes; rootSplit = other.rootSplit; freeCases = other.freeCases
    }

    /// CLP's message level: 0, or it would print to standard output (`jbt plan --json` writes there).
    var logLevel: Int { Int(jbt_lp_log_level(model)) }

    /// An independent copy in the same state (a second dive starts from the solved root).
    func copy() -> LinearRelaxation? {
        guard let model = jbt_lp_copy(model) else { return nil }
        return LinearRelaxation(copying: self, model: model)
    }

    private func columnData(_ columns: [Int]) -> ([Int32], [Int32], [Double]) {
        var s: [Int32] = [0], r: [Int32] = [], o: [Double] = []
        for j in columns {
            r += rowIndex[Int(start[j])..<Int(start[j + 1])]
            s.append(Int32(r.count)); o.append(objective[j])
        }
        return (s, r, o)
    }

    private func reducedCost(_ j: Int, _ y: UnsafeBufferPointer<Double>) -> Double {
        var d = objective[j]
        for e in Int(start[j])..<Int(start[j + 1]) { d -= y[Int(rowIndex[e])] }
        return d
    }

    private func add(_ columns: [Int]) {
        guard !columns.isEmpty else { return }
        let (s, r, o) = columnData(columns)
        for j in columns { isActive[j] = true; active.append(j) }
        rootUpper += Array(repeating: 1, count: columns.count)
        lower += Array(repeating: 0, count: columns.count)
        upper += Array(repeating: 1, count: columns.count)
        jbt_lp_add_columns(model, Int32(columns.count), Array(repeating: 0.0, count: columns.count),
                           Array(repeating: 1.0, count: columns.count), o, s, r, Array(repeating: 1.0, count: r.count))
    }

    /// Every inactive column whose reduced cost at the root is at most `threshold` enters.
    private func admitRootColumns(upTo threshold: Double) {
        rootDuals.withUnsafeBufferPointer { y in
            add(objective.indices.filter { !isActive[$0] && reducedCost($0, y) <= threshold })
        }
    }

    /// Column generation from the current optimum: per case, the few inactive columns with the
    /// most negative reduced cost enter, and the primal simplex goes on, until none has one.
    /// False if the simplex stops without an optimum.
    private func priceIn(perCase: Int = 5) -> Bool {
        while true {
            let y = UnsafeBufferPointer(start: jbt_lp_row_duals(model), count: Int(rows))
            var entering: [Int] = []
            for i in 0..<(caseStart.count - 1) {
                var best: [(Double, Int)] = []
                for j in caseStart[i]..<caseStart[i + 1] where !isActive[j] {
                    let d = reducedCost(j, y)
                    if d < -1e-7 { best.append((d, j)) }
                }
                entering += best.sorted { $0 < $1 }.prefix(perCase).map(\.1)
            }
            if entering.isEmpty { return true }
            add(entering)
            jbt_lp_primal(model)
            iterations += Int(jbt_lp_iterations(model))
            guard jbt_lp_optimal(model) != 0 else { return false }
        }
    }

    enum Outcome { case solved(Double), infeasible, failed }

    /// Sets the active columns' bounds to the root's with `fixed` applied, and solves by the dual
    /// simplex (with pricing while `pricing`): the value, or infeasible (CLP proved it, or a
    /// column is fixed at 1 that the root closed), or failed (CLP stopped without an answer).
    private func solve(_ fixed: [(column: Int, one: Bool)], pricing: Bool) -> Outcome {
        var wantLower = Array(repeating: 0.0, count: active.count), wantUpper = rootUpper
        for (j, one) in fixed { if one { wantLower[j] = 1 } else { wantUpper[j] = 0 } }
        if fixed.contains(where: { $0.one && wantUpper[$0.column] == 0 }) { return .infeasible }
        for j in active.indices where wantLower[j] != lower[j] || wantUpper[j] != upper[j] {
            jbt_lp_set_column_bounds(model, Int32(j), wantLower[j], wantUpper[j])
        }
        (lower, upper) = (wantLower, wantUpper)
        jbt_lp_dual(model)
        iterations += Int(jbt_lp_iterations(model))
        guard jbt_lp_optimal(model) != 0 else { return jbt_lp_status(model) == 1 ? .infeasible : .failed }
        if pricing { guard priceIn() else { return .failed } }
        return .solved(jbt_lp_objective(model) + offset)
    }

    /// The active columns the current solution has strictly between 0 and 1.
    private func fractional() -> [(column: Int, value: Double)] {
        let x = UnsafeBufferPointer(start: jbt_lp_column_solution(model), count: active.count)
        return (0..<active.count).compactMap { x[$0] > 1e-6 && x[$0] < 1 - 1e-6 ? ($0, x[$0]) : nil }
    }

    /// What the current (integral) solution costs, summed exactly from its places.
    private func currentCost() -> Int {
        let x = UnsafeBufferPointer(start: jbt_lp_column_solution(model), count: active.count)
        var cost = Int(offset)
        for (k, j) in active.enumerated() where x[k] > 0.5 { cost += Int(objective[j]) }
        return cost
    }

    /// Per case, the position the current (integral) solution gives it (-1: none).
    private func currentPlan() -> [Int] {
        let x = UnsafeBufferPointer(start: jbt_lp_column_solution(model), count: active.count)
        var plan = Array(repeating: -1, count: caseCount)
        for (k, j) in active.enumerated() where x[k] > 0.5 { plan[Int(columnCase[j])] = Int(columnPosition[j]) }
        return plan
    }

    /// How a dive fixes: `fixPerRound` variables a round at least (every one above one half, then
    /// the largest that share no constraint with those); with `admitBelow` > 0, every place whose
    /// reduced cost at the root is at most that enters first and no pricing follows (each round a
    /// plain dual simplex re-solve), else columns keep being priced in after each round. What
    /// follows (`Scheduler.linearChain`): with `cuts` CBC's branch and cut, else the branch and
    /// bound; after the search, with `polishAlways` CBC in the searched plan's neighbourhood
    /// whatever its gap, else only where a case's norm is at stake.
    struct Dive: Sendable {
        var fixPerRound: Int; var admitBelow: Int; var cuts = false; var polishAlways = false
    }

    /// The dive (see the type's comment): a plan and its cost over the free cases, or nil if it
    /// does not end integral within `maxSolves` re-solves.
    func dive(_ rule: Dive, maxSolves: Int = 100) -> (plan: [Int], cost: Int)? {
        var fixed: [(column: Int, one: Bool)] = []
        var isFixed = Array(repeating: false, count: objective.count)
        let pricing = rule.admitBelow <= 0
        if !pricing {
            admitRootColumns(upTo: Double(rule.admitBelow))
        }
        for _ in 0..<maxSolves {
            let open = fractional().filter { !isFixed[$0.column] }
            if open.isEmpty { return (currentPlan(), currentCost()) }
            var fix = open.filter { $0.value > 0.5 + 1e-6 }.map(\.column)
            var used = Set<Int32>()
            for j in fix { used.formUnion(rowIndex[Int(start[active[j]])..<Int(start[active[j] + 1])]) }
            for (j, _) in open.filter({ $0.value <= 0.5 + 1e-6 }).sorted(by: { ($0.value, -$0.column) > ($1.value, -$1.column) })
            where fix.count < max(rule.fixPerRound, 1) {
                let rows = rowIndex[Int(start[active[j]])..<Int(start[active[j] + 1])]
                if rows.contains(where: used.contains) { continue }
                used.formUnion(rows)
                fix.append(j)
            }
            for j in fix { isFixed[j] = true }
            fixed += fix.map { ($0, true) }
            guard case .solved = solve(fixed, pricing: pricing) else { return nil }
        }
        return nil
    }

    /// Branch and cut by COIN-OR CBC (`jbt_lp_branch_and_cut`: cutting planes at the root, strong
    /// branching, at most `maxNodes` nodes) for a plan cheaper than `cost`, over the places whose
    /// reduced cost at the root is at most `cap` and within the gap (the others are left out: the
    /// cuts close most of the gap where the branch and bound cannot, but cost time by the place).
    ///
    /// With `around`, a plan of that cost, CBC searches its neighbourhood instead (as RINS does): a
    /// case whose place in the plan the root also has at 1 keeps it (or goes unbooked, where that
    /// lets others in for less); every other case may keep its place (within the gap, whatever the
    /// cap), or take one within the cap; with `openSplit`, a case the root splits between places
    /// may take any place within the gap (which of those cases goes late is the choice the
    /// relaxation leaves open, and their late places lie far above the root). A plan that books
    /// every case where the root has it is left alone, and so is one that books a case where the
    /// relaxation has no place for it.
    ///
    /// The plan CBC found and its cost, or nil. It proves nothing (see the shim).
    func branchAndCut(cost: Int, cap: Double, maxNodes: Int, around plan: [Int]? = nil, openSplit: Bool = false) -> (plan: [Int], cost: Int)? {
        // A place beyond the gap cannot be in a cheaper plan.
        let within = gap(below: cost)
        let limit = min(within, cap)
        // No place within the gap: nothing can be cheaper.
        if limit < 0 { return nil }
        admitRootColumns(upTo: limit)
        var keep: [Int: Int] = [:]   // case → its column, where the plan's place is kept or left open
        var agrees = Set<Int>()      // cases whose plan's place the root has at 1
        var split = Set<Int>()       // cases that may take any place within the gap
        if let plan {
            guard let (columns, atRoot) = neighbourhood(of: plan), atRoot.count < freeCases.count else { return nil }
            (keep, agrees) = (columns, atRoot)
            if openSplit { split = rootSplit }
            var entering = keep.values.filter { !isActive[$0] }
            rootDuals.withUnsafeBufferPointer { y in
                for (i, c) in freeCases.enumerated() where split.contains(c) {
                    entering += (caseStart[i]..<caseStart[i + 1]).filter { !isActive[$0] && keep[c] != $0 && reducedCost($0, y) <= within }
                }
            }
            add(entering.sorted())
        }
        var allowed: [Int32] = []
        rootDuals.withUnsafeBufferPointer { y in
            for (k, j) in active.enumerated() where rootUpper[k] > 0 {
                let c = Int(columnCase[j])
                let d = reducedCost(j, y)
                if keep[c] == j || split.contains(c) ? d <= within : !agrees.contains(c) && d <= limit { allowed.append(Int32(k)) }
            }
        }
        var solution = Array(repeating: 0.0, count: allowed.count)
        guard jbt_lp_branch_and_cut(model, Int32(allowed.count), allowed, Double(cost) - offset - 0.5, Int32(maxNodes),
                                    &solution) == 1 else { return nil }
        // The plan, checked against every row and costed exactly (CBC's value is a double).
        var found = Array(repeating: -1, count: caseCount)
        var total = Int(offset)
        var used = Array(repeating: 0.0, count: Int(rows))
        for (i, k) in allowed.enumerated() where solution[i] > 0.5 {
            let j = active[Int(k)]
            found[Int(columnCase[j])] = Int(columnPosition[j])
            total += Int(objective[j])
            for e in Int(start[j])..<Int(start[j + 1]) { used[Int(rowIndex[e])] += 1 }
        }
        guard total < cost, used.indices.allSatisfy({ used[$0] <= rowUpper[$0] }) else { return nil }
        return (found, total)
    }

    /// A plan's neighbourhood (see `branchAndCut`): per booked free case the column of its place,
    /// and the cases whose place the root has at 1. Nil if the plan books a case where the
    /// relaxation has no place for it.
    func neighbourhood(of plan: [Int]) -> (columns: [Int: Int], agrees: Set<Int>)? {
        var columns: [Int: Int] = [:]
        for (i, c) in freeCases.enumerated() where plan[c] >= 0 {
            guard let j = column(ofFree: i, at: plan[c]) else { return nil }
            columns[c] = j
        }
        return (columns, Set(columns.filter { rootOnes.contains($0.value) }.keys))
    }

    /// The root's reduced cost of case `c` at `position`, if the relaxation has that place for it.
    func rootReducedCost(case c: Int, position: Int) -> Double? {
        guard let i = freeCases.firstIndex(of: c), let j = column(ofFree: i, at: position) else { return nil }
        return rootDuals.withUnsafeBufferPointer { reducedCost(j, $0) }
    }

    /// The candidate column of the `i`th free case at `position`, if it has that place.
    private func column(ofFree i: Int, at position: Int) -> Int? {
        (caseStart[i]..<caseStart[i + 1]).first { Int(columnPosition[$0]) == position }
    }

    /// How far above the root a place's reduced cost may be and still be in a plan cheaper than
    /// `cost`, with the same margin for the simplex's tolerances as `roundedUp`.
    private func gap(below cost: Int) -> Double { Double(cost - 1) - rootValue + 1e-3 }

    /// Branch and bound (see the type's comment) from an incumbent plan of cost `cost`. Returns
    /// the best plan found, its cost, and whether the search ended within the budget (then it is
    /// optimal).
    func branchAndBound(incumbent: [Int], cost: Int, iterationBudget: Int) -> (plan: [Int], cost: Int, optimal: Bool) {
        var best = (plan: incumbent, cost: cost)
        let stop = iterations + iterationBudget
        /// Every column within the gap of the root enters; those outside it are closed.
        func admit() {
            let within = gap(below: best.cost)
            admitRootColumns(upTo: within)
            rootDuals.withUnsafeBufferPointer { y in
                for (k, j) in active.enumerated() where rootUpper[k] > 0 && reducedCost(j, y) > within { rootUpper[k] = 0 }
            }
        }
        admit()
        // Depth first: the branch fixing the largest fractional variable at 1 is explored first.
        var stack: [[(column: Int, one: Bool)]] = [[]]
        while let node = stack.popLast() {
            if iterations >= stop { return (best.plan, best.cost, false) }
            nodes += 1
            let value: Double
            switch solve(node, pricing: false) {
            case .solved(let v): value = v
            case .infeasible: continue
            // CLP gave no answer for this node: stop here, proving nothing.
            case .failed: return (best.plan, best.cost, false)
            }
            guard Self.roundedUp(value) < best.cost else { continue }
            let fractions = fractional()
            if fractions.isEmpty {
                let cost = currentCost()
                if cost < best.cost { best = (currentPlan(), cost) }
                admit()
                continue
            }
            let j = fractions.max { ($0.value, -$0.column) < ($1.value, -$1.column) }!.column
            stack.append(node + [(j, false)])
            stack.append(node + [(j, true)])
        }
        return (best.plan, best.cost, true)
    }
}

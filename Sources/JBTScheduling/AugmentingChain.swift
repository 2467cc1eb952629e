/// Long ejection chains, as augmenting paths: a case that misses the norm takes a place within
/// the norm, the cases in its way move to other places within their norm, the cases in *their*
/// way move on, and so on, until every displaced case has found room.
///
/// This is Kuhn's augmenting-path search for bipartite matching, run on the plan itself so that
/// the person rules are checked exactly at every step: each case is displaced at most once per
/// attempt (a shared `visited` mark), so one attempt costs at most a pass over the cases' candidate
/// lists, however long the chain. The short ejection chains (`tryMove`, two levels) and the exact
/// neighbourhoods (`repairNeighbourhood`, ten cases) miss what CP-SAT finds on the Gelderland
/// instances: chains of five to ten cases, each moving one place along — a child conversation
/// making way for another, a case crossing to a neighbouring region to free a slot at home.
extension SearchState {
    /// After the improvement search: every case that misses the norm tries one augmenting chain;
    /// after any success the improvement search runs again on what changed, with `budget` more
    /// evaluations in all. Only ever lowers the total cost, so the plan is never worse than the
    /// one `improve` left.
    mutating func improveByChains(budget extra: Int, maxEjected: Int, deadline: Double, bound: Int) {
        let budget = evaluations + extra
        let late = problem.weights.late
        while evaluations < budget && objective > bound && monotonicSeconds() < deadline {
            var found = false
            for c in index.caseOrder where !index.cPinned[c] && cost(of: c) >= late && floorCost[c] < late {
                if evaluations >= budget { break }
                if augment(c, below: late, nodeBudget: 4_000) { found = true }
            }
            // Cases left unbooked: a place after the norm, the others staying where they are
            // or moving along within their own limits.
            for c in index.caseOrder where !index.cPinned[c] && caseAt[c] < 0 && floorCost[c] < problem.unbookedCost {
                if evaluations >= budget { break }
                if augment(c, below: problem.unbookedCost, nodeBudget: 4_000) { found = true; continue }
                // When every place is taken, booking it at all may be worth a case in its way
                // missing its norm (an unbooked case costs more than a late one): the displaced
                // cases may go anywhere, and the chain is kept only if the total cost fell.
                if augment(c, below: problem.unbookedCost, nodeBudget: 4_000, rule: .loose) { found = true }
            }
            // Cases in a neighbouring region: a place at home within the norm, the cases at home in
            // their way staying at home within theirs.
            let neighbourWeight = problem.weights.neighbour
            for c in index.caseOrder where !index.cPinned[c] && caseAt[c] >= 0 && cost(of: c) >= neighbourWeight
                && cost(of: c) < late && floorCost[c] < neighbourWeight {
                if evaluations >= budget { break }
                if augment(c, below: neighbourWeight, nodeBudget: 4_000, rule: .home) { found = true }
            }
            journal.removeAll(keepingCapacity: true)
            if !found { return }
            improve(budget: min(budget, evaluations + extra / 4), maxEjected: maxEjected, deadline: deadline, bound: bound)
        }
    }

    /// Where a case displaced by a chain may go: `strict`, within its norm if it was within it,
    /// else no worse than now; `loose`, anywhere (an unbooked case pushing a case past its norm);
    /// `home`, at home within its norm if it was there (a case coming home from a neighbour).
    enum ChainRule { case strict, loose, home }

    /// Tries to book case `c` at a cost below `late` by one augmenting chain, the displaced cases
    /// moving as `rule` allows; kept only if the total cost fell. `nodeBudget` bounds the positions examined.
    mutating func augment(_ c: Int, below late: Int, nodeBudget: Int, rule: ChainRule = .strict) -> Bool {
        let before = objective
        var visited = Set<Int>([c])
        var nodes = 0
        for p32 in candidates(c, below: late) {
            let p = Int(p32)
            if nodes > nodeBudget { break }
            let m = mark
            if displace(c, into: p, limit: late, rule: rule, depth: 0, visited: &visited, nodes: &nodes, nodeBudget: nodeBudget),
               objective < before {
                evaluations += nodes
                return true
            }
            rollback(to: m)
        }
        evaluations += nodes
        return false
    }

    /// Books `b` at `p`, displacing the (at most `maxBlockers`, unpinned, not yet visited) cases in the way,
    /// each of which must in turn find a place below its own limit. False, with the plan partly
    /// changed (the caller rolls back), when a displaced case finds none.
    private mutating func displace(_ b: Int, into p: Int, limit: Int, rule: ChainRule, depth: Int, visited: inout Set<Int>,
                                   nodes: inout Int, nodeBudget: Int) -> Bool {
        nodes += 1
        guard let blocking = blockers(b, p), blocking.count <= Self.maxBlockers else { return false }
        if blocking.contains(where: { visited.contains($0) }) { return false }
        if !blocking.isEmpty && depth >= Self.maxChainDepth { return false }
        let limits = blocking.map { relocationLimit(of: $0, rule) }
        for d in blocking { visited.insert(d); assign(d, nil) }
        assign(b, p)
        for (d, dLimit) in zip(blocking, limits) where !relocate(d, limit: dLimit, rule: rule, depth: depth + 1, visited: &visited,
                                                                  nodes: &nodes, nodeBudget: nodeBudget) {
            return false
        }
        return true
    }

    /// Places the displaced case `d` at a cost below `limit`: at its cheapest free place if it has
    /// one, else at the first place along its list whose holders can move on.
    private mutating func relocate(_ d: Int, limit: Int, rule: ChainRule, depth: Int, visited: inout Set<Int>,
                                  nodes: inout Int, nodeBudget: Int) -> Bool {
        let list = candidates(d, below: limit)
        for q32 in list where isFree(d, Int(q32)) {
            nodes += 1
            assign(d, Int(q32))
            return true
        }
        for q32 in list {
            if nodes > nodeBudget { return false }
            let m = mark
            if displace(d, into: Int(q32), limit: limit, rule: rule, depth: depth, visited: &visited, nodes: &nodes, nodeBudget: nodeBudget) {
                return true
            }
            rollback(to: m)
        }
        return false
    }

    /// The cost a displaced case must stay below, under `rule`.
    private func relocationLimit(of d: Int, _ rule: ChainRule) -> Int {
        let now = cost(of: d)
        switch rule {
        case .loose: return problem.unbookedCost
        case .home where now < problem.weights.neighbour: return problem.weights.neighbour
        case .strict, .home: return now < problem.weights.late ? problem.weights.late : now + 1
        }
    }

    /// How many cases may stand in the way of one step.
    static let maxBlockers = 2

    /// How many cases one chain may displace one after another.
    static let maxChainDepth = 12
}

/// Large-neighbourhood search: free a case together with the cases that hold or block its cheaper
/// places, and re-solve that small sub-problem exactly by branch and bound, every other booking
/// fixed. Catches what single ejection chains miss: several cases that must all shift at once.
extension SearchState {
    /// Re-optimises the neighbourhood of case `c`; keeps the result only if the total cost fell.
    /// `wanting` maps a position to the cases above their floor that would take it.
    mutating func repairNeighbourhood(of c: Int, wanting: [Int: [Int]], maxCases: Int, maxCandidates: Int, nodeBudget: Int) -> Bool {
        // Breadth-first through "holds or blocks a cheaper place of": c's rivals, their rivals, …
        var members = [c]
        var next = 0
        while next < members.count && members.count < maxCases {
            let m = members[next]
            next += 1
            let limit = m == c ? cost(of: c) : problem.unbookedCost
            for p32 in candidates(m, below: limit).prefix(maxCandidates) {
                let p = Int(p32)
                guard let blocking = blockers(m, p) else { continue }
                // Those in the way, and the other waiting cases that want the same place.
                for b in blocking + (wanting[p] ?? []) where !members.contains(b) && members.count < maxCases { members.append(b) }
                if members.count >= maxCases { break }
            }
        }
        if members.count == 1 && cost(of: c) == problem.unbookedCost && index.candidatePositions(of: c, below: problem.unbookedCost).isEmpty {
            return false
        }
        let before = objective
        let membersCost = members.reduce(0) { $0 + cost(of: $1) }
        let previous: [Int?] = members.map { caseAt[$0] < 0 ? nil : Int(caseAt[$0]) }
        let m = mark
        for b in members { assign(b, nil) }
        // Candidates per member: its cheapest positions, cheapest first (unbooked is always possible).
        // Each member may take its cheapest places, any place at the tables the case wants (the
        // focus), and always the place it has now, so the search can at least rebuild the plan.
        var focus = Set<Int>()
        for p in self.candidates(c, below: min(cost(of: c), problem.weights.late)).prefix(maxCandidates) {
            focus.formUnion(index.sessionPositions[index.sessionOf[Int(p)]])
        }
        let candidates = members.enumerated().map { i, b -> [Int] in
            var list = Set(self.candidates(b, below: problem.unbookedCost).prefix(maxCandidates).map(Int.init))
            if let was = previous[i] { list.insert(was) }
            for p in focus where index.allows(b, p) { list.insert(p) }
            return list.sorted { (index.cost(b, $0), $0) < (index.cost(b, $1), $1) }
        }
        let order = members.indices.sorted { (candidates[$0].count, members[$0]) < (candidates[$1].count, members[$1]) }
        let floors = order.map { k in candidates[k].first.map { index.cost(members[k], $0) } ?? problem.unbookedCost }
        var suffixFloor = Array(repeating: 0, count: order.count + 1)
        for i in stride(from: order.count - 1, through: 0, by: -1) { suffixFloor[i] = suffixFloor[i + 1] + floors[i] }

        var best = membersCost   // what the members cost now: to beat
        var bestChoice: [Int?]? = nil
        var choice: [Int?] = Array(repeating: nil, count: order.count)
        var nodes = 0
        func search(_ depth: Int, _ cost: Int) {
            nodes += 1
            if nodes > nodeBudget || cost + suffixFloor[depth] >= best { return }
            if depth == order.count { best = cost; bestChoice = choice; return }
            let k = order[depth], b = members[k]
            for p in candidates[k] {
                let add = index.cost(b, p)
                if cost + add + suffixFloor[depth + 1] >= best { break }
                guard isFree(b, p) else { continue }
                assign(b, p)
                choice[depth] = p
                search(depth + 1, cost + add)
                assign(b, nil)
                choice[depth] = nil
                if nodes > nodeBudget { return }
            }
            search(depth + 1, cost + problem.unbookedCost)
        }
        search(0, 0)
        evaluations += nodes
        rollback(to: m)
        guard let bestChoice else { return false }
        for b in members { assign(b, nil) }
        for (depth, p) in bestChoice.enumerated() { assign(members[order[depth]], p) }
        if objective < before { return true }
        rollback(to: m)
        return false
    }
}

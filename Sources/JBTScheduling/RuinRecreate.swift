import JBTCore
/// Ruin and recreate: when no single move helps, free a case that misses the norm together with
/// everyone booked at the tables it could use, and book them again in a different order. Kept only
/// when the total cost falls. A seeded generator picks the cases, so the same input gives the same plan.
extension SearchState {
    mutating func ruinAndRecreate(iterations: Int, random: inout SplitMix64, budget: Int, deadline: Double, bound: Int) -> Bool {
        let late = problem.weights.late
        var improvedAny = false
        for _ in 0..<iterations {
            if evaluations >= budget || objective <= bound || monotonicSeconds() > deadline { break }
            let missing = index.caseOrder.filter { !index.cPinned[$0] && cost(of: $0) >= late && floorCost[$0] < late }
            guard !missing.isEmpty else { break }
            let c = missing[Int(random.next() % UInt64(missing.count))]
            // The tables c could use within the norm.
            var positions = Set<Int>()
            for p in candidates(c, below: late).prefix(8) {
                positions.formUnion(index.sessionPositions[index.sessionOf[Int(p)]])
            }
            var freed = [c]
            for p in positions.sorted() where posCase[p] >= 0 {
                let b = Int(posCase[p])
                if !index.cPinned[b] && !freed.contains(b) { freed.append(b) }
            }
            if freed.count > 60 { continue }
            let before = objective
            let m = mark
            for b in freed { assign(b, nil) }
            // A random order, but the tightest cases (fewest places within the norm) mostly first.
            let keyed = freed.map { b -> (Int, UInt64, Int) in
                (candidates(b, below: late).count, random.next() % 4, b)
            }
            for (_, _, b) in keyed.sorted(by: { ($0.0 / 4, $0.1, $0.2) < ($1.0 / 4, $1.1, $1.2) }) {
                placeBest(b, depth: 1, maxEjected: 1)
            }
            evaluations += freed.count
            // Equal cost is kept too: a sideways step across a plateau, from where the next
            // ruin may find a way down. Only a strict gain counts as an improvement.
            if objective < before { improvedAny = true } else if objective > before { rollback(to: m) }
        }
        return improvedAny
    }

}

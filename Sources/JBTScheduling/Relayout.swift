/// Re-packing one table session: a case that fits a session only if the others shift to other
/// start times (a child conversation needs the slot before its table conversation free) gets in
/// without anyone leaving the day.
extension SearchState {
    /// Tries to book `c` into session `s` by re-laying out everyone booked there; with
    /// `ejecting`, one case of the session may make way and is re-placed elsewhere. Kept only if
    /// the total cost fell.
    mutating func insertWithRelayout(_ c: Int, session s: Int, ejecting: Bool) -> Bool {
        // The session together with every session that shares a person with it that day.
        let positions = index.clusterPositions[index.clusterOfSession[s]]
        if positions.count > 24 { return false }
        var members: [Int] = []
        for p in positions where posCase[p] >= 0 && Int(posCase[p]) != c { members.append(Int(posCase[p])) }
        // All positions of a cluster are on one day, so re-packing changes no one's waiting days.
        if members.contains(where: { index.cPinned[$0] }) { return false }
        let before = objective
        let m = mark
        let candidatesToLeave: [Int?] = ejecting ? members.map { Optional($0) } : [nil]
        if !ejecting && members.count + 1 > positions.count { return false }
        for leaving in candidatesToLeave {
            evaluations += 1
            assign(c, nil)
            for b in members { assign(b, nil) }
            var staying = members.filter { $0 != leaving } + [c]
            // Child conversations are the hard ones: place them first.
            staying.sort { (index.cChild[$0] ? 0 : 1, $0) < (index.cChild[$1] ? 0 : 1, $1) }
            var nodes = 0
            if pack(staying, into: positions, from: 0, nodes: &nodes) {
                if let leaving { placeBest(leaving, depth: 1, maxEjected: 1) }
                if objective < before { return true }
            }
            rollback(to: m)
        }
        return false
    }

    /// Exact packing of `cases` into `positions` (depth-first, at most a handful of each).
    private mutating func pack(_ cases: [Int], into positions: [Int], from i: Int, nodes: inout Int) -> Bool {
        if i == cases.count { return true }
        nodes += 1
        if nodes > 4_000 { return false }
        let c = cases[i]
        for p in positions where posCase[p] < 0 && index.allows(c, p) && isFree(c, p) {
            assign(c, p)
            if pack(cases, into: positions, from: i + 1, nodes: &nodes) { return true }
            assign(c, nil)
        }
        evaluations += 1
        return false
    }
}

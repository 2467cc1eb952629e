import JBTCore
/// The position-level plan during the improvement search, with an undo journal so that a
/// tentative ejection chain can be rolled back exactly.
struct SearchState {
    let problem: SchedulingProblem
    var index: PositionIndex
    var caseAt: [Int32]
    var posCase: [Int32]
    var objective: Int
    var evaluations = 0
    var journal: [(c: Int32, old: Int32)] = []
    /// Per case, the cheapest cost it could ever have (its best allowed position).
    private(set) var floorCost: [Int]
    /// Per case, its allowed positions in cost order, computed when first needed.
    private var candidateCache: [[Int32]?]
    /// Per cached list, whether its costs never fall along it.
    private var candidateSorted: [Bool]

    /// The plan as a `Schedule`.
    var schedule: Schedule { Schedule(positionOf: caseAt.map { $0 < 0 ? nil : Int($0) }) }

    /// With `prefilled`, every case's candidate list is computed now rather than when first
    /// needed (the same lists: the search, and each of its runs, then finds them ready).
    init(problem: SchedulingProblem, index: PositionIndex, prefilled: Bool = false) {
        self.problem = problem
        self.index = index
        caseAt = Array(repeating: -1, count: problem.cases.count)
        posCase = Array(repeating: -1, count: problem.positions.count)
        objective = problem.unbookedCost * problem.cases.count
        candidateCache = Array(repeating: nil, count: problem.cases.count)
        candidateSorted = Array(repeating: false, count: problem.cases.count)
        guard prefilled else {
            floorCost = problem.cases.indices.map(index.floorCost)
            return
        }
        floorCost = Array(repeating: problem.unbookedCost, count: problem.cases.count)
        for c in problem.cases.indices {
            _ = candidates(c, below: problem.unbookedCost)
            // The first candidate is the cheapest: the floor (`PositionIndex.floorCost`).
            if let first = candidateCache[c]?.first { floorCost[c] = index.cost(c, Int(first)) }
        }
    }

    /// The positions case `c` may take at a cost below `limit`, cheapest first.
    mutating func candidates(_ c: Int, below limit: Int) -> ArraySlice<Int32> {
        let list: [Int32]
        if let cached = candidateCache[c] {
            list = cached
        } else {
            list = index.candidatePositions(of: c, below: problem.unbookedCost).map(Int32.init)
            candidateCache[c] = list
            candidateSorted[c] = zip(list, list.dropFirst()).allSatisfy { index.cost(c, Int($0)) <= index.cost(c, Int($1)) }
        }
        // Every candidate costs less than the unbooked cost; otherwise cut the list where the
        // cost first reaches the limit (by bisection when, as with the usual weights, the costs
        // never fall along the list).
        if limit >= problem.unbookedCost { return list[...] }
        if !candidateSorted[c] {
            var end = 0
            while end < list.count && index.cost(c, Int(list[end])) < limit { end += 1 }
            return list[0..<end]
        }
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if index.cost(c, Int(list[mid])) < limit { lo = mid + 1 } else { hi = mid }
        }
        return list[0..<lo]
    }

    @inline(__always) func cost(of c: Int) -> Int {
        let p = caseAt[c]
        return p < 0 ? problem.unbookedCost : index.cost(c, Int(p))
    }

    /// Moves case `c` to position `p` (nil: unbooked), recording the change.
    mutating func assign(_ c: Int, _ p: Int?) {
        let old = caseAt[c]
        journal.append((Int32(c), old))
        objective -= cost(of: c)
        if old >= 0 { posCase[Int(old)] = -1 }
        if let p { caseAt[c] = Int32(p); posCase[p] = Int32(c) } else { caseAt[c] = -1 }
        objective += cost(of: c)
    }

    var mark: Int { journal.count }

    mutating func rollback(to mark: Int) {
        while journal.count > mark {
            let (c, old) = journal.removeLast()
            let now = caseAt[Int(c)]
            objective -= cost(of: Int(c))
            if now >= 0 { posCase[Int(now)] = -1 }
            caseAt[Int(c)] = old
            if old >= 0 { posCase[Int(old)] = c }
            objective += cost(of: Int(c))
        }
    }

    /// Whether `c` can be booked at `p` without moving anyone (no allocation: the hot path).
    @inline(__always) func isFree(_ c: Int, _ p: Int) -> Bool {
        let holder = posCase[p]
        if holder >= 0 && Int(holder) != c { return false }
        let (a0, a1) = index.busy(c, p)
        for q32 in index.relatedPositions(p) {
            let d = posCase[Int(q32)]
            if d < 0 || Int(d) == c { continue }
            let (b0, b1) = index.busy(Int(d), Int(q32))
            if a0 < b1 && b0 < a1 { return false }
        }
        if index.hasCasePeople && !clearOfOwnPeople(c, p, a0, a1) { return false }
        return true
    }

    /// Whether no case sharing one of c's own people is booked at a time overlapping `[a0, a1)` on
    /// p's day. The arrays are taken once: this sits in the search's innermost loop, and each
    /// access through `index` costs a copy in a debug build.
    func clearOfOwnPeople(_ c: Int, _ p: Int, _ a0: Int, _ a1: Int) -> Bool {
        let starts = index.caseRelatedStart
        var k = Int(starts[c])
        let end = Int(starts[c + 1])
        if k == end { return true }
        let related = index.caseRelated, day = index.pDay, child = index.cChild
        let start = index.pStart, childStart = index.pChildStart, finish = index.pEnd
        let today = day[p]
        while k < end {
            let d = Int(related[k])
            k += 1
            let q = Int(caseAt[d])
            if q < 0 || day[q] != today { continue }
            let b0 = child[d] ? childStart[q] : start[q]
            if a0 < finish[q] && b0 < a1 { return false }
        }
        return true
    }

    /// The cases that stand in the way of booking `c` at `p`: the one holding `p` and those whose
    /// busy time would overlap through a shared person (of a position, or of the cases themselves).
    /// Nil when a pinned case is among them.
    func blockers(_ c: Int, _ p: Int) -> [Int]? {
        var result: [Int] = []
        let holder = posCase[p]
        if holder >= 0 && Int(holder) != c {
            if index.cPinned[Int(holder)] { return nil }
            result.append(Int(holder))
        }
        let (a0, a1) = index.busy(c, p)
        for q32 in index.relatedPositions(p) {
            let q = Int(q32)
            let d = posCase[q]
            if d < 0 || Int(d) == c { continue }
            let (b0, b1) = index.busy(Int(d), q)
            if a0 < b1 && b0 < a1 {
                if index.cPinned[Int(d)] { return nil }
                if !result.contains(Int(d)) { result.append(Int(d)) }
            }
        }
        if index.hasCasePeople {
            // A case that shares one of c's own people, booked at an overlapping time elsewhere.
            let day = index.pDay[p]
            for d32 in index.relatedCases(c) {
                let d = Int(d32)
                let q = caseAt[d]
                if q < 0 || index.pDay[Int(q)] != day { continue }
                let (b0, b1) = index.busy(d, Int(q))
                if a0 < b1 && b0 < a1 {
                    if index.cPinned[d] { return nil }
                    if !result.contains(d) { result.append(d) }
                }
            }
        }
        return result
    }

    /// Turns the relaxation's groups into concrete positions: pinned cases first, then per
    /// group child conversations first (each at the latest free position whose child slot is
    /// clear), then the others at the earliest free position. Cases that do not fit stay unbooked
    /// for the search to place.
    mutating func layOut(groupOf: [Int?], preferred: [Int] = []) {
        for (c, k) in problem.cases.enumerated() { if let p = k.pinned { assign(c, p) } }
        // The positions the priced flow chose, where they are free and clash with no one.
        var placed = Set<Int>()
        for c in index.caseOrder {
            let p = preferred.isEmpty ? -1 : preferred[c]
            if p >= 0, groupOf[c] == index.groupOfPosition[p], posCase[p] < 0, isFree(c, p) {
                assign(c, p); placed.insert(c)
            }
        }
        var members: [[Int]] = Array(repeating: [], count: index.groups.count)
        for c in index.caseOrder where !placed.contains(c) { if let g = groupOf[c] { members[g].append(c) } }
        for (g, list) in members.enumerated() where !list.isEmpty {
            let positions = index.groups[g].positions
            for c in list where index.cChild[c] {
                if let p = positions.reversed().first(where: { posCase[$0] < 0 && isFree(c, $0) }) {
                    assign(c, p)
                }
            }
            for c in list where !index.cChild[c] {
                if let p = positions.first(where: { posCase[$0] < 0 && isFree(c, $0) }) {
                    assign(c, p)
                }
            }
        }
        journal.removeAll()
    }

    /// The improvement search, in order of what matters most:
    /// 1. cases that miss the norm try every place within the norm, with ejection chains;
    /// 2. cases still unbooked take the first free place after the norm;
    /// 3. other cases above their floor try a few cheaper places (home region, fewer waiting days);
    /// 4. cases still missing the norm get their neighbourhood re-solved exactly.
    /// Repeats while anything improves, within the evaluation budget.
    mutating func improve(budget: Int, maxEjected: Int, deadline: Double, bound: Int) {
        var lastCheck = 0
        func outOfTime() -> Bool {
            // Nothing can beat the relaxation's bound: stop there.
            if evaluations >= budget || objective <= bound { return true }
            if evaluations - lastCheck < 512 { return false }
            lastCheck = evaluations
            return monotonicSeconds() > deadline
        }
        let late = problem.weights.late
        func missesNorm(_ c: Int) -> Bool { cost(of: c) >= late && floorCost[c] < late }
        var random = SplitMix64(state: 0x4A42_5400 &+ UInt64(problem.cases.count))
        var improved = true
        while improved && !outOfTime() {
            improved = false
            for c in index.caseOrder where !index.cPinned[c] && missesNorm(c) {
                if outOfTime() { return }
                var moved = false
                for p in candidates(c, below: late) where tryMove(c, Int(p), depth: 2, maxEjected: maxEjected) {
                    moved = true; break
                }
                // Re-pack a session within the norm: first without anyone leaving, then with one.
                if !moved {
                    var sessions: [Int] = []
                    for p in candidates(c, below: late) where !sessions.contains(index.sessionOf[Int(p)]) {
                        sessions.append(index.sessionOf[Int(p)])
                    }
                    for ejecting in [false, true] where !moved {
                        for s in sessions where insertWithRelayout(c, session: s, ejecting: ejecting) { moved = true; break }
                    }
                }
                if moved { improved = true }
            }
            for c in index.caseOrder where !index.cPinned[c] && caseAt[c] < 0 {
                if outOfTime() { return }
                for p in candidates(c, below: problem.unbookedCost) where isFree(c, Int(p)) {
                    assign(c, Int(p)); improved = true; break
                }
            }
            for c in index.caseOrder where !index.cPinned[c] && cost(of: c) > floorCost[c] && !missesNorm(c) {
                if outOfTime() { return }
                for p in candidates(c, below: cost(of: c)).prefix(12) {
                    if tryMove(c, Int(p), depth: 1, maxEjected: 1) { improved = true; break }
                }
            }
            journal.removeAll(keepingCapacity: true)
            if improved { continue }
            let waiting = index.caseOrder.filter { !index.cPinned[$0] && missesNorm($0) }
            var wanting: [Int: [Int]] = [:]
            for c in waiting { for p in candidates(c, below: late).prefix(24) { wanting[Int(p), default: []].append(c) } }
            for c in waiting where missesNorm(c) {
                if outOfTime() { return }
                if repairNeighbourhood(of: c, wanting: wanting, maxCases: 10, maxCandidates: 12, nodeBudget: 20_000) { improved = true }
            }
            journal.removeAll(keepingCapacity: true)
            if improved { continue }
            if ruinAndRecreate(iterations: 50 + 4 * waiting.count, random: &random, budget: budget, deadline: deadline, bound: bound) { improved = true }
            journal.removeAll(keepingCapacity: true)
        }
    }

    /// Books `c` at `p`, ejecting what is in the way and re-placing it; keeps the result only if
    /// the total cost fell.
    mutating func tryMove(_ c: Int, _ p: Int, depth: Int, maxEjected: Int) -> Bool {
        evaluations += 1
        guard let ejected = blockers(c, p), ejected.count <= maxEjected else { return false }
        if ejected.isEmpty && depth == 0 {
            let before = objective, m = mark
            assign(c, p)
            if objective < before { return true }
            rollback(to: m)
            return false
        }
        let before = objective
        let m = mark
        for b in ejected { assign(b, nil) }
        assign(c, p)
        for b in ejected { placeBest(b, depth: depth - 1, maxEjected: maxEjected) }
        if objective < before { return true }
        rollback(to: m)
        return false
    }

    /// Places the unbooked case `b` at its cheapest free position; with depth left, also tries
    /// positions held by one other case.
    mutating func placeBest(_ b: Int, depth: Int, maxEjected: Int) {
        let list = candidates(b, below: problem.unbookedCost)
        for p32 in list {
            let p = Int(p32)
            guard isFree(b, p) else { continue }
            // The cheapest free position; with depth left, a cheaper occupied one may still win.
            if depth > 0 {
                let limit = index.cost(b, p)
                for q in list.prefix(8) {
                    if index.cost(b, Int(q)) >= limit { break }
                    if tryMove(b, Int(q), depth: depth - 1, maxEjected: 1) { return }
                }
            }
            assign(b, p)
            return
        }
        if depth > 0 {
            for q in list.prefix(8) where tryMove(b, Int(q), depth: depth - 1, maxEjected: 1) { return }
        }
    }
}


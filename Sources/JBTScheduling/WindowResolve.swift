/// Exact re-solve of a window: a case that misses its norm (or sits in a neighbouring region, or
/// waits longer than it needs to) names the days it could use more cheaply; every table of its
/// home region and the neighbours on those days, together with every table that shares a person
/// with one of them that day, is freed and laid out again by branch and bound, every other booking
/// fixed.
///
/// What the ejection chains and augmenting paths cannot do, this can: three or more cases in the
/// way of one step, a whole table day re-laid at once (child conversations need the slot before
/// them free), cases crossing between home and neighbouring tables on the same day. A freed case
/// may also leave the window for one of its cheapest places elsewhere that is free.
extension SearchState {
    /// After the chains: each case above its floor — missing the norm first, then in a neighbouring
    /// region, then waiting at home — tries the window of its cheaper days; `budget` counts the
    /// branch-and-bound nodes and the places they examine. Only ever lowers the total cost.
    mutating func improveByWindows(budget extra: Int, maxEjected: Int, deadline: Double, bound: Int) {
        let budget = evaluations + extra
        let late = problem.weights.late
        var improved = true
        while improved && evaluations < budget && objective > bound && monotonicSeconds() < deadline {
            improved = false
            // Missing the norm first: it matters most; then those left unbooked that can only be
            // booked after the norm.
            let misses = index.caseOrder.filter {
                !index.cPinned[$0] && (cost(of: $0) >= late && floorCost[$0] < late
                                       || caseAt[$0] < 0 && floorCost[$0] < problem.unbookedCost)
            }
            let abroad = index.caseOrder.filter {
                !index.cPinned[$0] && cost(of: $0) < late && caseAt[$0] >= 0
                    && index.pRegion[Int(caseAt[$0])] != index.cHome[$0] && floorCost[$0] < cost(of: $0)
            }
            // Then those at home waiting longer than they need to.
            let waiting = index.caseOrder.filter {
                !index.cPinned[$0] && cost(of: $0) < late && caseAt[$0] >= 0
                    && index.pRegion[Int(caseAt[$0])] == index.cHome[$0] && floorCost[$0] < cost(of: $0)
            }
            /// Each case's windows until `until`: within the norm (or below its cost), and for one
            /// left unbooked, failing that, after it.
            func tryAll(_ cases: [Int], until: Int) {
                for c in cases {
                    if evaluations >= until || objective <= bound { return }
                    var limits = [min(cost(of: c), late)]
                    if caseAt[c] < 0 { limits.append(problem.unbookedCost) }
                    for limit in limits where limit > floorCost[c] && evaluations < until {
                        if tryWindows(for: c, below: limit, budget: until) { improved = true; break }
                    }
                }
            }
            // The cases missing the norm take at most half of what is left: those that cannot make
            // it (where the norm is out of reach for as many as miss it) would otherwise use it all.
            tryAll(misses, until: min(budget, evaluations + (budget - evaluations) / 2))
            tryAll(abroad + waiting, until: budget)
            journal.removeAll(keepingCapacity: true)
            // A re-laid window opens room elsewhere: the short moves and chains look again.
            if improved {
                improve(budget: min(budget, evaluations + extra / 4), maxEjected: maxEjected, deadline: deadline, bound: bound)
                improveByChains(budget: extra / 4, maxEjected: maxEjected, deadline: deadline, bound: bound)
            }
        }
    }

    /// The windows of case `c`'s days below `limit`: all of them at once, fewer where that is too
    /// large, then each day on its own (a small window, searched exactly).
    private mutating func tryWindows(for c: Int, below limit: Int, budget phaseBudget: Int) -> Bool {
        // Each case has at most a few windows' worth of work.
        let budget = min(phaseBudget, evaluations + Self.caseWindowWork)
        var days: [Int] = []
        for p in candidates(c, below: limit) where !days.contains(index.pDay[Int(p)]) {
            days.append(index.pDay[Int(p)])
            if days.count >= Self.windowDays { break }
        }
        var span = days.count
        while span > 0 && evaluations < budget {
            switch resolveWindow(for: c, days: Array(days.prefix(span)), below: limit, nodeBudget: Self.windowWork) {
            case .improved: return true
            case .tooLarge: span -= 1
            case .notImproved: span = 0
            }
        }
        for day in days.dropFirst() where evaluations < budget {
            if case .improved = resolveWindow(for: c, days: [day], below: limit, nodeBudget: Self.windowWork) { return true }
        }
        return false
    }

    /// Frees every case booked at the tables of `c`'s home region and its neighbours on `days`
    /// (with the tables that share a person with them), and lays them out again together with
    /// `c` (which must cost less than `limit`), exactly unless `nodeBudget` nodes and places
    /// examined run out first. Kept only if the total cost fell.
    mutating func resolveWindow(for c: Int, days: [Int], below limit: Int, nodeBudget: Int) -> WindowOutcome {
        // The window: every table of c's home region and its neighbours on those days, with the
        // tables that share a person with them (c's own places among them), so that a case in
        // the way can move to any table of the region that day, not only to those c could use.
        var clusters: [Int] = []
        for p32 in candidates(c, below: limit) where days.contains(index.pDay[Int(p32)]) {
            let cluster = index.clusterOfSession[index.sessionOf[Int(p32)]]
            if !clusters.contains(cluster) { clusters.append(cluster) }
        }
        for region in [index.cHome[c]] + problem.neighbours[index.cHome[c]] {
            let list = index.positionsByRegion[region]
            for day in days {
                var i = lowerBound(list) { index.pDay[$0] < day }
                while i < list.count && index.pDay[list[i]] == day {
                    let cluster = index.clusterOfSession[index.sessionOf[list[i]]]
                    if !clusters.contains(cluster) { clusters.append(cluster) }
                    i += 1
                }
            }
        }
        var window: [Int] = []
        for cluster in clusters.sorted() { window += index.clusterPositions[cluster] }
        if window.isEmpty { return .notImproved }
        if window.count > Self.maxWindowPositions { return .tooLarge }
        window.sort()
        var members: [Int] = []
        for p in window where posCase[p] >= 0 {
            let b = Int(posCase[p])
            if index.cPinned[b] { continue }   // stays, and isFree keeps everyone clear of it
            if b != c { members.append(b) }
        }
        members.sort()
        members.insert(c, at: 0)
        if members.count > Self.maxWindowCases { return .tooLarge }

        let before = objective
        let membersCost = members.reduce(0) { $0 + cost(of: $1) }
        let previous = members.map { caseAt[$0] }
        // Per member, the places it may take: any window place below its limit, and its first few
        // cheapest places elsewhere (taken only if free when reached). Its own place comes first
        // among equally cheap ones, so the search rebuilds the old layout early.
        let inWindow = Set(window)
        var limits: [Int] = []
        let baseLists: [[Int]] = members.enumerated().map { i, b in
            let bLimit = b == c ? limit : (cost(of: b) < problem.weights.late ? problem.weights.late : cost(of: b) + 1)
            limits.append(bLimit)
            var list = window.filter { index.allows(b, $0) && index.cost(b, $0) < bLimit }
            var outside = 0
            for q32 in candidates(b, below: bLimit) where !inWindow.contains(Int(q32)) {
                list.append(Int(q32)); outside += 1
                if outside >= Self.outsidePlaces { break }
            }
            let was = Int(previous[i])
            return list.sorted { ($0 == was ? 0 : 1, index.cost(b, $0), $0) < ($1 == was ? 0 : 1, index.cost(b, $1), $1) }
        }
        if baseLists[0].isEmpty { return .notImproved }
        // The case itself first, then the hardest: child conversations, then the fewest places.
        let order = members.indices.sorted {
            ($0 == 0 ? 0 : 1, index.cChild[members[$0]] ? 0 : 1, baseLists[$0].count, members[$0])
                < ($1 == 0 ? 0 : 1, index.cChild[members[$1]] ? 0 : 1, baseLists[$1].count, members[$1])
        }

        let m = mark
        for b in members { assign(b, nil) }
        // The sub-problem's min-cost flow relaxation (each member one place, each place one
        // member, person rules aside): a lower bound on every layout of the window, and the order
        // in which the search tries each member's places (its flow place first).
        let (relaxed, guide) = windowRelaxation(members: members, lists: baseLists, limits: limits)
        if relaxed >= membersCost { rollback(to: m); return .notImproved }
        let lists = baseLists.enumerated().map { k, list in
            guide[k] < 0 ? list : [guide[k]] + list.filter { $0 != guide[k] }
        }
        var best = membersCost
        var bestChoice: [Int]? = nil
        var choice = Array(repeating: -1, count: members.count)
        var placed = Array(repeating: false, count: members.count)
        var nodes = 0, checks = 0
        // Depth-first; at each node the member with the fewest free places goes next (ties: the
        // case itself, then member order), and the bound is what each unplaced member would cost
        // at its cheapest free place — no plan below this node costs less.
        func search(_ left: Int, _ total: Int) {
            nodes += 1
            if left == 0 { best = total; bestChoice = choice; return }
            var bound = total, pick = -1, pickCount = Int.max, pickCheapest = 0
            var open: [[Int]] = []   // per unplaced member (in `order`), its free places
            var who: [Int] = []
            for k in order where !placed[k] {
                let b = members[k]
                var cheapest = Int.max
                var free: [Int] = []
                for p in lists[k] {
                    checks += 1
                    guard posCase[p] < 0, isFree(b, p) else { continue }
                    cheapest = min(cheapest, index.cost(b, p))
                    free.append(p)
                }
                if free.isEmpty { return }
                bound += cheapest
                if bound >= best { return }
                if free.count < pickCount { pick = k; pickCount = free.count; pickCheapest = cheapest }
                open.append(free); who.append(k)
            }
            // Every unplaced member needs a place of its own: the min-cost assignment of them to
            // their free places (person rules aside) must exist and leave room to beat the best.
            guard let assigned = assignmentCost(open, who.map { members[$0] }, &checks),
                  total + assigned < best else { return }
            let b = members[pick]
            placed[pick] = true
            for p in lists[pick] {
                let add = index.cost(b, p)
                guard posCase[p] < 0, isFree(b, p) else { continue }
                if bound - pickCheapest + add >= best { continue }
                assign(b, p)
                choice[pick] = p
                search(left - 1, total + add)
                assign(b, nil)
                if nodes + checks > nodeBudget { break }
            }
            placed[pick] = false
        }
        search(members.count, 0)
        evaluations += nodes + checks
        rollback(to: m)
        guard let bestChoice else { return .notImproved }
        for b in members { assign(b, nil) }
        for (k, p) in bestChoice.enumerated() { assign(members[k], p) }
        if objective < before { return .improved }
        rollback(to: m)
        return .notImproved
    }

    /// Min-cost assignment of the members to the free places of their lists (a member left out
    /// costs its limit); returns its cost and each member's place (or -1).
    private func windowRelaxation(members: [Int], lists: [[Int]], limits: [Int]) -> (Int, [Int]) {
        var placeNode: [Int: Int] = [:]
        var places: [Int] = []
        for list in lists { for p in list where posCase[p] < 0 && placeNode[p] == nil { placeNode[p] = members.count + places.count; places.append(p) } }
        let sink = members.count + places.count
        var flow = MinCostFlow(nodeCount: sink + 1)
        for p in places { flow.addEdge(from: placeNode[p]!, to: sink, capacity: 1, cost: 0) }
        var edges: [[(Int, Int)]] = Array(repeating: [], count: members.count)
        for (k, b) in members.enumerated() {
            for p in lists[k] where posCase[p] < 0 {
                edges[k].append((flow.addEdge(from: k, to: placeNode[p]!, capacity: 1, cost: index.cost(b, p)), p))
            }
            flow.addEdge(from: k, to: sink, capacity: 1, cost: limits[k])
        }
        var total = 0
        for k in members.indices { total += flow.augmentOne(from: k, to: sink) }
        let guide = edges.map { list in list.first { flow.flow(on: $0.0) > 0 }?.1 ?? -1 }
        return (total, guide)
    }

    /// The least cost of giving each case its own place from its list (nil: impossible).
    private func assignmentCost(_ lists: [[Int]], _ cases: [Int], _ work: inout Int) -> Int? {
        var placeNode: [Int: Int] = [:]
        var places: [Int] = []
        for list in lists { for p in list where placeNode[p] == nil { placeNode[p] = cases.count + places.count; places.append(p) } }
        let sink = cases.count + places.count
        var flow = MinCostFlow(nodeCount: sink + 1)
        for p in places { flow.addEdge(from: placeNode[p]!, to: sink, capacity: 1, cost: 0) }
        let missing = problem.unbookedCost * 4
        for (k, b) in cases.enumerated() {
            for p in lists[k] { flow.addEdge(from: k, to: placeNode[p]!, capacity: 1, cost: index.cost(b, p)) }
            flow.addEdge(from: k, to: sink, capacity: 1, cost: missing)
            work += lists[k].count
        }
        var total = 0
        for k in cases.indices { total += flow.augmentOne(from: k, to: sink) }
        return total >= missing ? nil : total
    }

    enum WindowOutcome { case improved, notImproved, tooLarge }

    /// How many of a case's cheaper days it tries.
    static let windowDays = 20
    /// Largest window laid out again (positions, cases).
    static let maxWindowPositions = 140
    static let maxWindowCases = 100
    /// How many places outside the window a freed case may move to.
    static let outsidePlaces = 10
    /// Branch-and-bound nodes plus places examined per window.
    static let windowWork = 20_000
    /// The same for all windows of one case.
    static let caseWindowWork = 40_000
}

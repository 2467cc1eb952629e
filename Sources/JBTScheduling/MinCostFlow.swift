/// Min-cost flow by successive shortest paths with Dijkstra on reduced costs.
///
/// Built for the table assignment: each source node (a case) brings one unit, added one at a
/// time; each search stops as soon as the sink is settled, and potentials are updated only for
/// the nodes it settled (the early-termination rule of the incremental Hungarian method), so a
/// case that finds a free place nearby costs only a small local search.
///
/// A node's arcs are scanned in a fixed order: by descending edge number (the most recently added
/// first). A position is the head of one edge per case that may take it, but carries at most one
/// unit, so almost all of its reverse arcs are empty: the search scans a node's forward arcs from
/// a compact array and only the reverse arcs that carry flow, from a short per-node list kept in
/// the same order, instead of walking every arc.
struct MinCostFlow {
    private(set) var nodeCount: Int
    // Edge e (even) and its reverse e ^ 1 (odd).
    private var to: [Int32] = []
    private var capacity: [Int32] = []
    private var cost: [Int] = []
    private var potential: [Int]
    // Forward arcs of node u: forwardArcs[forwardStart[u]..<forwardStart[u + 1]], descending;
    // built on the first search, after which no edge may be added.
    private var forwardStart: [Int32] = []
    private var forwardArcs: [Int32] = []
    /// Per node, its reverse arcs with capacity left, descending (the sink's are not kept: a search
    /// stops when it settles the sink and never scans it).
    private var activeReverse: [[Int32]]
    private var sink = -1

    // Dijkstra scratch, reused between searches; `stamp` avoids clearing the arrays.
    private var distance: [Int]
    private var parentEdge: [Int32]
    private var seen: [UInt32]
    private var settledAt: [UInt32]
    private var epoch: UInt32 = 0
    private var heap = BinaryHeap()
    private var settledList: [Int32] = []

    init(nodeCount: Int) {
        self.nodeCount = nodeCount
        potential = Array(repeating: 0, count: nodeCount)
        activeReverse = Array(repeating: [], count: nodeCount)
        distance = Array(repeating: 0, count: nodeCount)
        parentEdge = Array(repeating: -1, count: nodeCount)
        seen = Array(repeating: 0, count: nodeCount)
        settledAt = Array(repeating: 0, count: nodeCount)
    }

    /// Reserves room for `count` more edges (each with its reverse), to avoid regrowing.
    mutating func reserveEdges(_ count: Int) {
        let total = to.count + 2 * count
        to.reserveCapacity(total); capacity.reserveCapacity(total); cost.reserveCapacity(total)
    }

    @discardableResult
    mutating func addEdge(from u: Int, to v: Int, capacity cap: Int, cost c: Int) -> Int {
        precondition(forwardStart.isEmpty, "edges are added before the first search")
        let e = to.count
        to.append(Int32(v)); capacity.append(Int32(cap)); cost.append(c)
        to.append(Int32(u)); capacity.append(0); cost.append(-c)
        return e
    }

    func flow(on edge: Int) -> Int { Int(capacity[edge ^ 1]) }

    /// Sets the cost of edge `e` (as returned by `addEdge`) and of its reverse.
    mutating func setCost(of e: Int, to c: Int) { cost[e] = c; cost[e ^ 1] = -c }

    /// Takes all flow back out and forgets the potentials: the network as built, ready for
    /// another round of `augmentOne` with new costs (no edge is added or reordered, so the same
    /// costs give the same flow as a freshly built network).
    mutating func resetFlow() {
        var e = 0
        while e < capacity.count {
            capacity[e] += capacity[e + 1]; capacity[e + 1] = 0
            e += 2
        }
        for v in potential.indices { potential[v] = 0 }
        for v in activeReverse.indices where !activeReverse[v].isEmpty { activeReverse[v].removeAll(keepingCapacity: true) }
    }

    /// The forward arcs in compact form, grouped by tail node, each group in descending order.
    private mutating func freeze() {
        var start = Array(repeating: Int32(0), count: nodeCount + 1)
        var e = 0
        while e < to.count { start[Int(to[e + 1]) + 1] += 1; e += 2 }
        for u in 0..<nodeCount { start[u + 1] += start[u] }
        var fill = start
        forwardArcs = Array(repeating: 0, count: to.count / 2)
        e = to.count - 2
        while e >= 0 {
            let u = Int(to[e + 1])
            forwardArcs[Int(fill[u])] = Int32(e); fill[u] += 1
            e -= 2
        }
        forwardStart = start
    }

    /// Sends one unit from `source` (a node with out-edges only) to `sink` along a cheapest path;
    /// returns the path's cost. Every call of one network uses the same sink.
    mutating func augmentOne(from source: Int, to sink: Int) -> Int {
        if forwardStart.isEmpty { freeze(); self.sink = sink }
        precondition(sink == self.sink, "one sink per network")
        // Give the new source a potential that makes all its out-edges non-negative.
        var p = Int.min
        for i in Int(forwardStart[source])..<Int(forwardStart[source + 1]) {
            let e = Int(forwardArcs[i])
            if capacity[e] > 0 { p = max(p, potential[Int(to[e])] - cost[e]) }
        }
        if p != Int.min { potential[source] = p }

        epoch &+= 1
        if epoch == 0 { seen = Array(repeating: 0, count: nodeCount); settledAt = seen; epoch = 1 }
        heap.removeAll()
        settledList.removeAll(keepingCapacity: true)
        distance[source] = 0; seen[source] = epoch; parentEdge[source] = -1
        heap.push(0, Int32(source))
        var sinkDistance = -1
        while let (d, node32) = heap.pop() {
            let u = Int(node32)
            if settledAt[u] == epoch || d > distance[u] { continue }
            settledAt[u] = epoch
            settledList.append(node32)
            if u == sink { sinkDistance = d; break }
            let pu = potential[u]
            // Merge the forward arcs and the reverse arcs with flow, both descending.
            var f = Int(forwardStart[u])
            let fEnd = Int(forwardStart[u + 1])
            var r = 0
            let rCount = activeReverse[u].count
            while true {
                let fe: Int32 = f < fEnd ? forwardArcs[f] : -1
                let re: Int32 = r < rCount ? activeReverse[u][r] : -1
                let e: Int
                if fe > re { e = Int(fe); f += 1 } else if re >= 0 { e = Int(re); r += 1 } else { break }
                if capacity[e] > 0 {
                    let v = Int(to[e])
                    if settledAt[v] != epoch {
                        let nd = d + cost[e] + pu - potential[v]
                        if seen[v] != epoch || nd < distance[v] {
                            seen[v] = epoch; distance[v] = nd; parentEdge[v] = Int32(e)
                            heap.push(nd, Int32(v))
                        }
                    }
                }
            }
        }
        precondition(sinkDistance >= 0, "the sink is always reachable through the unbooked edge")
        for node in settledList {
            let v = Int(node)
            potential[v] += distance[v] - sinkDistance
        }
        var pathCost = 0
        var v = sink
        while v != source {
            let e = Int(parentEdge[v])
            let u = Int(to[e ^ 1])
            capacity[e] -= 1; capacity[e ^ 1] += 1
            // Keep the lists of reverse arcs with capacity: e may have emptied, e ^ 1 filled.
            if e & 1 == 1 && capacity[e] == 0 && u != sink {
                if let i = activeReverse[u].firstIndex(of: Int32(e)) { activeReverse[u].remove(at: i) }
            }
            if e & 1 == 0 && capacity[e ^ 1] == 1 && v != sink {
                let list = activeReverse[v]
                var i = 0
                while i < list.count && list[i] > Int32(e ^ 1) { i += 1 }
                activeReverse[v].insert(Int32(e ^ 1), at: i)
            }
            pathCost += cost[e]
            v = u
        }
        return pathCost
    }
}

/// A binary min-heap of (key, node) pairs.
struct BinaryHeap {
    private var keys: [Int] = []
    private var nodes: [Int32] = []

    mutating func removeAll() { keys.removeAll(keepingCapacity: true); nodes.removeAll(keepingCapacity: true) }

    mutating func push(_ key: Int, _ node: Int32) {
        keys.append(key); nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if keys[parent] <= keys[i] { break }
            keys.swapAt(parent, i); nodes.swapAt(parent, i); i = parent
        }
    }

    mutating func pop() -> (Int, Int32)? {
        guard let key = keys.first else { return nil }
        let node = nodes[0]
        let lastKey = keys.removeLast(), lastNode = nodes.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey; nodes[0] = lastNode
            var i = 0
            let n = keys.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && keys[l] < keys[m] { m = l }
                if r < n && keys[r] < keys[m] { m = r }
                if m == i { break }
                keys.swapAt(m, i); nodes.swapAt(m, i); i = m
            }
        }
        return (key, node)
    }
}

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
///
/// The arrays the search reads millions of times are raw memory owned by this value (hence
/// noncopyable, freed in `deinit`): every index into them is a node or edge number checked when
/// the edge was added, so the search itself needs no bounds checks.
struct MinCostFlow: ~Copyable {
    let nodeCount: Int
    // Edge e (even) and its reverse e ^ 1 (odd); `edgeCount` of `edgeCapacity` in use.
    private var edgeCount = 0
    private var edgeCapacity = 0
    private var to: UnsafeMutablePointer<Int32>
    private var capacity: UnsafeMutablePointer<Int32>
    private var cost: UnsafeMutablePointer<Int>
    private let potential: UnsafeMutablePointer<Int>
    // Forward arcs of node u: forwardArcs[forwardStart[u]..<forwardStart[u + 1]], descending;
    // built on the first search, after which no edge may be added.
    private var forwardStart: UnsafeMutablePointer<Int32>? = nil
    private var forwardArcs: UnsafeMutablePointer<Int32>? = nil
    /// Per node, its reverse arcs with capacity left, descending (the sink's are not kept: a search
    /// stops when it settles the sink and never scans it).
    private var activeReverse: [[Int32]]
    private var sink = -1

    // Dijkstra scratch, reused between searches; `epoch` avoids clearing the arrays.
    private let distance: UnsafeMutablePointer<Int>
    private let parentEdge: UnsafeMutablePointer<Int32>
    private let seen: UnsafeMutablePointer<UInt32>
    private let settledAt: UnsafeMutablePointer<UInt32>
    private var epoch: UInt32 = 0
    private var heap = BinaryHeap()
    private var settledList: [Int32] = []

    init(nodeCount: Int) {
        precondition(nodeCount >= 0 && nodeCount < Int(Int32.max))
        self.nodeCount = nodeCount
        func zeroed<T: FixedWidthInteger>(_ count: Int, _: T.Type) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
            p.initialize(repeating: 0, count: max(count, 1))
            return p
        }
        potential = zeroed(nodeCount, Int.self)
        distance = zeroed(nodeCount, Int.self)
        parentEdge = zeroed(nodeCount, Int32.self)
        seen = zeroed(nodeCount, UInt32.self)
        settledAt = zeroed(nodeCount, UInt32.self)
        to = zeroed(0, Int32.self); capacity = zeroed(0, Int32.self); cost = zeroed(0, Int.self)
        activeReverse = Array(repeating: [], count: nodeCount)
    }

    deinit {
        for p in [potential, distance] { p.deallocate() }
        parentEdge.deallocate(); seen.deallocate(); settledAt.deallocate()
        to.deallocate(); capacity.deallocate(); cost.deallocate()
        forwardStart?.deallocate(); forwardArcs?.deallocate()
    }

    /// Reserves room for `count` more edges (each with its reverse), to avoid regrowing.
    mutating func reserveEdges(_ count: Int) { grow(to: edgeCount + 2 * count) }

    private mutating func grow(to wanted: Int) {
        guard wanted > edgeCapacity else { return }
        precondition(wanted < Int(Int32.max), "too many edges")
        func moved<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: wanted)
            p.moveInitialize(from: old, count: edgeCount)
            old.deallocate()
            return p
        }
        to = moved(to); capacity = moved(capacity); cost = moved(cost)
        edgeCapacity = wanted
    }

    @discardableResult
    mutating func addEdge(from u: Int, to v: Int, capacity cap: Int, cost c: Int) -> Int {
        precondition(forwardStart == nil, "edges are added before the first search")
        precondition(u >= 0 && u < nodeCount && v >= 0 && v < nodeCount && cap >= 0 && cap < Int(Int32.max))
        if edgeCount + 2 > edgeCapacity { grow(to: max(16, 2 * edgeCapacity)) }
        let e = edgeCount
        (to + e).initialize(to: Int32(v)); (capacity + e).initialize(to: Int32(cap)); (cost + e).initialize(to: c)
        (to + e + 1).initialize(to: Int32(u)); (capacity + e + 1).initialize(to: 0); (cost + e + 1).initialize(to: -c)
        edgeCount += 2
        return e
    }

    func flow(on edge: Int) -> Int {
        precondition(edge >= 0 && edge < edgeCount)
        return Int(capacity[edge ^ 1])
    }

    /// Sets the cost of edge `e` (as returned by `addEdge`) and of its reverse.
    mutating func setCost(of e: Int, to c: Int) {
        precondition(e >= 0 && e < edgeCount)
        cost[e] = c; cost[e ^ 1] = -c
    }

    /// Takes all flow back out and forgets the potentials: the network as built, ready for
    /// another round of `augmentOne` with new costs (no edge is added or reordered, so the same
    /// costs give the same flow as a freshly built network).
    mutating func resetFlow() {
        var e = 0
        while e < edgeCount {
            capacity[e] += capacity[e + 1]; capacity[e + 1] = 0
            e += 2
        }
        potential.update(repeating: 0, count: nodeCount)
        for v in activeReverse.indices where !activeReverse[v].isEmpty { activeReverse[v].removeAll(keepingCapacity: true) }
    }

    /// Removes edge `e` (which carries no flow) from the network for good: no later search uses it,
    /// and `resetFlow` leaves it out.
    mutating func disable(_ e: Int) {
        precondition(e >= 0 && e < edgeCount && e & 1 == 0 && capacity[e ^ 1] == 0)
        capacity[e] = 0
    }

    /// The forward arcs in compact form, grouped by tail node, each group in descending order.
    private mutating func freeze() {
        let start = UnsafeMutablePointer<Int32>.allocate(capacity: nodeCount + 1)
        start.initialize(repeating: 0, count: nodeCount + 1)
        var e = 0
        while e < edgeCount { start[Int(to[e + 1]) + 1] += 1; e += 2 }
        for u in 0..<nodeCount { start[u + 1] += start[u] }
        var fill = Array(UnsafeBufferPointer(start: start, count: nodeCount))
        let arcs = UnsafeMutablePointer<Int32>.allocate(capacity: max(edgeCount / 2, 1))
        e = edgeCount - 2
        while e >= 0 {
            let u = Int(to[e + 1])
            (arcs + Int(fill[u])).initialize(to: Int32(e)); fill[u] += 1
            e -= 2
        }
        forwardStart = start
        forwardArcs = arcs
    }

    /// Sends one unit from `source` (a node with out-edges only) to `sink` along a cheapest path;
    /// returns the path's cost. Every call of one network uses the same sink.
    mutating func augmentOne(from source: Int, to sink: Int) -> Int {
        precondition(source >= 0 && source < nodeCount && sink >= 0 && sink < nodeCount)
        if forwardStart == nil { freeze(); self.sink = sink }
        precondition(sink == self.sink, "one sink per network")
        let forwardStart = self.forwardStart!, forwardArcs = self.forwardArcs!
        let to = self.to, capacity = self.capacity, cost = self.cost, potential = self.potential
        let distance = self.distance, parentEdge = self.parentEdge, seen = self.seen, settledAt = self.settledAt
        // Give the new source a potential that makes all its out-edges non-negative.
        var p = Int.min
        for i in Int(forwardStart[source])..<Int(forwardStart[source + 1]) {
            let e = Int(forwardArcs[i])
            if capacity[e] > 0 { p = max(p, potential[Int(to[e])] - cost[e]) }
        }
        if p != Int.min { potential[source] = p }

        epoch &+= 1
        if epoch == 0 {
            seen.update(repeating: 0, count: nodeCount); settledAt.update(repeating: 0, count: nodeCount)
            epoch = 1
        }
        let epoch = self.epoch
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
            let reverse = activeReverse[u]
            var r = 0
            while true {
                let fe: Int32 = f < fEnd ? forwardArcs[f] : -1
                let re: Int32 = r < reverse.count ? reverse[r] : -1
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
                var i = 0
                while i < activeReverse[v].count && activeReverse[v][i] > Int32(e ^ 1) { i += 1 }
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

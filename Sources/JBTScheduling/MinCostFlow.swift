/// Min-cost flow by successive shortest paths with Dijkstra on reduced costs.
///
/// Built for the table assignment: each source node (a case) brings one unit, added one at a
/// time; each search stops as soon as the sink is settled, and potentials are updated only for
/// the nodes it settled (the early-termination rule of the incremental Hungarian method), so a
/// case that finds a free place nearby costs only a small local search.
struct MinCostFlow {
    private(set) var nodeCount: Int
    // Edge e and its reverse e ^ 1.
    private var to: [Int32] = []
    private var capacity: [Int32] = []
    private var cost: [Int] = []
    private var firstEdge: [Int32]
    private var nextEdge: [Int32] = []
    private var potential: [Int]

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
        firstEdge = Array(repeating: -1, count: nodeCount)
        potential = Array(repeating: 0, count: nodeCount)
        distance = Array(repeating: 0, count: nodeCount)
        parentEdge = Array(repeating: -1, count: nodeCount)
        seen = Array(repeating: 0, count: nodeCount)
        settledAt = Array(repeating: 0, count: nodeCount)
    }

    @discardableResult
    mutating func addEdge(from u: Int, to v: Int, capacity cap: Int, cost c: Int) -> Int {
        let e = to.count
        to.append(Int32(v)); capacity.append(Int32(cap)); cost.append(c); nextEdge.append(firstEdge[u]); firstEdge[u] = Int32(e)
        to.append(Int32(u)); capacity.append(0); cost.append(-c); nextEdge.append(firstEdge[v]); firstEdge[v] = Int32(e + 1)
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
    }

    /// Sends one unit from `source` (a node with out-edges only) to `sink` along a cheapest path;
    /// returns the path's cost.
    mutating func augmentOne(from source: Int, to sink: Int) -> Int {
        // Give the new source a potential that makes all its out-edges non-negative.
        var p = Int.min
        var e = Int(firstEdge[source])
        while e >= 0 {
            if capacity[e] > 0 { p = max(p, potential[Int(to[e])] - cost[e]) }
            e = Int(nextEdge[e])
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
            var e = Int(firstEdge[u])
            while e >= 0 {
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
                e = Int(nextEdge[e])
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
            capacity[e] -= 1; capacity[e ^ 1] += 1
            pathCost += cost[e]
            v = Int(to[e ^ 1])
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

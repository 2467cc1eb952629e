/// One hook's memo: every evaluation stored as a path of the fields it read. A node is "the next
/// field the script reads" (e.g. argument 2, `begintijd`), an edge that field's value, a leaf the
/// answer. Evaluations are deterministic, so everything a script does before its next read
/// depends only on the values it has read so far: two inputs that agree on those values take the
/// same path and get the same answer, however much they differ elsewhere. A rule that reads
/// `zaak.soort` and `plek.begintijd` is evaluated once per pair of values, not once per input.
///
/// A trace that ends in "everything" (the script looked at an argument as a whole) adds one more
/// node whose edge is the whole input: from there the memo is per input, as a plain dictionary.
struct DecisionTree<Answer> {
    enum Probe: Hashable {
        case field(ReadTrace.Field)
        case everything
    }

    private enum Node {
        /// `edges[table]`: the child for each value of the probe.
        case probe(Probe, table: Int)
        case leaf(Answer)
    }

    /// Root at index 0 once the first evaluation is stored.
    private var nodes: [Node] = []
    /// The edges of the probe nodes, apart from `nodes` so that adding one mutates in place.
    private var edges: [[RuleValue?: Int]] = []
    /// Stored evaluations.
    private(set) var leaves = 0
    /// Evaluations whose path contradicted an earlier one (a different next read, or a read after
    /// a leaf): never in a deterministic evaluation; such an answer is returned but not stored.
    private(set) var contradictions = 0

    /// The stored answer for `arguments`, or nil when its path leaves the tree.
    func answer(for arguments: [any HookArgument]) -> Answer? {
        guard !nodes.isEmpty else { return nil }
        var i = 0
        while true {
            switch nodes[i] {
            case .leaf(let answer): return answer
            case .probe(let probe, let table):
                guard let next = edges[table][Self.value(of: probe, in: arguments)] else { return nil }
                i = next
            }
        }
    }

    /// Stores the answer of an evaluation of `arguments` that read what `trace` says.
    mutating func insert(_ answer: Answer, trace: ReadTrace, arguments: [any HookArgument]) {
        let probes = trace.fields.map(Probe.field) + (trace.everything ? [.everything] : [])
        var edge: (table: Int, value: RuleValue?)?   // where the next new node hangs (nil: the root)
        var current: Int? = nodes.isEmpty ? nil : 0
        for probe in probes {
            let value = Self.value(of: probe, in: arguments)
            if let c = current {
                guard case .probe(let existing, let table) = nodes[c], existing == probe else {
                    contradict()
                    return
                }
                edge = (table, value)
                current = edges[table][value]
            } else {
                edges.append([:])
                _ = append(.probe(probe, table: edges.count - 1), at: edge)
                edge = (edges.count - 1, value)
            }
        }
        if let c = current {
            guard case .leaf = nodes[c] else { return contradict() }
            return   // another thread stored it meanwhile
        }
        _ = append(.leaf(answer), at: edge)
        leaves += 1
    }

    /// Appends `node`, hung from `edge` (an edge table and a value), or as the root.
    private mutating func append(_ node: Node, at edge: (table: Int, value: RuleValue?)?) -> Int {
        let index = nodes.count
        nodes.append(node)
        if let edge { edges[edge.table][edge.value] = index }
        return index
    }

    /// A re-evaluation along a stored path read a different field: the evaluation was not
    /// deterministic (a rule stopped by the time backstop, say). The answer is given but not stored;
    /// never a crash. The tests require none.
    private mutating func contradict() {
        contradictions += 1
    }

    /// The value of `probe` in `arguments`: a field of a table argument (nil when absent), or all of them.
    static func value(of probe: Probe, in arguments: [any HookArgument]) -> RuleValue? {
        switch probe {
        case .everything:
            return .list(arguments.map(\.ruleValue))
        case .field(let field):
            guard arguments.indices.contains(field.argument - 1) else { return nil }
            return arguments[field.argument - 1].field(field.key)
        }
    }
}

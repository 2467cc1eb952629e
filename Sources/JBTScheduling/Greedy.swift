/// The planning a secretariat does by hand, as baselines to measure the scheduler against.
public enum GreedyScheduler {
    public enum Order: Sendable {
        /// First come, first served: by completion date.
        case firstComeFirstServed
        /// Earliest deadline first.
        case earliestDeadline
    }

    /// Each case in turn takes its cheapest position that is still free and clashes with nobody.
    public static func solve(_ problem: SchedulingProblem, order: Order) -> Schedule {
        let index = PositionIndex(problem)
        var state = SearchState(problem: problem, index: index)
        for (c, k) in problem.cases.enumerated() { if let p = k.pinned { state.assign(c, p) } }
        let sequence = problem.cases.indices.sorted {
            let a = problem.cases[$0], b = problem.cases[$1]
            switch order {
            case .firstComeFirstServed: return (a.complete, a.ref) < (b.complete, b.ref)
            case .earliestDeadline: return (a.deadline, a.ref) < (b.deadline, b.ref)
            }
        }
        for c in sequence where problem.cases[c].pinned == nil {
            if let p = index.candidatePositions(of: c, below: problem.unbookedCost)
                .first(where: { state.isFree(c, $0) }) {
                state.assign(c, p)
            }
        }
        return state.schedule
    }
}

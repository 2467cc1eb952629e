import JBTCore
@testable import JBTScheduling

/// Small hand-made instances: days are plain numbers, times minutes after midnight.
struct Instance {
    var regions = ["thuis", "buur"]
    var neighbours: [[Int]] = [[1], [0]]
    var people: [String] = []
    var positions: [SchedulingProblem.Position] = []
    var cases: [SchedulingProblem.Case] = []

    @discardableResult
    mutating func position(region: Int = 0, day: Int, start: Int = 540, length: Int = 90, child: Int = 30,
                           childAllowed: Bool = true, people names: [String] = [],
                           types: Set<MeetingType> = Set(MeetingType.allCases)) -> Int {
        let ids = names.map { name -> Int in
            if let i = people.firstIndex(of: name) { return i }
            people.append(name); return people.count - 1
        }
        positions.append(.init(region: region, day: day, table: 1, start: start, end: start + length,
                               childStart: start - child, childAllowed: childAllowed, people: ids, types: types))
        return positions.count - 1
    }

    @discardableResult
    mutating func addCase(_ ref: String, home: Int = 0, complete: Int = 0, earliest: Int? = nil, norm: Int = 14,
                          child: Bool = false, unavailable: Set<Int> = [], type: MeetingType = .vijfVoorTwaalf,
                          pinned: Int? = nil) -> Int {
        cases.append(.init(ref: ref, home: home, type: type, complete: complete, earliest: earliest ?? complete,
                           deadline: complete + norm, child: child, unavailable: unavailable, pinned: pinned))
        return cases.count - 1
    }

    var problem: SchedulingProblem {
        SchedulingProblem(regionIDs: regions, neighbours: neighbours, people: people, positions: positions, cases: cases)
    }
}

/// A search state with `bookings` (case, position) made in order.
func booked(_ problem: SchedulingProblem, _ bookings: [(case: Int, position: Int)]) -> SearchState {
    var state = SearchState(problem: problem, index: PositionIndex(problem))
    for (c, p) in bookings { state.assign(c, p) }
    return state
}

/// A plan in the relaxations' form (per case a position, -1 for none and for pinned cases) as a
/// schedule, the pinned cases at their places.
func schedule(_ problem: SchedulingProblem, plan: [Int]) -> Schedule {
    Schedule(positionOf: plan.enumerated().map { c, p in problem.cases[c].pinned ?? (p < 0 ? nil : p) })
}

/// The scheduler's own seeded generator serves the property tests.
typealias SeededRandom = SplitMix64

/// The exact optimum by exhaustive search, for instances of a handful of cases.
func bruteForceOptimum(_ problem: SchedulingProblem) -> Int {
    var best = Int.max
    var assignment: [Int?] = Array(repeating: nil, count: problem.cases.count)
    func search(_ c: Int, _ cost: Int) {
        if cost >= best { return }
        if c == problem.cases.count {
            if problem.violations(of: Schedule(positionOf: assignment)).isEmpty { best = cost }
            return
        }
        if problem.cases[c].pinned == nil {
            assignment[c] = nil
            search(c + 1, cost + problem.unbookedCost)
        }
        for p in problem.positions.indices where problem.allows(c, p) && !assignment.contains(p) {
            if let pin = problem.cases[c].pinned, pin != p { continue }
            assignment[c] = p
            search(c + 1, cost + problem.cost(c, p))
        }
        assignment[c] = nil
    }
    search(0, 0)
    return best
}

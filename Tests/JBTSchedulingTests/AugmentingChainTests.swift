import JBTCore
import Testing
@testable import JBTScheduling

@Suite("Augmenting chains")
struct AugmentingChainTests {
    /// Thirteen places on days 1…13, one a day; case X_i may sit within its norm on day i+1 or
    /// i+2 only, and sits on day i+1. Case L may sit within its norm only on day 1 (X0's place);
    /// it sits after its norm at its own place on day 2, which only its meeting type may use.
    /// The one way to get L within the norm is that all twelve X's move one day along, the last
    /// into the free place on day 13: a chain longer than the two-level ejection chains and the
    /// ten-case exact neighbourhood reach.
    static func chain() -> (SchedulingProblem, places: [Int], late: Int, lCase: Int) {
        var i = Instance()
        let places = (1...13).map { i.position(day: $0) }
        let late = i.position(day: 2, start: 780, types: [.evaluatie])
        for x in 0..<12 { i.addCase("X\(x)", complete: x + 1, norm: 1) }
        let l = i.addCase("L", complete: 0, earliest: 1, norm: 1, type: .evaluatie)
        return (i.problem, places, late, l)
    }

    static func startingPlan(_ problem: SchedulingProblem, _ places: [Int], _ late: Int, _ l: Int) -> SearchState {
        booked(problem, (0..<12).map { ($0, places[$0]) } + [(l, late)])
    }

    @Test("A chain of twelve cases moving one day along books L within the norm; the old moves cannot")
    func longChain() {
        let (problem, places, late, l) = Self.chain()
        var old = Self.startingPlan(problem, places, late, l)
        let start = old.objective
        #expect(start == 1_000_002)   // L after its norm on day 2 (completed day 0); every X waits 0 days
        // The two-level ejection chain and the exact ten-case neighbourhood find nothing better.
        let ejected = old.tryMove(l, places[0], depth: 2, maxEjected: 2)
        let repaired = old.repairNeighbourhood(of: l, wanting: [:], maxCases: 10, maxCandidates: 12, nodeBudget: 20_000)
        #expect(!ejected)
        #expect(!repaired)
        #expect(old.objective == start)

        var state = Self.startingPlan(problem, places, late, l)
        let augmented = state.augment(l, below: problem.weights.late, nodeBudget: 4_000)
        #expect(augmented)
        // L on day 1 (waiting 1 day), every X one day later (waiting 1 day each).
        #expect(state.caseAt[l] == Int32(places[0]))
        for x in 0..<12 { #expect(state.caseAt[x] == Int32(places[x + 1])) }
        #expect(state.objective == 1 + 12)
        #expect(problem.violations(of: state.schedule).isEmpty)
    }

    @Test("A chain that would push a case past its norm is refused, and the plan is left as it was")
    func refusedWhenNoRoom() {
        var (problem, places, late, l) = Self.chain()
        // Day 13's place closes: the last X has nowhere to go within its norm.
        problem.positions[places[12]].types = [.evaluatie]
        var state = Self.startingPlan(problem, places, late, l)
        let before = state.caseAt, cost = state.objective
        let augmented = state.augment(l, below: problem.weights.late, nodeBudget: 4_000)
        #expect(!augmented)
        #expect(state.caseAt == before)
        #expect(state.objective == cost)
    }
}

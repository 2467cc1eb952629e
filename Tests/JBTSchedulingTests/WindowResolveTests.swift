import JBTCore
import Testing
@testable import JBTScheduling

@Suite("Exact re-solve of a day window")
struct WindowResolveTests {
    /// Day 1 has one long place P (a child conversation of 120 minutes before a 90-minute table
    /// conversation, 08:00–11:30) and eleven ten-minute places S0…S10 (08:00–09:50) with the same
    /// voorzitter. X_i sits at S_i; its only other day is 3+i, at a place F_i of its own. L (with a
    /// child) may sit within its norm only at P; it sits after its norm on day 20. Booking L at P
    /// needs all eleven X's to leave day 1 at once: more cases in the way than the ejection chains
    /// (two), the augmenting chains (two per step) or the ten-case neighbourhood take.
    static func crowdedDay() -> (SchedulingProblem, p: Int, s: [Int], f: [Int], late: Int, lCase: Int) {
        var i = Instance()
        let s = (0..<11).map { i.position(day: 1, start: 480 + 10 * $0, length: 10, child: 0, childAllowed: false, people: ["vz"]) }
        let p = i.position(day: 1, start: 600, length: 90, child: 120, people: ["vz"])
        let f = (0..<11).map { i.position(day: 3 + $0, childAllowed: false, people: ["vz-\($0)"]) }
        let late = i.position(day: 20, people: ["vz-laat"], types: [.evaluatie])
        for x in 0..<11 { i.addCase("X\(x)", complete: 0, norm: 14, unavailable: Set(2...14).subtracting([3 + x])) }
        let l = i.addCase("L", complete: 0, norm: 14, child: true, type: .evaluatie)
        return (i.problem, p, s, f, late, l)
    }

    static func startingPlan(_ problem: SchedulingProblem, _ s: [Int], _ late: Int, _ l: Int) -> SearchState {
        booked(problem, (0..<11).map { ($0, s[$0]) } + [(l, late)])
    }

    @Test("Eleven cases leave a day together so that L's child conversation fits; the older moves cannot")
    func crowdedDayResolved() {
        let (problem, p, s, f, late, l) = Self.crowdedDay()
        var old = Self.startingPlan(problem, s, late, l)
        let start = old.objective
        #expect(start == 1_000_020 + 11)   // L after its norm on day 20; every X waits 1 day
        let moved = old.tryMove(l, p, depth: 2, maxEjected: 2)
        let repaired = old.repairNeighbourhood(of: l, wanting: [:], maxCases: 10, maxCandidates: 12, nodeBudget: 20_000)
        let augmented = old.augment(l, below: problem.weights.late, nodeBudget: 4_000)
        #expect(!moved && !repaired && !augmented)
        #expect(old.objective == start)

        var state = Self.startingPlan(problem, s, late, l)
        let outcome = state.resolveWindow(for: l, days: [1], below: problem.weights.late, nodeBudget: 5_000)
        #expect(outcome == .improved)
        // L at P (waiting 1 day), X_i at F_i on day 3+i (waiting 3+i days): 1 + (3 + … + 13).
        #expect(state.caseAt[l] == Int32(p))
        for x in 0..<11 { #expect(state.caseAt[x] == Int32(f[x])) }
        #expect(state.objective == 1 + 88)
        #expect(problem.violations(of: state.schedule).isEmpty)
    }

    @Test("A window with no room for everyone is left as it was")
    func noRoom() {
        var (problem, p, s, f, late, l) = Self.crowdedDay()
        _ = p
        // X10's own day closes: it cannot leave day 1 within its norm.
        problem.positions[f[10]].types = [.evaluatie]
        var state = Self.startingPlan(problem, s, late, l)
        let before = state.caseAt, cost = state.objective
        #expect(state.resolveWindow(for: l, days: [1], below: problem.weights.late, nodeBudget: 5_000) == .notImproved)
        #expect(state.caseAt == before)
        #expect(state.objective == cost)
    }

    @Test("The whole scheduler books L within its norm on the crowded day")
    func scheduler() {
        let (problem, p, _, _, _, l) = Self.crowdedDay()
        let result = Scheduler().solve(problem)
        #expect(result.schedule.positionOf[l] == p)
        #expect(result.metrics.objective == 89)
        #expect(problem.violations(of: result.schedule).isEmpty)
    }
}

import JBTCore
import Testing

@testable import JBTScheduling

/// A case's own people (the family, the referrer, the GI worker) are people like the chair and the
/// officer: never in two conversations at once, wherever the tables are, pinned bookings included.
@Suite("A case's own people are never in two places at once")
struct CasePeopleTests {
    /// Two tables side by side on days 1 and 8, each at 09:00 and 10:45, every table its own chair.
    static func twoTables() -> Instance {
        var i = Instance()
        for day in [1, 8] {
            for start in [540, 645] {
                i.position(day: day, start: start, people: ["vz-1"])
                i.position(day: day, start: start, people: ["vz-2"])
            }
        }
        return i
    }

    @Test("Two cases of one referrer: the checker names the clash, the scheduler avoids it")
    func referrer() {
        var i = Self.twoTables()
        i.people.append("email:lt@example.org")
        let referrer = i.people.count - 1
        i.addCase("A", complete: 0, norm: 14)
        i.addCase("B", complete: 0, norm: 14)
        var problem = i.problem
        for c in problem.cases.indices { problem.cases[c].people = [referrer] }
        // Both at 09:00 on day 1, at tables 1 and 2.
        #expect(problem.violations(of: Schedule(positionOf: [0, 1])) == ["email:lt@example.org tegelijk bij A en B"])
        let result = Scheduler().solve(problem)
        #expect(problem.violations(of: result.schedule).isEmpty)
        let days = result.schedule.positionOf.map { problem.positions[$0!].day }
        let starts = result.schedule.positionOf.map { problem.positions[$0!].start }
        // Both on day 1 (the cheapest day), one at 09:00 and one at 10:45.
        #expect(days == [1, 1])
        #expect(Set(starts) == [540, 645])
    }

    @Test("A pinned booking keeps its family from the table beside it")
    func pinnedFamily() {
        var i = Self.twoTables()
        i.people.append("gezin:F-01")
        let family = i.people.count - 1
        i.addCase("F-01", complete: 0, pinned: 0)
        i.addCase("F-01-E1", complete: 0, norm: 14)
        var problem = i.problem
        for c in problem.cases.indices { problem.cases[c].people = [family] }
        // Only 09:00 at either table: the follow-up waits a week rather than sit beside its own family.
        problem.positions.removeAll { $0.start == 645 }
        let result = Scheduler().solve(problem)
        #expect(problem.violations(of: result.schedule).isEmpty)
        #expect(result.schedule.positionOf[0] == 0)
        #expect(result.schedule.positionOf[1].map { problem.positions[$0].day } == 8)
    }

    /// Generated: two tables a day, cases sharing referrers and families at random, some with a
    /// child conversation (whose half hour before overlaps the earlier slot).
    static func randomInstance(seed: UInt64) -> SchedulingProblem {
        var rng = SeededRandom(state: seed)
        var i = Instance()
        for day in [1, 8, 15] {
            for start in [540, 645, 750] where Int.random(in: 0..<4, using: &rng) > 0 {
                i.position(day: day, start: start, people: ["vz-1"])
                i.position(day: day, start: start, people: ["vz-2"])
            }
        }
        let owners = ["email:lt-1", "email:lt-2", "gezin:1", "gezin:2", "gezin:3"]
        i.people += owners
        let base = i.people.count - owners.count
        for n in 0..<6 {
            let complete = Int.random(in: 0..<5, using: &rng)
            i.addCase("C\(n)", complete: complete, norm: 10, child: Int.random(in: 0..<3, using: &rng) == 0)
        }
        var problem = i.problem
        for c in problem.cases.indices {
            problem.cases[c].people = [base + Int.random(in: 0..<2, using: &rng)]
            if Int.random(in: 0..<2, using: &rng) == 0 {
                problem.cases[c].people.append(base + 2 + Int.random(in: 0..<3, using: &rng))
            }
        }
        return problem
    }

    @Test("Generated instances: no clash, and the exhaustive optimum", arguments: 1...25)
    func generated(seed: Int) {
        let problem = Self.randomInstance(seed: UInt64(700 + seed))
        let result = Scheduler().solve(problem)
        #expect(problem.violations(of: result.schedule).isEmpty, "seed \(seed)")
        #expect(result.metrics.objective == bruteForceOptimum(problem), "seed \(seed)")
        #expect(result.lowerBound <= result.metrics.objective)
        let greedy = GreedyScheduler.solve(problem, order: .earliestDeadline)
        #expect(problem.violations(of: greedy).isEmpty, "seed \(seed)")
    }
}

import JBTCore
import Testing
@testable import JBTScheduling

@Suite("Scheduler on hand-made instances")
struct SchedulerTests {
    @Test("Two cases, two places the same day: both booked there (start times within a day cost the same)")
    func simple() {
        var i = Instance()
        let p0 = i.position(day: 5), p1 = i.position(day: 5, start: 660)
        i.position(day: 12)
        i.addCase("A", complete: 0)
        i.addCase("B", complete: 1)
        let result = Scheduler().solve(i.problem)
        #expect(Set(result.schedule.positionOf.compactMap { $0 }) == [p0, p1])
        #expect(result.metrics.withinNorm == 2)
        #expect(result.metrics.totalWaitingDays == 5 + 4)
        #expect(result.provenOptimal)
    }

    /// First come, first served gives the early place to the early registration; the scheduler
    /// sees that the later one has the tighter deadline.
    @Test("Beats first-come-first-served: both within the norm instead of one")
    func beatsFirstComeFirstServed() {
        var i = Instance()
        let p1 = i.position(day: 5), p2 = i.position(day: 10)
        i.addCase("A", complete: 0, norm: 14)          // may sit on day 5 or 10
        i.addCase("B", complete: 2, earliest: 4, norm: 4)  // deadline day 6: only day 5
        let problem = i.problem
        let greedy = problem.metrics(of: GreedyScheduler.solve(problem, order: .firstComeFirstServed))
        let result = Scheduler().solve(problem)
        #expect(greedy.withinNorm == 1)
        #expect(result.metrics.withinNorm == 2)
        #expect(result.schedule.positionOf == [p2, p1])
    }

    /// Earliest deadline first gives the case with the earlier deadline its earliest place, which
    /// is the only place the next case can use.
    @Test("Beats earliest-deadline-first: both within the norm instead of one")
    func beatsEarliestDeadlineFirst() {
        var i = Instance()
        let p1 = i.position(day: 5), p2 = i.position(day: 8)
        i.addCase("X", complete: 0, norm: 10)                       // day 5 or 8
        i.addCase("Y", complete: 0, norm: 11, unavailable: [8])     // only day 5 within the norm
        let problem = i.problem
        let edf = problem.metrics(of: GreedyScheduler.solve(problem, order: .earliestDeadline))
        let result = Scheduler().solve(problem)
        #expect(edf.withinNorm == 1)
        #expect(result.metrics.withinNorm == 2)
        #expect(result.schedule.positionOf == [p2, p1])
    }

    @Test("A neighbouring region is used only to reach the norm; the home region wins otherwise")
    func neighbourOnlyForTheNorm() {
        var i = Instance()
        let home12 = i.position(region: 0, day: 12)
        let neighbour3 = i.position(region: 1, day: 3)
        i.addCase("thuis-later", complete: 0)
        var result = Scheduler().solve(i.problem)
        #expect(result.schedule.positionOf == [home12], "home within the norm beats an earlier neighbour place")

        // A second case that can only make the norm at the neighbour's table.
        var j = Instance()
        let h = j.position(region: 0, day: 12)
        let n = j.position(region: 1, day: 3)
        let late = j.position(region: 0, day: 20)
        j.addCase("A", complete: 0)
        j.addCase("B", complete: 0)
        result = Scheduler().solve(j.problem)
        #expect(Set(result.schedule.positionOf.compactMap { $0 }) == [h, n])
        #expect(result.metrics.inNeighbourRegion == 1)
        #expect(result.metrics.withinNorm == 2)
        _ = (neighbour3, late)
    }

    @Test("A neighbour's table after the deadline is never used; the case waits at home")
    func noLateNeighbour() {
        var i = Instance()
        i.position(region: 1, day: 20)
        let home = i.position(region: 0, day: 25)
        i.addCase("A", complete: 0)
        let result = Scheduler().solve(i.problem)
        #expect(result.schedule.positionOf == [home])
        #expect(result.metrics.withinNorm == 0)
    }

    /// Hours mode: 09:00, 10:45, 12:30; a child conversation takes the 30 minutes before the table
    /// conversation, which overlaps the previous conversation. The first position has no room before it.
    @Test("Child conversations need the half hour before the table conversation free")
    func childConversationBlocksPreviousPosition() {
        var i = Instance()
        let p0 = i.position(day: 5, start: 540, childAllowed: false, people: ["vz", "rvdk"])
        let p1 = i.position(day: 5, start: 645, people: ["vz", "rvdk"])
        let p2 = i.position(day: 5, start: 750, people: ["vz", "rvdk"])
        i.addCase("K1", child: true)
        i.addCase("K2", child: true)
        i.addCase("P", child: false)
        let problem = i.problem
        let result = Scheduler().solve(problem)
        #expect(problem.violations(of: result.schedule).isEmpty)
        #expect(result.metrics.booked == 2, "at most two fit: a child case at 10:45 or 12:30 blocks the one before")
        #expect(result.metrics.objective == bruteForceOptimum(problem))
        #expect(Set(result.schedule.positionOf.compactMap { $0 }).isSubset(of: [p0, p1, p2]))
    }

    @Test("A person shared between two regions' tables is never in two places at once")
    func sharedPerson() {
        var i = Instance()
        let a = i.position(region: 0, day: 5, people: ["vz-a", "rvdk-gedeeld"])
        let b = i.position(region: 1, day: 5, people: ["vz-b", "rvdk-gedeeld"])
        let bLater = i.position(region: 1, day: 12, people: ["vz-b", "rvdk-gedeeld"])
        i.addCase("A", home: 0)
        i.addCase("B", home: 1)
        let problem = i.problem
        let result = Scheduler().solve(problem)
        #expect(problem.violations(of: result.schedule).isEmpty)
        #expect(result.schedule.positionOf == [a, bLater])
        #expect(result.metrics.withinNorm == 2)
        _ = b
    }

    @Test("Pinned (already booked) cases stay where they are")
    func pinnedStays() {
        var i = Instance()
        let early = i.position(day: 3), later = i.position(day: 9)
        i.addCase("vast", complete: 0, pinned: later)
        i.addCase("nieuw", complete: 0)
        let result = Scheduler().solve(i.problem)
        #expect(result.schedule.positionOf == [later, early])
    }

    @Test("Meeting types a region does not hold are never booked there")
    func meetingTypes() {
        var i = Instance()
        i.position(region: 0, day: 5, types: [.vijfVoorTwaalf, .kwartVoorTwaalf])
        let n = i.position(region: 1, day: 6)
        i.addCase("ots", type: .otsBeeindiging)
        let result = Scheduler().solve(i.problem)
        #expect(result.schedule.positionOf == [n])
    }

    @Test("Unavailable days and the earliest date are respected")
    func availability() {
        var i = Instance()
        i.position(day: 2); i.position(day: 5)
        let ok = i.position(day: 7)
        i.addCase("A", complete: 0, earliest: 4, unavailable: [5])
        #expect(Scheduler().solve(i.problem).schedule.positionOf == [ok])
    }
}

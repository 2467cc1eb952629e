#if canImport(Glibc)
import Glibc
#endif
import Foundation
import JBTCore
import Testing
@testable import JBTScheduling

@Suite("The linear relaxation (CLP): its bound, the dives, branch and bound, branch and cut (CBC)")
struct LinearRelaxationTests {
    /// The solved root; `initialPerCase: 1` makes column generation price in almost every place.
    static func root(_ problem: SchedulingProblem, initialPerCase: Int = 8) -> (LinearRelaxation, pinned: Int) {
        let index = PositionIndex(problem)
        let free = index.caseOrder.filter { problem.cases[$0].pinned == nil }
        let linear = LinearRelaxation(problem, index, free: free,
                                      candidates: free.map { index.candidatePositions(of: $0, below: problem.unbookedCost) },
                                      cliques: Scheduler.PersonCliques(problem, index), initialPerCase: initialPerCase)!
        return (linear, Scheduler().pinnedCost(problem))
    }

    /// Two regions' tables on the same days, hour after hour, with one voorzitter chairing both
    /// at overlapping times, and child conversations that need the slot before: the person rules
    /// across tables bind, and the relaxation is fractional.
    static func crowdedInstance(seed: Int, cases: Int = 7) -> SchedulingProblem {
        var rng = SeededRandom(state: UInt64(seed))
        var i = Instance()
        for day in [2, 9] {
            for region in 0..<2 {
                for slot in 0..<3 where Int.random(in: 0..<5, using: &rng) > 0 {
                    i.position(region: region, day: day, start: 540 + 60 * slot + 30 * region, length: 60, child: 60,
                               childAllowed: slot > 0, people: ["vz-gedeeld", "rvdk-\(region)"])
                }
            }
        }
        for n in 0..<cases {
            let complete = Int.random(in: 0...4, using: &rng)
            i.addCase("K\(n)", home: Int.random(in: 0..<2, using: &rng), complete: complete, norm: 7,
                      child: Int.random(in: 0..<2, using: &rng) == 0)
        }
        return i.problem
    }

    /// A crowded instance whose root is fractional (a dive changes the model, CBC has work).
    static func fractionalInstance() -> SchedulingProblem? {
        (1...40).lazy.map { crowdedInstance(seed: 2500 + $0, cases: 9) }.first { !root($0).0.rootIsIntegral }
    }

    /// A small instance with one case pinned, so that the pinned capacity and cost are in play.
    static func pinnedInstance(seed: Int) -> SchedulingProblem {
        var problem = SchedulerPropertyTests.randomInstance(seed: UInt64(seed), cases: 6, days: 15)
        let index = PositionIndex(problem)
        if let p = index.candidatePositions(of: 0, below: problem.unbookedCost).first { problem.cases[0].pinned = p }
        return problem
    }

    @Test("Branch and bound without a limit proves the exhaustive optimum; the root bound is below it", arguments: 1...30)
    func branchAndBoundIsExact(seed: Int) {
        let problem = Self.exactnessInstance(seed: seed)
        let optimum = bruteForceOptimum(problem)
        for rule in Scheduler.linearDives {
            let (linear, pinned) = Self.root(problem, initialPerCase: 1)
            #expect(linear.bound + pinned <= optimum, "seed \(seed)")
            guard let (plan, cost) = linear.dive(rule) else { Issue.record("no dive, seed \(seed)"); continue }
            let best = linear.branchAndBound(incumbent: plan, cost: cost, iterationBudget: .max / 2)
            #expect(best.optimal)
            #expect(best.cost + pinned == optimum, "seed \(seed), rule \(rule)")
            let proven = schedule(problem, plan: best.plan)
            #expect(problem.violations(of: proven).isEmpty)
            #expect(problem.metrics(of: proven).objective == optimum)
        }
    }

    /// The instances of the exactness tests: a third with a pinned case, a third crowded.
    static func exactnessInstance(seed: Int) -> SchedulingProblem {
        seed % 3 == 0 ? Self.pinnedInstance(seed: 2300 + seed)
            : seed % 3 == 1 ? Self.crowdedInstance(seed: 2300 + seed)
            : SchedulerPropertyTests.randomInstance(seed: UInt64(2300 + seed), cases: 6, days: 15)
    }

    static let cutDive = Scheduler.linearDives.first { $0.cuts }!

    @Test("Branch and cut (CBC) without a node limit, over every place, finds the exhaustive optimum", arguments: 1...30)
    func branchAndCutIsExact(seed: Int) {
        let problem = Self.exactnessInstance(seed: seed)
        let optimum = bruteForceOptimum(problem)
        let (linear, pinned) = Self.root(problem, initialPerCase: 1)
        guard let (plan, cost) = linear.dive(Self.cutDive) else { Issue.record("no dive, seed \(seed)"); return }
        let cut = linear.branchAndCut(cost: cost, cap: .infinity, maxNodes: 1_000_000) ?? (plan, cost)
        #expect(cut.cost + pinned == optimum, "seed \(seed)")
        let best = schedule(problem, plan: cut.plan)
        #expect(problem.violations(of: best).isEmpty)
        #expect(problem.metrics(of: best).objective == optimum)
    }

    /// Crowded instances whose cut dive ends above the optimum, with that optimum (proven by the
    /// branch and bound without a limit, from a root of its own).
    static let improvable: [(problem: SchedulingProblem, optimum: Int)] = (1...30).compactMap { seed in
        let problem = crowdedInstance(seed: 2800 + seed, cases: 9)
        let (linear, pinned) = root(problem)
        guard let (plan, cost) = linear.dive(cutDive) else { return nil }
        let exact = linear.branchAndBound(incumbent: plan, cost: cost, iterationBudget: .max / 2)
        return exact.optimal && exact.cost < cost ? (problem, exact.cost + pinned) : nil
    }

    @Test("Branch and cut improves dives on the crowded instances; what it finds keeps every rule and costs what it says; with no place, nothing")
    func branchAndCutImproves() {
        #expect(Self.improvable.count >= 3)
        for (problem, optimum) in Self.improvable {
            let (linear, pinned) = Self.root(problem)
            let (_, cost) = linear.dive(Self.cutDive)!
            #expect(linear.branchAndCut(cost: cost, cap: -1, maxNodes: 1_000_000) == nil)
            // Only the places at the root's reduced cost 0 (a plan only if one is cheaper there), then every place.
            for cap in [0, Double.infinity] {
                guard let found = linear.branchAndCut(cost: cost, cap: cap, maxNodes: 1_000_000) else {
                    #expect(cap == 0)
                    continue
                }
                let booked = schedule(problem, plan: found.plan)
                #expect(problem.violations(of: booked).isEmpty)
                #expect(problem.metrics(of: booked).objective == found.cost + pinned)
                #expect(found.cost < cost && found.cost + pinned >= optimum)
                if cap == .infinity { #expect(found.cost + pinned == optimum) }
            }
        }
    }

    @Test("In a plan's neighbourhood CBC moves no case that agrees with the root (it may unbook one), takes no place beyond the cap but the plan's own, and finds only cheaper plans that keep every rule; around the optimum, nothing")
    func neighbourhoodSearch() throws {
        var improved = 0
        for (problem, optimum) in Self.improvable {
            for cap in [0, Double.infinity] {
                let (linear, pinned) = Self.root(problem)
                let (plan, cost) = try #require(linear.dive(Self.cutDive))
                let (_, agrees) = try #require(linear.neighbourhood(of: plan))
                guard let found = linear.branchAndCut(cost: cost, cap: cap, maxNodes: 1_000_000, around: plan) else { continue }
                improved += 1
                for c in agrees { #expect(found.plan[c] == plan[c] || found.plan[c] == -1) }
                for (c, p) in found.plan.enumerated() where p >= 0 && p != plan[c] {
                    #expect(try #require(linear.rootReducedCost(case: c, position: p)) <= cap + 1e-6)
                }
                let booked = schedule(problem, plan: found.plan)
                #expect(problem.violations(of: booked).isEmpty)
                #expect(problem.metrics(of: booked).objective == found.cost + pinned)
                #expect(found.cost < cost && found.cost + pinned >= optimum)
                if found.cost + pinned == optimum {
                    #expect(linear.branchAndCut(cost: found.cost, cap: .infinity, maxNodes: 1_000_000, around: found.plan) == nil)
                }
            }
        }
        #expect(improved >= 2)
    }

    @Test("With the split cases open, only a case the root splits between places takes a place beyond the cap (within the gap); the neighbourhood then finds more: cases booked, or within the norm, that were not")
    func neighbourhoodWithSplitCases() throws {
        var beyond = 0, more = 0, won = 0
        for seed in 1...60 {
            let problem = Self.crowdedInstance(seed: 2900 + seed, cases: 9)
            let (linear, pinned) = Self.root(problem)
            guard let (plan, cost) = linear.dive(Self.cutDive) else { continue }
            let closed = try #require(linear.copy()).branchAndCut(cost: cost, cap: 0, maxNodes: 1_000_000, around: plan)
            guard let found = linear.branchAndCut(cost: cost, cap: 0, maxNodes: 1_000_000, around: plan, openSplit: true) else {
                #expect(closed == nil)
                continue
            }
            for (c, p) in found.plan.enumerated() where p >= 0 && p != plan[c] {
                let reduced = try #require(linear.rootReducedCost(case: c, position: p))
                if reduced > 1e-6 { beyond += 1; #expect(linear.rootSplit.contains(c)) }
                #expect(reduced <= Double(cost - 1 - linear.bound) + 1)
            }
            let booked = schedule(problem, plan: found.plan)
            #expect(problem.violations(of: booked).isEmpty)
            #expect(problem.metrics(of: booked).objective == found.cost + pinned)
            #expect(found.cost < cost && found.cost <= closed?.cost ?? cost)
            if found.cost < closed?.cost ?? cost { more += 1 }
            // An unbooked case booked (10,000 less) or one within the norm (a million less).
            if (closed?.cost ?? cost) - found.cost >= problem.weights.unbookedExtra / 2 { won += 1 }
        }
        #expect(beyond >= 5)
        #expect(more >= 5)
        #expect(won >= 3)
    }

    @Test("A plan that books a case where the relaxation has no place for it has no neighbourhood")
    func neighbourhoodOfForeignPlan() throws {
        let (problem, _) = try #require(Self.improvable.first)
        let (linear, _) = Self.root(problem)
        let (plan, cost) = try #require(linear.dive(Self.cutDive))
        let index = PositionIndex(problem)
        // A booked case, at a real place that is not one of its candidates (another region's, or
        // before it may be held).
        let c = try #require(plan.indices.first { plan[$0] >= 0 })
        let candidates = Set(index.candidatePositions(of: c, below: problem.unbookedCost))
        var foreign = plan
        foreign[c] = try #require(problem.positions.indices.first { !candidates.contains($0) })
        #expect(linear.rootReducedCost(case: c, position: foreign[c]) == nil)
        #expect(linear.neighbourhood(of: foreign) == nil)
        #expect(linear.branchAndCut(cost: cost, cap: .infinity, maxNodes: 100, around: foreign) == nil)
    }

    @Test("Branch and cuts on two copies of a model at the same time find what one finds alone, in a plan's neighbourhood too", arguments: 1...4)
    func branchAndCutsAtOnce(seed: Int) throws {
        let problem = SchedulerPropertyTests.randomInstance(seed: UInt64(3100 + seed), cases: 60, days: 35)
        let (linear, _) = Self.root(problem)
        let (plan, cost) = try #require(linear.dive(Self.cutDive))
        for around in [nil, plan] {
            let copies = try (0..<2).map { _ in try #require(linear.copy()) }
            let alone = linear.branchAndCut(cost: cost + 5_000, cap: .infinity, maxNodes: 20, around: around)
            let together = parallelMap(2) { copies[$0].branchAndCut(cost: cost + 5_000, cap: .infinity, maxNodes: 20, around: around) }
            #expect(alone != nil)
            for found in together {
                #expect(found?.plan == alone?.plan)
                #expect(found?.cost == alone?.cost)
            }
        }
    }

    /// A dive's chain whose search only lays the plan out, counting its calls.
    static func chain(_ problem: SchedulingProblem, _ rule: LinearRelaxation.Dive, options: Scheduler.Options)
        -> (result: (search: SearchState, bound: Int)?, searches: Int, dive: Int) {
        let (linear, pinned) = root(problem)
        let dive = linear.copy()!.dive(rule)!.cost + pinned
        var searches = 0
        let result = Scheduler(options: options).linearChain(problem, linear, dive: rule, rootBound: linear.bound + pinned) { plan, _ in
            searches += 1
            return booked(problem, plan.enumerated().filter { $0.element >= 0 }.map { ($0.offset, $0.element) })
        }
        return (result, searches, dive)
    }

    @Test("A chain: the branch and bound that finishes proves its plan, and nothing follows; a rule that always looks in the neighbourhood improves plans there; one that does so only at stake leaves a plan a missed norm from the bound alone")
    func chains() throws {
        var options = Scheduler.Options()
        options.branchIterations = 1_000_000
        for (problem, optimum) in Self.improvable {
            let (result, searches, _) = Self.chain(problem, .init(fixPerRound: 6, admitBelow: 1_000), options: options)
            #expect(result?.bound == optimum)
            #expect(result?.search.objective == optimum)
            #expect(searches == 1)
        }
        options.branchIterations = 0
        var improved = 0
        for (problem, optimum) in Self.improvable {
            let (always, searches, dive) = Self.chain(problem, .init(fixPerRound: 6, admitBelow: 1_000, polishAlways: true), options: options)
            let best = try #require(always).search
            #expect(problem.violations(of: best.schedule).isEmpty)
            #expect(best.objective <= dive && best.objective >= optimum)
            if searches == 2 { improved += 1; #expect(best.objective < dive) }
            let (atStake, once, _) = Self.chain(problem, .init(fixPerRound: 6, admitBelow: 1_000), options: options)
            #expect(once == 1)
            #expect(try #require(atStake).search.objective == dive)
            #expect(dive - (atStake?.bound ?? 0) < problem.weights.late)
        }
        #expect(improved >= 2)
    }

    @Test("CBC prints nothing: `jbt plan --json` writes to standard output")
    func branchAndCutIsSilent() throws {
        let (problem, _) = try #require(Self.improvable.first)
        let (linear, _) = Self.root(problem)
        let (_, cost) = try #require(linear.dive(Self.cutDive))
        let printed = try standardOutput { #expect(linear.branchAndCut(cost: cost, cap: .infinity, maxNodes: 100) != nil) }
        #expect(printed.isEmpty, "\(printed)")
    }

    /// What `body` writes to file descriptor 1 (C and C++ libraries included).
    func standardOutput(_ body: () -> Void) throws -> String {
        let path = NSTemporaryDirectory() + "jbt-stdout-" + UUID().uuidString
        defer { unlink(path) }
        fflush(nil)
        let saved = dup(1)
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        dup2(file, 1)
        close(file)
        body()
        fflush(nil)
        dup2(saved, 1)
        close(saved)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test("Each dive's plan keeps every rule, costs what the relaxation says, and never less than the bound", arguments: 1...12)
    func divesAreFeasible(seed: Int) {
        let problem = SchedulerPropertyTests.randomInstance(seed: UInt64(2400 + seed), cases: 40, days: 35)
        for rule in Scheduler.linearDives {
            let (linear, _) = Self.root(problem)
            guard let (plan, cost) = linear.dive(rule) else { Issue.record("no dive, seed \(seed)"); continue }
            let dived = schedule(problem, plan: plan)
            #expect(problem.violations(of: dived).isEmpty, "seed \(seed), rule \(rule)")
            #expect(problem.metrics(of: dived).objective == cost)
            #expect(cost >= linear.bound)
        }
    }

    @Test("The crowded instances exercise what they should: fractional roots, and trees of more than one node")
    func crowdedInstancesBranch() {
        var fractionalRoots = 0, branched = 0
        for seed in 1...30 {
            let (linear, _) = Self.root(Self.crowdedInstance(seed: 2300 + seed), initialPerCase: 1)
            if !linear.rootIsIntegral { fractionalRoots += 1 }
            guard let (plan, cost) = linear.dive(Scheduler.linearDives[0]) else { continue }
            _ = linear.branchAndBound(incumbent: plan, cost: cost, iterationBudget: .max / 2)
            if linear.nodes > 1 { branched += 1 }
        }
        #expect(fractionalRoots >= 5)
        #expect(branched >= 5)
    }

    @Test("A copy of the solved root dives as a fresh root does, in its own model: the original's dive is unchanged by it")
    func copyIsIndependent() throws {
        // An instance whose root is fractional, so that a dive changes the model.
        let problem = try #require(Self.fractionalInstance())
        for rule in Scheduler.linearDives {
            let fresh = Self.root(problem).0.dive(rule)
            let (linear, _) = Self.root(problem)
            let copy = try #require(linear.copy())
            let fromCopy = copy.dive(rule)
            let fromOriginal = linear.dive(rule)
            #expect(fresh != nil)
            #expect(fromCopy?.plan == fresh?.plan)
            #expect(fromCopy?.cost == fresh?.cost)
            #expect(fromOriginal?.plan == fresh?.plan)
            #expect(fromOriginal?.cost == fresh?.cost)
            // Neither prints: CLP writes its messages to standard output, where `jbt plan --json` writes.
            #expect(linear.logLevel == 0)
            #expect(copy.logLevel == 0)
        }
    }

    @Test("Out of budget, the branch and bound keeps its incumbent and claims nothing; without it and the branch and cut, the scheduler reports the root bound")
    func budgetRunsOut() throws {
        let problem = try #require((1...40).lazy.map { Self.crowdedInstance(seed: 2700 + $0) }.first {
            let (linear, pinned) = Self.root($0)
            return linear.bound + pinned < bruteForceOptimum($0)
        })
        let (linear, pinned) = Self.root(problem)
        let (plan, cost) = try #require(linear.dive(Scheduler.linearDives[0]))
        let stopped = linear.branchAndBound(incumbent: plan, cost: cost, iterationBudget: 0)
        #expect(!stopped.optimal)
        #expect(stopped.cost == cost && stopped.plan == plan)
        var options = Scheduler.Options()
        options.branchIterations = 0
        options.cutNodes = 0
        let result = Scheduler(options: options).solve(problem)
        #expect(result.lowerBound == linear.bound + pinned)
        #expect(!result.provenOptimal)
    }

    @Test("With the person rules as constraints, the root bound is the optimum where the plain flow books one chair twice")
    func rootBoundIsTight() {
        let problem = DiveTests.sharedChair()
        let (linear, pinned) = Self.root(problem)
        #expect(linear.bound + pinned == 1_000_023)
        let result = Scheduler().solve(problem)
        #expect(result.metrics.objective == 1_000_023)
        #expect(result.lowerBound == 1_000_023)
    }

    @Test("A person listed twice at a place is one person: the place stays usable")
    func duplicatePerson() {
        var i = Instance()
        i.position(region: 0, day: 3, people: ["vz", "vz", "rvdk-0"])
        i.position(region: 1, day: 3, people: ["vz", "rvdk-1"])
        i.addCase("A", home: 0, complete: 0, norm: 7)
        let problem = i.problem
        #expect(bruteForceOptimum(problem) == 3)
        let (linear, pinned) = Self.root(problem)
        #expect(linear.rootIsIntegral)
        #expect(linear.bound + pinned == 3)
        #expect(Scheduler().solve(problem).metrics.objective == 3)
    }

    @Test("The scheduler's bound is never above its plan, and matches the optimum it proves", arguments: 1...10)
    func schedulerBound(seed: Int) {
        let problem = SchedulerPropertyTests.randomInstance(seed: UInt64(2600 + seed), cases: 8, days: 15)
        let result = Scheduler().solve(problem)
        let optimum = bruteForceOptimum(problem)
        #expect(result.metrics.objective == optimum, "seed \(seed)")
        #expect(result.lowerBound <= optimum)
        // With room to finish, the branch and bound proves the optimum: that is the bound reported.
        var options = Scheduler.Options()
        options.branchIterations = 1_000_000
        let proven = Scheduler(options: options).solve(problem)
        #expect(proven.metrics.objective == optimum)
        #expect(proven.provenOptimal, "seed \(seed)")
    }
}

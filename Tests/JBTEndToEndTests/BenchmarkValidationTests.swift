import Foundation
import Testing

/// The scheduler on the frozen benchmark instances, checked by the one independent validator
/// (Benchmarks/python/validate.py, standard library only): feasible, as good as CP-SAT, and more
/// cases within the norm than the first-come-first-served and earliest-deadline-first plans a
/// secretariat makes by hand.
@Suite("Frozen benchmark instances, independently validated")
struct BenchmarkValidationTests {
    struct Metrics: Decodable { var withinNorm: Int; var booked: Int; var objective: Int }
    struct Report: Decodable { var feasible: Bool; var violations: [String]; var metrics: Metrics }

    static let bench = Harness.repositoryRoot + "/.build/debug/jbt-bench"

    func solveAndValidate(_ instance: String, _ extra: [String] = []) throws -> Report {
        let solution = NSTemporaryDirectory() + "jbt-sol-" + UUID().uuidString + ".json"
        defer { try? FileManager.default.removeItem(atPath: solution) }
        let solve = try Harness.run(["solve", instance, "--out", solution] + extra, executable: Self.bench)
        #expect(solve.status == 0, "\(solve.stderr)")
        let check = try Harness.run([Harness.repositoryRoot + "/Benchmarks/python/validate.py", instance, solution, "--json"],
                                    executable: "/usr/bin/env", prefix: ["python3"])
        return try JSONDecoder().decode(Report.self, from: Data(check.stdout.utf8))
    }

    /// CP-SAT's results on the frozen instances (`Benchmarks/run.sh`, one worker, 60 s): its proven
    /// optimum on all but small-4w-load115-s1, where it proves nothing in 60 s.
    static let cpsat = ["small-4w-load080-s1": 1_009_531, "small-4w-load100-s1": 7_027_770, "small-4w-load115-s1": 18_023_118,
                        "gld-8w-load080-s1": 62_561, "gld-8w-load100-s1": 28_118_190, "gld-8w-load115-s1": 80_105_720,
                        "gld-8w-hard-s1": 85_325_328]

    @Test("As good as CP-SAT in 60 seconds, its proven optimum where it has one (what the benchmark compares: no case booked more than a year late)",
          arguments: cpsat.keys.sorted())
    func asGoodAsCPSAT(name: String) throws {
        let jbt = try solveAndValidate(Harness.repositoryRoot + "/Benchmarks/instances/\(name).json", ["--late-days", "366"])
        #expect(jbt.feasible, "\(jbt.violations)")
        #expect(jbt.metrics.objective <= Self.cpsat[name]!, "\(name)")
    }

    @Test("Feasible and better than greedy", arguments: ["small-4w-load080-s1", "small-4w-load100-s1", "small-4w-load115-s1"])
    func instance(name: String) throws {
        let instance = Harness.repositoryRoot + "/Benchmarks/instances/\(name).json"
        let jbt = try solveAndValidate(instance)
        #expect(jbt.feasible, "\(jbt.violations)")
        for order in ["fcfs", "edf"] {
            let greedy = try solveAndValidate(instance, ["--greedy", order])
            #expect(greedy.feasible)
            #expect(jbt.metrics.withinNorm > greedy.metrics.withinNorm, "\(order): \(greedy.metrics.withinNorm) ≥ \(jbt.metrics.withinNorm)")
            #expect(jbt.metrics.objective < greedy.metrics.objective)
        }
    }
}

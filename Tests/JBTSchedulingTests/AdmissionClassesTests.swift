import Foundation
import Testing
@testable import JBTScheduling
import JBTCore

final class Asked: @unchecked Sendable {
    let lock = NSLock()
    var counts: [String: Int] = [:]
    func note(_ question: String) { lock.lock(); counts[question, default: 0] += 1; lock.unlock() }
}

@Suite("A region's admission rule as rule classes")
struct AdmissionClassesTests {
    @Test("Every case and position: allowed exactly when the base rules and the admission rule allow", arguments: 1...10)
    func agrees(seed: Int) throws {
        let base = SchedulerPropertyTests.randomInstance(seed: UInt64(700 + seed), cases: 30, days: 28)
        var problem = base
        // Case keys: a few kinds of case; slot keys: start time and region; the rule is a fixed table.
        let caseKey = problem.cases.indices.map { c -> Int? in c % 7 == 6 ? nil : c % 4 }
        let slotKey = problem.positions.map { p -> [Int]? in p.region == 1 && p.start == 645 ? nil : [p.region, p.start] }
        let asked = Asked()
        @Sendable func admits(_ c: Int, _ s: [Int]) -> Bool { (c + s[0] + s[1] / 15) % 3 != 0 }
        try AdmissionClasses.apply(to: &problem, caseKey: caseKey, slotKey: slotKey) { c, s in asked.note("\(c)|\(s)"); return admits(c, s) }
        #expect(asked.counts.values.allSatisfy { $0 == 1 }, "each distinct question asked once")
        // The same classes however the questions were spread over the cores.
        var again = base
        try AdmissionClasses.apply(to: &again, caseKey: caseKey, slotKey: slotKey, admits: admits)
        #expect(again.cases.map(\.ruleClass) == problem.cases.map(\.ruleClass))
        #expect(again.positions.map(\.refused) == problem.positions.map(\.refused))
        for c in problem.cases.indices {
            for p in problem.positions.indices {
                var expected = base.allows(c, p)
                if let k = caseKey[c], let s = slotKey[p], base.cases[c].pinned == nil { expected = expected && admits(k, s) }
                #expect(problem.allows(c, p) == expected, "case \(c), position \(p)")
            }
        }
        let index = PositionIndex(problem)
        for c in problem.cases.indices { for p in problem.positions.indices { #expect(index.allows(c, p) == problem.allows(c, p)) } }
    }
}

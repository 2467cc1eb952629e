import Dispatch
import Foundation

/// A region's own admission rule ("may this case take this place?") turned into what the search
/// checks in one instruction: each case gets a rule class, each position a bitmask of the classes
/// it refuses. Cases whose answers agree over every place they could use share a class, so the
/// rule is asked once per distinct kind of case and distinct place, never per case and position.
/// Class 0 is refused nowhere: pinned cases and cases every place admits keep it.
///
/// The questions for different kinds of case are independent (a rule sees no dates or names, and
/// every answer is a function of its question), so they are asked on all cores; the classes are
/// then numbered in case order, so the outcome does not depend on which core answered first.
public enum AdmissionClasses {
    public struct TooManyClasses: Error, Sendable { public let classes: Int }

    /// The largest number of distinct answer patterns (classes 1…63).
    public static let limit = 63

    /// `caseKey[c]`: what the rule sees of case `c` (nil: not subject to rules); `slotKey[p]`: what
    /// it sees of position `p` (nil: no rule there). `admits` is asked at most once per distinct
    /// (case key, slot key) pair for the places each case could use at all (its home region and
    /// neighbours).
    public static func apply<C: Hashable & Sendable, S: Hashable & Sendable>(
        to problem: inout SchedulingProblem, caseKey: [C?], slotKey: [S?],
        admits: @escaping @Sendable (C, S) -> Bool) throws(TooManyClasses) {
        var slotIndex: [S: Int] = [:]
        var slots: [(key: S, region: Int)] = []
        var positionSlot = [Int](repeating: -1, count: problem.positions.count)
        for p in problem.positions.indices {
            guard let key = slotKey[p] else { continue }
            if let i = slotIndex[key] { positionSlot[p] = i; continue }
            slotIndex[key] = slots.count
            positionSlot[p] = slots.count
            slots.append((key, problem.positions[p].region))
        }
        guard !slots.isEmpty else { return }
        // The distinct kinds of case, in case order, each with the regions it could use.
        var keyIndex: [C: Int] = [:]
        var kinds: [(key: C, reachable: Set<Int>)] = []
        for c in problem.cases.indices where problem.cases[c].pinned == nil {
            guard let key = caseKey[c], keyIndex[key] == nil else { continue }
            let home = problem.cases[c].home
            keyIndex[key] = kinds.count
            kinds.append((key, Set([home] + problem.neighbours[home])))
        }
        let vectors = answers(kinds: kinds, slots: slots, admits: admits)
        var classOfVector: [[Bool]: Int] = [:]
        var refusals: [[Bool]] = []
        var classOfKind = [Int](repeating: 0, count: kinds.count)
        for (i, vector) in vectors.enumerated() where !vector.allSatisfy({ $0 }) {
            if let existing = classOfVector[vector] { classOfKind[i] = existing; continue }
            guard refusals.count < limit else { throw TooManyClasses(classes: refusals.count + 1) }
            refusals.append(vector)
            classOfVector[vector] = refusals.count
            classOfKind[i] = refusals.count
        }
        for c in problem.cases.indices where problem.cases[c].pinned == nil {
            guard let key = caseKey[c], let i = keyIndex[key] else { continue }
            problem.cases[c].ruleClass = classOfKind[i]
        }
        for p in problem.positions.indices where positionSlot[p] >= 0 {
            var mask: UInt64 = 0
            for (i, vector) in refusals.enumerated() where !vector[positionSlot[p]] { mask |= 1 << UInt64(i + 1) }
            problem.positions[p].refused = mask
        }
    }

    /// Each kind's answers over all slots (true where the slot's region is out of its reach), on
    /// all cores: worker `w` takes kinds `w`, `w + workers`, …
    static func answers<C: Sendable, S: Sendable>(kinds: [(key: C, reachable: Set<Int>)], slots: [(key: S, region: Int)],
                                                  admits: @escaping @Sendable (C, S) -> Bool) -> [[Bool]] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, kinds.count / 8))
        let result = UnsafeMutableBufferPointer<[Bool]>.allocate(capacity: kinds.count)
        result.initialize(repeating: [])
        defer { result.deallocate() }
        nonisolated(unsafe) let shared = result
        let work = { @Sendable (w: Int) in
            var i = w
            while i < kinds.count {
                shared[i] = slots.map { !kinds[i].reachable.contains($0.region) || admits(kinds[i].key, $0.key) }
                i += workers
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        return Array(result)
    }
}

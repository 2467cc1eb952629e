import Foundation

/// The typed contract v1 between the planner and one region's rule script. Every answer is
/// memoised on the fields the rule read (a `DecisionTree` per hook: inputs that agree on what the
/// rule looked at share one evaluation; the inputs carry nothing personal), and every failure is kept,
/// once, in first-seen order, for the planner to report. A failing hook never stops the planning:
/// its decision counts as "no" (not admitted, no norm override, no extra participants, no
/// other location).
public final class RegionHooks: Sendable {
    public let plugin: String
    public let script: RuleScript
    public let limits: RuleLimits
    private let memo = Locked(Memo())

    private struct Memo {
        var admits = DecisionTree<Outcome<Bool>>()
        var normDays = DecisionTree<Outcome<Int?>>()
        var participants = DecisionTree<Outcome<[String]>>()
        var location = DecisionTree<Outcome<String?>>()
        var evaluations = 0
        /// Instructions all evaluations used so far, against `limits.totalInstructions`.
        var instructions = 0
        /// Wall-clock seconds spent evaluating (for the reported solver time).
        var seconds = 0.0
        var failures: [RuleFailure] = []
        var seen: Set<RuleFailure> = []
    }

    public init(plugin: String, script: RuleScript, limits: RuleLimits = .init()) {
        self.plugin = plugin
        self.script = script
        self.limits = limits
    }

    public func has(_ hook: String) -> Bool { script.hooks.contains(hook) }

    /// `toelaten(zaak, plek)` → boolean. No hook: true; failure: false (recorded).
    public func admits(_ c: HookCase, _ s: HookSlot) -> Bool {
        guard has("toelaten") else { return true }
        return admitsOutcome(c, s).answer
    }

    /// `admits` with the failure (if any) behind the answer.
    public func admitsOutcome(_ c: HookCase, _ s: HookSlot) -> Outcome<Bool> {
        evaluate("toelaten", in: \.admits, fallback: false,
                        arguments: [c, s]) { value in
            if case .bool(let b) = value { return .valid(b) }
            return .invalid("moet true of false teruggeven, maar gaf \(value)")
        }
    }

    /// `normdagen(zaak)` → whole number 1…90, or nil for the region's usual norm. No hook or failure: nil.
    public func normDays(_ c: HookCase) -> Int? {
        guard has("normdagen") else { return nil }
        return normDaysOutcome(c).answer
    }

    /// `normDays` with the failure (if any) behind the answer.
    public func normDaysOutcome(_ c: HookCase) -> Outcome<Int?> {
        evaluate("normdagen", in: \.normDays, fallback: nil, arguments: [c]) { value in
            switch value {
            case .none: return .valid(nil)
            case .number(let d) where d == d.rounded() && (1...90).contains(d): return .valid(Int(d))
            default: return .invalid("moet een geheel getal van 1 tot en met 90 (of nil) teruggeven, maar gaf \(value)")
            }
        }
    }

    /// `deelnemers(zaak)` → list of roles, each a text of 1…60 characters (an empty table: none). Failure: [].
    public func extraParticipants(_ c: HookCase) -> [String] {
        guard has("deelnemers") else { return [] }
        return evaluate("deelnemers", in: \.participants, fallback: [], arguments: [c]) { value in
            let expected = "moet een lijst van rollen teruggeven (elk een tekst van 1 tot 60 tekens, bijvoorbeeld {\"jeugdarts\"})"
            guard case .list(let items) = value else { return .invalid("\(expected), maar gaf \(value)") }
            var roles: [String] = []
            for (i, item) in items.enumerated() {
                guard case .text(let role) = item, RegionHooks.isPlainText(role, maxLength: 60) else {
                    return .invalid("\(expected), maar item \(i + 1) is \(item)")
                }
                roles.append(role)
            }
            return .valid(roles)
        }.answer
    }

    /// `locatie(zaak, plek)` → a text of 1…200 characters, or nil for the slot's own location. Failure: nil.
    public func location(_ c: HookCase, _ s: HookSlot) -> String? {
        guard has("locatie") else { return nil }
        return locationOutcome(c, s).answer
    }

    /// `location` with the failure (if any) behind the answer.
    func locationOutcome(_ c: HookCase, _ s: HookSlot) -> Outcome<String?> {
        evaluate("locatie", in: \.location, fallback: nil,
                        arguments: [c, s]) { value in
            switch value {
            case .none: return .valid(nil)
            case .text(let text) where RegionHooks.isPlainText(text, maxLength: 200): return .valid(text)
            default: return .invalid("moet een tekst van 1 tot 200 tekens op één regel (of nil) teruggeven, maar gaf \(value)")
            }
        }
    }

    /// Distinct failures, in first-seen order.
    /// Stored paths a re-evaluation contradicted (0 unless an evaluation was not deterministic).
    var contradictions: Int {
        memo.withLock { $0.admits.contradictions + $0.normDays.contradictions + $0.participants.contradictions + $0.location.contradictions }
    }

    public var failures: [RuleFailure] { memo.withLock { $0.failures } }

    /// How many times the script was run (all hooks): once per distinct combination of the values
    /// the rule read, not per distinct input.
    public var evaluations: Int { memo.withLock { $0.evaluations } }

    private static func isPlainText(_ text: String, maxLength: Int) -> Bool {
        (1...maxLength).contains(text.count) && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
            && !text.allSatisfy(\.isWhitespace)
    }

    /// The memoised answer for `arguments`, evaluating the hook (outside the lock) when its path
    /// of read values is new.
    private func evaluate<T>(_ hook: String, in tree: WritableKeyPath<Memo, DecisionTree<Outcome<T>>>, fallback: T,
                             arguments: [any HookArgument], validate: (RuleValue) -> Checked<T>) -> Outcome<T> {
        let (known, spent) = memo.withLock { ($0[keyPath: tree].answer(for: arguments), $0.instructions) }
        if let known { return known }
        if spent >= limits.totalInstructions { return overBudget(hook, fallback: fallback) }
        let answer: T
        var failure: RuleFailure?
        let started = DispatchTime.now().uptimeNanoseconds
        let (result, trace, used) = script.metered(hook, arguments.map(\.ruleValue), limits: limits)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        switch result {
        case .success(let value):
            switch validate(value) {
            case .valid(let valid): answer = valid
            case .invalid(let problem):
                answer = fallback
                failure = script.badResult(hook, problem)
            }
        case .failure(let f):
            answer = fallback
            failure = f
        }
        return memo.withLock { memo in
            memo.evaluations += 1
            memo.instructions += used
            memo.seconds += seconds
            memo[keyPath: tree].insert(Outcome(answer: answer, failure: failure), trace: trace, arguments: arguments)
            if let failure, memo.seen.insert(failure).inserted { memo.failures.append(failure) }
            return Outcome(answer: answer, failure: failure)
        }
    }
}

extension RegionHooks {
    /// The answer once the budget of the whole command is used up: the fallback, not memoised
    /// (the budget is per command, the memo is not asked again for it), and one failure for all
    /// hooks together (hook "*"), placed at the script.
    private func overBudget<T>(_ hook: String, fallback: T) -> Outcome<T> {
        let failure = RuleFailure(kind: .totalBudget, file: script.file, hook: "*", line: nil, message:
            "de regels van plugin \(plugin) hebben hun rekengrens voor dit commando bereikt "
            + "(\(limits.totalInstructions) instructies samen); elke verdere beslissing van deze regels telt als 'nee' "
            + "(niet toegelaten, de gewone norm, geen extra deelnemers, de gewone locatie)")
        memo.withLock { memo in
            if memo.seen.insert(failure).inserted { memo.failures.append(failure) }
        }
        return Outcome(answer: fallback, failure: failure)
    }

    /// Instructions the script used so far in this command (all hooks), and the wall-clock
    /// seconds that took.
    public var work: (instructions: Int, seconds: Double) { memo.withLock { ($0.instructions, $0.seconds) } }
}

/// A hook's answer as the planner uses it, and the failure that made it the fallback.
public struct Outcome<T> {
    public let answer: T
    public let failure: RuleFailure?
}

extension Outcome: Sendable where T: Sendable {}

/// A hook's answer checked against the contract.
private enum Checked<T> {
    case valid(T)
    case invalid(String)
}

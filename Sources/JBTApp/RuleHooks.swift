import Foundation
import JBTCore
import JBTInput
import JBTRules
import JBTScheduling

/// The regions' own Lua rules (contract v1, docs/plugins.md), loaded once per command and asked by
/// the planner, the agenda, the invites and the documents. A script that does not compile is a
/// loud error naming the file and line; a hook that fails while planning is reported and its
/// decision counts as "no".
public final class RuleHooks: Sendable {
    /// Hooks by script path (a dated rule may switch scripts).
    let byScript: [String: RegionHooks]

    public static let none = RuleHooks(byScript: [:])

    init(byScript: [String: RegionHooks]) { self.byScript = byScript }

    /// Compiles every script any version of any region names.
    public convenience init(regions: RegionCatalog, limits: RuleLimits = .init()) throws {
        var hooks: [String: RegionHooks] = [:]
        var errors: [InputError] = []
        for (id, timeline) in regions.timelines.sorted(by: { $0.key < $1.key }) {
            for path in Set(timeline.versions.compactMap { $0.rules?.ruleScript }).sorted() where hooks[path] == nil {
                do {
                    let source = try String(contentsOfFile: path, encoding: .utf8)
                    hooks[path] = RegionHooks(plugin: id, script: try RuleScript(source: source, file: path), limits: limits)
                } catch let error as RuleCompileError {
                    errors.append(InputError(file: error.file, line: error.line, field: nil, message: error.message))
                } catch {
                    errors.append(InputError(file: path, line: nil, field: nil, message: "kan het bestand niet lezen: \(error.localizedDescription)"))
                }
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        self.init(byScript: hooks)
    }

    public var isEmpty: Bool { byScript.isEmpty }

    func hooks(_ rules: RegionRules?) -> RegionHooks? { rules?.ruleScript.flatMap { byScript[$0] } }

    /// What a hook sees of a case: nothing personal, no dates (so answers can be memoised).
    /// Children's ages are taken on the day the aanmelding was complete.
    func hookCase(_ r: Registration, home: RegionRules) -> HookCase {
        let ages = r.children.map { $0.age(on: r.complete) }
        return HookCase(soort: r.type.rawValue, regio: r.homeRegion, gemeente: r.municipality, kinderen: r.children.count,
                        oudsteKind: ages.max(), jongsteKind: ages.min(), letJB: r.shielded,
                        gi: home.giParticipation == .fixed ? "vast" : "op_afroep")
    }

    func hookSlot(_ rules: RegionRules, date: CivilDate, start: TimeOfDay, table: Int) -> HookSlot {
        HookSlot(regio: rules.id, weekdag: date.weekday.dutchName, begintijd: start.description, tafel: table, locatie: rules.location)
    }

    /// The norm deadline: the home region's `normdagen` hook, else its manifest norm.
    func deadline(_ r: Registration, home: RegionRules) -> CivilDate {
        if let days = hooks(home)?.normDays(hookCase(r, home: home)) { return r.complete.adding(days: days) }
        return r.deadline(in: home)
    }

    /// Where the conversation is held: the table region's `locatie` hook, else its location.
    func location(_ r: Registration, home: RegionRules, table rules: RegionRules, date: CivilDate, start: TimeOfDay, tableNumber: Int) -> String {
        hooks(rules)?.location(hookCase(r, home: home), hookSlot(rules, date: date, start: start, table: tableNumber)) ?? rules.location
    }

    /// Extra participants the home region's `deelnemers` hook asks for (e.g. a jeugdarts).
    func extraParticipants(_ r: Registration, home: RegionRules) -> [String] {
        hooks(home)?.extraParticipants(hookCase(r, home: home)) ?? []
    }

    /// Every failure so far, in Dutch, for the user.
    public var failures: [String] {
        byScript.keys.sorted().flatMap { path in byScript[path]!.failures.map { "plugin \(byScript[path]!.plugin): \($0)" } }
    }

    /// Applies the `toelaten` hooks to a planning problem: cases whose answers agree over every
    /// slot share a rule class; a position refuses the classes its region's hook said "no" to.
    /// Pinned (already booked) cases keep class 0, which nothing refuses.
    func applyAdmission(to problem: inout SchedulingProblem, registrations: [Registration], regions: RegionCatalog,
                        slots: [HookSlot?], slotRules: [RegionRules?]) throws {
        let hooked = problem.positions.indices.filter { slots[$0] != nil && hooks(slotRules[$0])?.has("toelaten") == true }
        guard !hooked.isEmpty else { return }
        var distinctSlots: [HookSlot: Int] = [:]
        var slotOwner: [(HookSlot, RegionHooks)] = []
        var positionSlot = [Int](repeating: -1, count: problem.positions.count)
        for p in hooked {
            let s = slots[p]!
            if let i = distinctSlots[s] { positionSlot[p] = i; continue }
            distinctSlots[s] = slotOwner.count
            positionSlot[p] = slotOwner.count
            slotOwner.append((s, hooks(slotRules[p])!))
        }
        // The decision vector of each distinct case, over the slots it could use at all.
        var classOf: [[Bool]: Int] = [:]
        var refusedBy: [[Bool]] = []
        var vectorOfCase: [HookCase: Int] = [:]
        for c in problem.cases.indices where problem.cases[c].pinned == nil {
            let r = registrations[c]
            guard let home = regions.rules(r.homeRegion, near: r.complete) else { continue }
            let hc = hookCase(r, home: home)
            if let k = vectorOfCase[hc] { problem.cases[c].ruleClass = k; continue }
            let reachable = Set([r.homeRegion] + home.neighbours)
            let vector = slotOwner.map { slot, hooks in !reachable.contains(slot.regio) || hooks.admits(hc, slot) }
            if vector.allSatisfy({ $0 }) { vectorOfCase[hc] = 0; continue }
            let k: Int
            if let existing = classOf[vector] { k = existing } else {
                guard refusedBy.count < 63 else {
                    throw AppError.invalid("de regels (toelaten) van de regio's delen de zaken in meer dan 63 verschillende groepen in; vereenvoudig de regel")
                }
                k = refusedBy.count + 1
                classOf[vector] = k
                refusedBy.append(vector)
            }
            vectorOfCase[hc] = k
            problem.cases[c].ruleClass = k
        }
        for p in hooked {
            var mask: UInt64 = 0
            for (i, vector) in refusedBy.enumerated() where !vector[positionSlot[p]] { mask |= 1 << UInt64(i + 1) }
            problem.positions[p].refused = mask
        }
    }
}

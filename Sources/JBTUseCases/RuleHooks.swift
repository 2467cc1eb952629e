import Foundation
import JBTCore
import JBTInput
import JBTRules
import JBTScheduling
import JBTStorage

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
    /// Children's ages are taken on the day the aanmelding was complete. The municipality is
    /// spelled as the home region's manifest spells it: intake matches "oost-gelre" loosely, and a
    /// rule comparing with "Oost Gelre" must not silently miss it.
    func hookCase(_ r: Registration, home: RegionRules) -> HookCase {
        let ages = r.children.map { $0.age(on: r.complete) }
        let key = RegionCatalog.key(r.municipality)
        let municipality = home.municipalities.first { RegionCatalog.key($0) == key } ?? r.municipality
        return HookCase(soort: r.type.rawValue, regio: r.homeRegion, gemeente: municipality, kinderen: r.children.count,
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

    /// Asks the `locatie` and `deelnemers` hooks about a booking as the agenda, the invites and the
    /// documents will, so that a failing one is reported when the booking is planned (or tested).
    func ask(_ r: Registration, booking: StoredBooking, regions: RegionCatalog) {
        guard let home = regions.rules(r.homeRegion, near: r.complete) else { return }
        _ = extraParticipants(r, home: home)
        guard let table = regions.rules(booking.region, near: booking.date) else { return }
        _ = location(r, home: home, table: table, date: booking.date, start: booking.start, tableNumber: booking.table)
    }

    /// Why the `toelaten` hook of the table region refused a place to a case, when it failed
    /// (nil: no hook there, or it answered). The answer comes from the memo: asked while planning.
    func admissionFailure(_ r: Registration, home: RegionRules, table rules: RegionRules, date: CivilDate, start: TimeOfDay,
                          tableNumber: Int) -> RuleFailure? {
        guard let h = hooks(rules), h.has("toelaten") else { return nil }
        let slot = hookSlot(rules, date: date, start: start, table: tableNumber)
        return h.admitsOutcome(hookCase(r, home: home), slot).failure
    }

    /// Why the home region's `normdagen` hook gave no norm for a case, when it failed.
    func normFailure(_ r: Registration, home: RegionRules) -> RuleFailure? {
        guard let h = hooks(home), h.has("normdagen") else { return nil }
        return h.normDaysOutcome(hookCase(r, home: home)).failure
    }

    /// Wall-clock seconds all rules took in this command so far.
    public var seconds: Double { byScript.values.reduce(0) { $0 + $1.work.seconds } }

    /// The failures of the rules of `region`'s script (for the norm explanation).
    func failures(of rules: RegionRules?) -> [RuleFailure] { hooks(rules)?.failures ?? [] }

    /// `failures` not yet in `reported`, for a report that already holds some of them.
    func newFailures(after reported: [String]) -> [String] {
        let known = Set(reported)
        return failures.filter { !known.contains($0) }
    }

    /// The rule failures of this command for its audit log line ("" without any): which rule
    /// failed where, so that a later question about a plan finds it.
    public var auditNote: String {
        let all = failures
        guard !all.isEmpty else { return "" }
        let shown = all.prefix(5).joined(separator: " | ")
        return "; \(all.count) regelfout(en): " + shown + (all.count > 5 ? " | en \(all.count - 5) meer" : "")
    }

    /// Every failure so far, in Dutch, for the user.
    public var failures: [String] {
        // Sorted: rules are asked on several cores, so first-seen order is not fixed.
        byScript.keys.sorted().flatMap { path in byScript[path]!.failures.map { "plugin \(byScript[path]!.plugin): \($0)" }.sorted() }
    }

    /// Applies the `toelaten` hooks to a planning problem (`AdmissionClasses`): a position
    /// refuses the cases its region's hook said "no" to. Pinned (already booked) cases stay.
    func applyAdmission(to problem: inout SchedulingProblem, registrations: [Registration], regions: RegionCatalog,
                        slots: [HookSlot?], slotRules: [RegionRules?]) throws {
        var owner: [HookSlot: RegionHooks] = [:]
        let slotKey = problem.positions.indices.map { p -> HookSlot? in
            guard let slot = slots[p], let hooks = hooks(slotRules[p]), hooks.has("toelaten") else { return nil }
            owner[slot] = hooks
            return slot
        }
        guard !owner.isEmpty else { return }
        let caseKey = registrations.map { r in regions.rules(r.homeRegion, near: r.complete).map { hookCase(r, home: $0) } }
        do {
            let owners = owner
            try AdmissionClasses.apply(to: &problem, caseKey: caseKey, slotKey: slotKey) { c, s in owners[s]!.admits(c, s) }
        } catch {
            throw ServiceError.invalid("de regels (toelaten) van de regio's delen de zaken in meer dan \(AdmissionClasses.limit) verschillende groepen in; vereenvoudig de regel")
        }
    }
}

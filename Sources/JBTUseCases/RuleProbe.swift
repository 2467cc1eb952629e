import JBTCore
import JBTRules

/// `jbt plugins lint` asks a region's Lua rules about typical cases and every place at its table,
/// so that a hook that fails (an error, a wrong type, an empty or overlong text, invalid UTF-8) is
/// found before planning, with file and line, for every hook alike: the first `locatie` or
/// `deelnemers` failure must not wait for a family's invite.
enum RuleProbe {
    /// The failures of region `region`'s script over the probe cases, in Dutch (empty: none, or
    /// no script). Bounded: at most a few hundred questions, each memoised and within the limits.
    /// A used-up total budget is a warning (the probes ask more than one plan would), the rest errors.
    static func failures(region: RegionID, catalog: RegionCatalog, hooks: RuleHooks) -> (errors: [String], warnings: [String]) {
        guard let timeline = catalog.timelines[region] else { return ([], []) }
        var failures: [String] = [], warnings: [String] = []
        for rules in timeline.versions.compactMap(\.rules) {
            guard let script = hooks.hooks(rules) else { continue }
            for c in cases(rules) {
                _ = script.normDays(c)
                _ = script.extraParticipants(c)
                for slot in slots(rules) {
                    _ = script.admits(c, slot)
                    _ = script.location(c, slot)
                }
            }
            for failure in script.failures {
                let text = "plugin \(region): \(failure)"
                if failure.kind == .totalBudget {
                    if !warnings.contains(text) { warnings.append(text) }
                } else if !failures.contains(text) {
                    failures.append(text)
                }
            }
        }
        return (failures, warnings)
    }

    /// One case per meeting type, municipality (the first three) and LET JB setting, with a child
    /// old enough for a child conversation and one not.
    static func cases(_ rules: RegionRules) -> [HookCase] {
        let gi = rules.giParticipation == .fixed ? "vast" : "op_afroep"
        var out: [HookCase] = []
        for type in rules.meetingTypes.sorted(by: { $0.rawValue < $1.rawValue }) {
            for municipality in rules.municipalities.prefix(3) {
                for shielded in [false, true] {
                    out.append(HookCase(soort: type.rawValue, regio: rules.id, gemeente: municipality, kinderen: 2,
                                        oudsteKind: 14, jongsteKind: 6, letJB: shielded, gi: gi))
                }
            }
        }
        return out
    }

    /// Every start time on every table day, at the first two parallel tables.
    static func slots(_ rules: RegionRules) -> [HookSlot] {
        var out: [HookSlot] = []
        for day in rules.tableWeekdays {
            for table in 1...max(1, min(rules.parallelTables, 2)) {
                for start in rules.startTimes {
                    out.append(HookSlot(regio: rules.id, weekdag: day.dutchName, begintijd: start.description, tafel: table,
                                        locatie: rules.location))
                }
            }
        }
        return out
    }
}

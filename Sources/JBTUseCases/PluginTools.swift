import Foundation
import JBTCore
import JBTInput
import JBTPlugins
import JBTScheduling

/// What a region does before it trusts its plugin: `jbt plugins lint` and `jbt plugins test`.
public enum PluginTools {
    public struct Outcome: Sendable {
        public var text: String
        public var failed: Bool
    }

    /// Checks plugin folders (or roots holding them) before they are used: every manifest problem
    /// with file, line and field; unknown neighbours and municipalities claimed twice against the
    /// other loaded plugins; example files that do not read; and, as warnings, dated rules that end
    /// within `weeks` weeks with nothing after them. Without paths: every loaded plugin.
    public static func lint(paths: [String], workspace: Workspace, today: CivilDate, weeks: Int = 8) -> Outcome {
        var errors: [String] = [], warnings: [String] = []
        let linted: [String]
        do {
            linted = try paths.isEmpty ? workspace.pluginFolders() : PluginLoader.pluginFolders(in: paths)
        } catch {
            return Outcome(text: "fout: \(error)", failed: true)
        }
        if linted.isEmpty { return Outcome(text: "fout: geen regio-plugins gevonden in \(paths.joined(separator: ", "))", failed: true) }
        // The other loaded plugins are the context for neighbours and municipalities; a linted
        // folder replaces the loaded plugin of the same name.
        let names = Set(linted.map { URL(fileURLWithPath: $0).lastPathComponent })
        let context = ((try? workspace.pluginFolders()) ?? [])
            .filter { !names.contains(URL(fileURLWithPath: $0).lastPathComponent) && !linted.contains($0) }
        let loaded: (catalog: RegionCatalog, sources: [RegionID: ManifestSource])
        do {
            // The linted plugins last: what they claim a second time is reported against them.
            loaded = try PluginLoader.load(folders: context + linted, today: today)
        } catch let many as InputErrors {
            return Outcome(text: render(errors: many.errors.map(\.description), warnings: [], checked: linted), failed: true)
        } catch {
            return Outcome(text: render(errors: ["\(error)"], warnings: [], checked: linted), failed: true)
        }
        // Lua rules must compile (text only, known hooks, contract set); every linted plugin's script.
        var hooks: RuleHooks?
        do { hooks = try RuleHooks(regions: loaded.catalog) } catch let many as InputErrors {
            errors += many.errors.map(\.description)
        } catch { errors.append("\(error)") }
        let horizon = today.adding(days: weeks * 7)
        for folder in linted {
            errors += templateProblems(in: folder)
            guard let source = loaded.sources.values.first(where: { $0.file == folder + "/" + PluginLoader.manifestName }),
                  let id = loaded.sources.first(where: { $0.value.file == source.file })?.key,
                  let timeline = loaded.catalog.timelines[id] else { continue }
            warnings += source.warnings.map(\.description)
            if let hooks {
                let probed = RuleProbe.failures(region: id, catalog: loaded.catalog, hooks: hooks)
                errors += probed.errors
                warnings += probed.warnings
            }
            // A rule that ends (null) soon with no value after it.
            let byField = Dictionary(grouping: source.dated, by: \.field)
            for (field, entries) in byField.sorted(by: { $0.key < $1.key }) {
                guard let last = entries.max(by: { $0.date < $1.date }), last.ends else { continue }
                if last.date >= today && last.date <= horizon {
                    warnings.append("\(source.file), regel \(last.line.map(String.init) ?? "?"), veld \(field): de regel eindigt op \(last.date.iso) (over \(last.date.days(since: today)) dagen) en heeft daarna geen waarde")
                }
            }
            // Days in the horizon on which the table cannot sit because a required rule has no value.
            for (i, version) in timeline.versions.enumerated() where version.rules == nil {
                let start = version.from ?? today
                let end = i + 1 < timeline.versions.count ? timeline.versions[i + 1].from!.adding(days: -1) : horizon
                if start <= horizon && end >= today {
                    warnings.append("\(source.file): van \(max(start, today).iso) tot en met \(min(end, horizon).iso) zit de tafel van \(id) niet: geen waarde voor \(version.ended.joined(separator: ", "))")
                }
            }
            // A closure still ahead that falls on no table day of the rules in force then (the
            // table day moved, say): probably a forgotten date.
            for rules in timeline.versions.compactMap(\.rules) {
                for closure in rules.closures where closure.span.last >= today {
                    let days = (closure.span.first.dayNumber...min(closure.span.last.dayNumber, closure.span.first.dayNumber + 366)).map(CivilDate.init)
                    let hit = days.contains { d in loaded.catalog.rules(id, on: d)?.tableWeekdays.contains(d.weekday) ?? false }
                    let text = "\(source.file): sluiting \(closure.span.first.iso) t/m \(closure.span.last.iso) (\(closure.reason)) valt op geen enkele tafeldag"
                    if !hit && !warnings.contains(text) { warnings.append(text) }
                }
            }
            // Families must see a functional address, not the voorzitter's own (issue 15).
            if timeline.versions.compactMap(\.rules).contains(where: { $0.secretariat == nil }) {
                warnings.append("\(source.file): geen secretariaat (secretariaat: {naam, email, telefoon}); de uitnodigingen "
                    + "voor gezinnen komen dan van het eigen e-mailadres van de voorzitter")
            }
            // Example cases: they must read (their outcome is for `jbt plugins test`).
            let examples = folder + "/" + ExamplesFile.fileName
            if FileManager.default.fileExists(atPath: examples) {
                do { _ = try ExamplesFile.read(path: examples, regions: loaded.catalog) } catch let many as InputErrors {
                    errors += many.errors.map(\.description)
                } catch { errors.append("\(error)") }
            }
        }
        return Outcome(text: render(errors: errors, warnings: warnings, checked: linted), failed: !errors.isEmpty)
    }

    static func render(errors: [String], warnings: [String], checked: [String]) -> String {
        var out: [String] = []
        out += errors.map { "fout: " + $0 }
        out += warnings.map { "waarschuwing: " + $0 }
        let names = checked.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        if errors.isEmpty {
            out.append("\(checked.count) plugin(s) gecontroleerd (\(names)): in orde" + (warnings.isEmpty ? "." : ", met \(warnings.count) waarschuwing(en)."))
        } else {
            out.append("\(checked.count) plugin(s) gecontroleerd (\(names)): \(errors.count) fout(en), \(warnings.count) waarschuwing(en).")
        }
        return out.joined(separator: "\n")
    }

    /// Runs every loaded plugin's example cases (or one region's) through the planner on an empty
    /// table calendar and compares the bookings with what the region expects.
    public static func test(region: RegionID?, workspace: Workspace, today: CivilDate) throws -> Outcome {
        let folders = try workspace.pluginFolders()
        let (catalog, sources) = try PluginLoader.load(folders: folders, today: today)
        if let region, catalog[region] == nil {
            // The front end adds how to load a plugin of one's own (its flags and settings).
            throw ServiceError.notFound("regio \"\(region)\" is niet geladen; geladen: "
                                        + catalog.regions.map(\.id).joined(separator: ", "))
        }
        _ = try RuleHooks(regions: catalog)   // every script compiles, before any example runs
        var out: [String] = [], failures = 0, passed = 0, withExamples = 0
        for (id, source) in sources.sorted(by: { $0.key < $1.key }) where region == nil || id == region {
            let folder = URL(fileURLWithPath: source.file).deletingLastPathComponent().path
            let path = folder + "/" + ExamplesFile.fileName
            guard FileManager.default.fileExists(atPath: path) else {
                if region != nil { out.append("\(id): geen \(ExamplesFile.fileName)") }
                continue
            }
            withExamples += 1
            for example in try ExamplesFile.read(path: path, regions: catalog) {
                // Fresh rules per example: its failures are its own, its budget that of one plan.
                let problems = try run(example, catalog: catalog, hooks: try RuleHooks(regions: catalog))
                if problems.isEmpty {
                    passed += 1
                    out.append("geslaagd  \(id): \(example.name)")
                } else {
                    failures += 1
                    out.append("MISLUKT   \(id): \(example.name) (\(path), regel \(example.line.map(String.init) ?? "?"))")
                    out += problems.map { "            " + $0 }
                }
            }
        }
        out.append("\(passed + failures) voorbeeld(en) uit \(withExamples) plugin(s): \(passed) geslaagd, \(failures) mislukt.")
        return Outcome(text: out.joined(separator: "\n"), failed: failures > 0)
    }

    /// The differences between what the example expects and what the planner books.
    static func run(_ example: ExamplesFile.Example, catalog: RegionCatalog, hooks: RuleHooks) throws -> [String] {
        let through = example.from.adding(days: example.weeks * 7 - 1)
        let builder = try PlanBuilder(regions: catalog, roster: Roster(), from: example.from, through: through,
                                      open: example.registrations, booked: [], hooks: hooks)
        let result = Scheduler().solve(builder.problem)
        var problems: [String] = builder.warnings
        for expectation in example.expected {
            let c = builder.problem.cases.firstIndex { $0.ref == expectation.reference }
            let booking = c.flatMap { c in result.schedule.positionOf[c].map { builder.booking(case: c, position: $0) } }
            let line = expectation.line.map { "regel \($0): " } ?? ""
            guard let booking else {
                if expectation.booked { problems.append("\(line)\(expectation.reference) verwacht geboekt, maar niet geboekt") }
                continue
            }
            let got = "\(booking.date.iso) \(booking.start) in \(booking.region)"
            if !expectation.booked { problems.append("\(line)\(expectation.reference) verwacht niet geboekt, maar geboekt op \(got)"); continue }
            if let region = expectation.region, region != booking.region {
                problems.append("\(line)\(expectation.reference) verwacht in \(region), maar geboekt op \(got)")
            }
            if let date = expectation.date, date != booking.date {
                problems.append("\(line)\(expectation.reference) verwacht op \(date.iso), maar geboekt op \(got)")
            }
            if let start = expectation.start, start != booking.start {
                problems.append("\(line)\(expectation.reference) verwacht om \(start), maar geboekt op \(got)")
            }
            if let within = expectation.withinNorm, let c {
                let inNorm = builder.problem.positions[result.schedule.positionOf[c]!].day <= builder.problem.cases[c].deadline
                if within != inNorm {
                    problems.append("\(line)\(expectation.reference) verwacht \(within ? "binnen" : "buiten") de norm, maar geboekt op \(got)")
                }
            }
            guard let c, expectation.location != nil || expectation.participants != nil else { continue }
            let registration = builder.registrations[c]
            guard let home = catalog.rules(registration.homeRegion, near: registration.complete),
                  let table = catalog.rules(booking.region, near: booking.date) else { continue }
            if let location = expectation.location {
                let place = hooks.location(registration, home: home, table: table, date: booking.date, start: booking.start,
                                           tableNumber: booking.table)
                if place != location {
                    problems.append("\(line)\(expectation.reference) verwacht op locatie \"\(location)\", maar de locatie is \"\(place)\"")
                }
            }
            if let participants = expectation.participants {
                let extra = hooks.extraParticipants(registration, home: home)
                if extra != participants {
                    let said = { (list: [String]) in list.isEmpty ? "geen" : list.map { "\"\($0)\"" }.joined(separator: ", ") }
                    problems.append("\(line)\(expectation.reference) verwacht extra deelnemers \(said(participants)), maar kreeg \(said(extra))")
                }
            }
        }
        // Every booking asks locatie and deelnemers as the agenda and the invites will: a failing
        // hook fails the example, also where the example does not mention them.
        for (c, k) in builder.problem.cases.enumerated() {
            guard let p = result.schedule.positionOf[c], k.pinned == nil else { continue }
            hooks.ask(builder.registrations[c], booking: builder.booking(case: c, position: p), regions: catalog)
        }
        problems += hooks.newFailures(after: problems).map { "regelfout: " + $0 }
        return problems
    }
}

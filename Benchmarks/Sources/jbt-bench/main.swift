// jbt-bench: runs the jbt scheduler on a benchmark instance (docs/formats.md, "Benchmark exchange
// format") and writes the solution JSON. The comparison with CP-SAT and the independent validation
// are done by Benchmarks/run.sh.
import Foundation
import JBTCore
import JBTCalendar
import JBTScheduling
import JBTDocuments
import JBTRules

struct InstanceFile: Decodable {
    struct Region: Decodable { var id: String; var neighbours: [String] }
    struct Position: Decodable {
        var id: Int; var region: String; var date: CivilDate; var table: Int?
        var start: Int; var end: Int; var childStart: Int; var childAllowed: Bool
        var people: [String]; var types: [String]
    }
    struct Case: Decodable {
        var ref: String; var home: String; var type: String
        var complete: CivilDate; var earliest: CivilDate; var deadline: CivilDate
        var child: Bool; var unavailable: [CivilDate]?; var pinned: Int?
    }
    var name: String
    var weights: SchedulingProblem.Weights?
    var regions: [Region]
    var positions: [Position]
    var cases: [Case]
}

struct SolutionFile: Encodable {
    struct Booking: Encodable { var ref: String; var position: Int }
    var solver = "jbt"
    var instance: String
    var seconds: Double
    var bookings: [Booking]
    var bound: Int
    var optimal: Bool
    var evaluations: Int
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

func makeProblem(_ file: InstanceFile) -> (SchedulingProblem, [Int]) {
    let regionIndex = Dictionary(uniqueKeysWithValues: file.regions.enumerated().map { ($1.id, $0) })
    func region(_ id: String) -> Int {
        guard let r = regionIndex[id] else { fail("onbekende regio: \(id)") }
        return r
    }
    var personIndex: [String: Int] = [:]
    var people: [String] = []
    var positionIDs: [Int] = []
    var slotOfID: [Int: Int] = [:]
    let positions = file.positions.map { p -> SchedulingProblem.Position in
        slotOfID[p.id] = positionIDs.count
        positionIDs.append(p.id)
        let persons = p.people.map { name -> Int in
            if let i = personIndex[name] { return i }
            personIndex[name] = people.count; people.append(name); return people.count - 1
        }
        return .init(region: region(p.region), day: p.date.dayNumber, table: p.table ?? 1, start: p.start, end: p.end,
                     childStart: p.childStart, childAllowed: p.childAllowed, people: persons,
                     types: Set(p.types.compactMap(MeetingType.init(rawValue:))))
    }
    let cases = file.cases.map { k -> SchedulingProblem.Case in
        guard let type = MeetingType(rawValue: k.type) else { fail("onbekend gesprekstype: \(k.type)") }
        return .init(ref: k.ref, home: region(k.home), type: type, complete: k.complete.dayNumber,
                     earliest: k.earliest.dayNumber, deadline: k.deadline.dayNumber, child: k.child,
                     unavailable: Set((k.unavailable ?? []).map(\.dayNumber)), pinned: k.pinned.map { slotOfID[$0]! })
    }
    let problem = SchedulingProblem(regionIDs: file.regions.map(\.id),
                                    neighbours: file.regions.map { $0.neighbours.map(region) },
                                    people: people, positions: positions, cases: cases,
                                    weights: file.weights ?? .init())
    return (problem, positionIDs)
}

let args = CommandLine.arguments

// `jbt-bench invites N`: build and serialise N invitation messages (all audiences of N/4 bookings).
if args.count >= 3, args[1] == "invites", let count = Int(args[2]) {
    let region = RegionRules(id: "r", name: "Regio", municipalities: ["Ede"], neighbours: [], tableWeekdays: [.tuesday],
                             dayPattern: .hours(opens: TimeOfDay(minutes: 540), closes: TimeOfDay(minutes: 990), pause: 15),
                             location: "Gemeentehuis, Bergstraat 4, Ede", giParticipation: .fixed,
                             escalationContact: .init(name: "X", role: "beleid", email: "x@example.org"))
    let chair = CalendarInvite.Participant(email: "vz@example.org", name: "Voorzitter", role: .chair)
    let officer = CalendarInvite.Participant(email: "rvdk@example.org", name: "RvdK")
    let started = Date()
    var messages = 0, bytes = 0
    var n = 0
    while messages < count {
        let registration = Registration(
            reference: "JBT-B-\(n)", municipality: "Ede", homeRegion: "r", type: .vijfVoorTwaalf,
            registered: CivilDate(iso: "2026-11-20")!, complete: CivilDate(iso: "2026-11-20")!,
            children: [ChildRecord(initials: "A.", birthDate: CivilDate(iso: "2012-01-01")!)],
            referrer: ContactPerson(name: "Lokaal team", organisation: "LT", email: "lt\(n)@example.org"),
            parents: [ContactPerson(name: "Ouder", email: "o\(n)@example.org")],
            childProtectionWorker: ContactPerson(name: "GI", organisation: "GI", email: "gi\(n)@example.org"))
        let booking = InvitePlanner.Booking(date: CivilDate(iso: "2026-12-01")!.adding(days: 7 * (n % 8)), start: 645, end: 735, childStart: 615)
        for (_, invite) in InvitePlanner.invites(for: registration, booking: booking, region: region, organizer: chair, boardOfficer: officer)
        where messages < count {
            bytes += ICalendar.serialize(invite).utf8.count
            messages += 1
        }
        n += 1
    }
    let seconds = Date().timeIntervalSince(started)
    print(String(format: "jbt: %d messages, %.3f s, %.0f messages/s, %d bytes", messages, seconds, Double(messages) / seconds, bytes))
    exit(0)
}

// `jbt-bench docs N [--template verslag.docx] [--sample-json FILE]`: fill the verslag Word template N
// times with the full sample (parsed once, filled and zipped N times); optionally write the sample
// as JSON for the docxtpl side of Benchmarks/docs.sh.
if args.count >= 3, args[1] == "docs", let count = Int(args[2]) {
    func option(_ name: String) -> String? {
        args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
    }
    let value = DocumentSamples.full(.verslag)
    if let path = option("--sample-json") {
        func json(_ v: DocumentValue) -> Any {
            switch v {
            case .text(let s): return s
            case .bool(let b): return b
            case .list(let l): return l.map(json)
            case .object(let o): return o.mapValues(json)
            }
        }
        let data = try JSONSerialization.data(withJSONObject: json(value), options: [.sortedKeys])
        try writeAtomically(data, to: URL(fileURLWithPath: path))
    }
    let templatePath = option("--template") ?? "Templates/verslag.docx"
    do {
        let loadStart = Date()
        let template = try WordTemplate(url: URL(fileURLWithPath: templatePath))
        let loadSeconds = Date().timeIntervalSince(loadStart)
        var bytes = 0
        let started = Date()
        for _ in 0..<count { bytes += try template.fill(value).count }
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "jbt: %d documents, %.3f s, %.0f documents/s, %.2f ms each, %d bytes each (template read once in %.1f ms)",
                     count, seconds, Double(count) / seconds, 1000 * seconds / Double(count), bytes / max(count, 1), 1000 * loadSeconds))
        // Like docxtpl, which reads its template for every document: read, check and fill each time.
        let rereadStarted = Date()
        for _ in 0..<count { _ = try WordTemplate(url: URL(fileURLWithPath: templatePath)).fill(value) }
        let rereadSeconds = Date().timeIntervalSince(rereadStarted)
        print(String(format: "jbt (template read per document): %d documents, %.3f s, %.0f documents/s, %.2f ms each",
                     count, rereadSeconds, Double(count) / rereadSeconds, 1000 * rereadSeconds / Double(count)))
    } catch {
        fail((error as? LocalizedError)?.errorDescription ?? "\(error)")
    }
    exit(0)
}

guard args.count >= 3, args[1] == "solve" else {
    fail("gebruik: jbt-bench solve INSTANTIE.json [--out OPLOSSING.json] [--budget N] [--late-days N] [--greedy fcfs|edf] [--lua MAP]")
}
func option(_ name: String) -> String? {
    args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
}
guard let data = FileManager.default.contents(atPath: args[2]) else { fail("kan \(args[2]) niet lezen") }
let file: InstanceFile
if let read = InstanceReader.read(data) {
    file = read
} else {
    do { file = try JSONDecoder().decode(InstanceFile.self, from: data) } catch { fail("\(args[2]): \(error)") }
}
var (problem, positionIDs) = makeProblem(file)

// `--lua DIR`: region rules in Lua (DIR/<region id>.lua, contract v1) applied as the planner does:
// normdagen sets the deadline, toelaten the places a case may take. The instance has no
// municipalities or ages: a hook sees the region as gemeente and age 12 for a child conversation.
var hookSeconds = 0.0, hookFailures = 0, hookRegions = 0
let totalStart = Date()
if let folder = option("--lua") {
    let hookStart = Date()
    var hooks: [Int: RegionHooks] = [:]
    for (i, id) in problem.regionIDs.enumerated() {
        let path = folder + "/" + id + ".lua"
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
        do { hooks[i] = RegionHooks(plugin: id, script: try RuleScript(source: source, file: path)) }
        catch { fail("\(error)") }
    }
    hookRegions = hooks.count
    let ruleHooks = hooks
    func hookCase(_ k: SchedulingProblem.Case) -> HookCase {
        HookCase(soort: k.type.rawValue, regio: problem.regionIDs[k.home], gemeente: problem.regionIDs[k.home],
                 kinderen: k.child ? 1 : 0, oudsteKind: k.child ? 12 : nil, jongsteKind: k.child ? 12 : nil,
                 letJB: false, gi: "op_afroep")
    }
    for c in problem.cases.indices {
        if let h = hooks[problem.cases[c].home], let days = h.normDays(hookCase(problem.cases[c])) {
            problem.cases[c].deadline = problem.cases[c].complete + days
        }
    }
    let slotKey = problem.positions.map { q -> HookSlot? in
        guard let h = hooks[q.region], h.has("toelaten") else { return nil }
        let t = q.start
        return HookSlot(regio: problem.regionIDs[q.region], weekdag: CivilDate(dayNumber: q.day).weekday.dutchName,
                        begintijd: String(format: "%02d:%02d", t / 60, t % 60), tafel: q.table, locatie: problem.regionIDs[q.region])
    }
    let regionOf = Dictionary(uniqueKeysWithValues: problem.regionIDs.enumerated().map { ($1, $0) })
    do {
        try AdmissionClasses.apply(to: &problem, caseKey: problem.cases.map { hookCase($0) }, slotKey: slotKey) { c, s in
            ruleHooks[regionOf[s.regio]!]!.admits(c, s)
        }
    } catch { fail("te veel regelklassen: \(error)") }
    hookFailures = hooks.values.reduce(0) { $0 + $1.failures.count }
    hookSeconds = Date().timeIntervalSince(hookStart)
}

var options = Scheduler.Options()
if let budget = option("--budget").flatMap(Int.init) { options.evaluationBudget = budget }
// How long after its norm a case may still be booked: `jbt plan`'s 8 weeks unless given (the
// exchange format itself has no limit; compare.py passes a year for the frozen instances).
if let days = option("--late-days").flatMap(Int.init) { options.maxLateDays = days }
let started = Date()
let schedule: Schedule
var bound = 0, evaluations = 0
if let greedy = option("--greedy") {
    schedule = GreedyScheduler.solve(problem, order: greedy == "edf" ? .earliestDeadline : .firstComeFirstServed)
} else {
    let result = Scheduler(options: options).solve(problem)
    schedule = result.schedule
    bound = result.lowerBound
    evaluations = result.evaluations
    FileHandle.standardError.write(Data(String(format: "fasen: relaxaties %.3f s, daarna verbetering %.3f s\n",
        result.phaseSeconds.relaxation, result.phaseSeconds.improvement).utf8))
}
let seconds = Date().timeIntervalSince(option("--lua") == nil ? started : totalStart)
let metrics = problem.metrics(of: schedule)
if option("--lua") != nil {
    FileHandle.standardError.write(Data(String(format: "lua: %d regio's met regels, %.3f s aan regels, %d fouten\n",
                                               hookRegions, hookSeconds, hookFailures).utf8))
}
let solution = SolutionFile(
    solver: option("--greedy").map { "greedy-\($0)" } ?? "jbt", instance: file.name, seconds: seconds,
    bookings: schedule.positionOf.enumerated().compactMap { c, p in p.map { .init(ref: problem.cases[c].ref, position: positionIDs[$0]) } },
    bound: bound, optimal: bound == metrics.objective, evaluations: evaluations)
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
let out = try encoder.encode(solution)
if let path = option("--out") {
    FileManager.default.createFile(atPath: path, contents: out)
} else {
    FileHandle.standardOutput.write(out)
}
FileHandle.standardError.write(Data(String(
    format: "%@: %d geboekt, %d niet, %d binnen norm, %d buurregio, %d wachtdagen, doel %ld, grens %ld, %.3f s, %d evaluaties\n",
    file.name, metrics.booked, metrics.unbooked, metrics.withinNorm, metrics.inNeighbourRegion,
    metrics.totalWaitingDays, metrics.objective, bound, seconds, evaluations).utf8))

import Foundation
import JBTCore
import JBTInput
import JBTRules

/// Reads one region manifest (`regio.yaml`) strictly.
public enum RegionManifest {
    /// The most distinct dates on which a manifest's rules change.
    public static let maxChangeDates = 200

    static let keys: Set<String> = ["id", "naam", "gemeenten", "buurregios", "tafel", "norm_dagen", "voorbereiding_dagen",
                                    "deelname", "gesprekstypen", "escalatiecontact", "sluitingen", "let_jb",
                                    "documenten", "teksten", "regels", "secretariaat"]
    /// The texts a region may set (`teksten:`).
    public static let textKeys = ["map_link", "uitnodiging_inleiding", "uitnodiging_omschrijving", "secretariaat",
                                  "secretariaat_telefoon"]
    static let tableKeys: Set<String> = ["dagen", "van", "tot", "pauze_minuten", "begintijden", "gesprek_minuten",
                                         "kindgesprek_minuten", "locatie", "parallel"]

    /// Reads a manifest with its dated rules: one version of the rules for the time before the
    /// first change date and one from each change date on.
    public static func read(path: String) throws -> (RegionTimeline, ManifestSource) {
        let root = try StrictNode.load(path: path)
        let dated = try DatedValues.entries(in: root, forbidden: ["id"])
        let changeDates = Array(Set(dated.map(\.date))).sorted()
        // Every change date re-reads the whole manifest: bounded, so that a manifest cannot make
        // every command wait.
        if changeDates.count > maxChangeDates {
            let entry = dated.first { $0.date == changeDates[maxChangeDates] }
            throw InputError(file: path, line: entry?.line, field: entry.map { $0.field + "." + DatedValues.key },
                             message: "te veel wijzigingsdatums (meer dan \(maxChangeDates)); ruim oude regels op")
        }
        var versions: [RegionTimeline.Version] = []
        var source = ManifestSource(file: path, lines: [:], dated: dated)
        for from in [nil] + changeDates.map(Optional.some) {
            let (tree, ended) = DatedValues.resolve(root, on: from)
            do {
                var warnings: [InputError] = []
                let (rules, lines) = try parse(tree, path: path, warnings: &warnings)
                source.lines.merge(lines) { a, _ in a }
                for warning in warnings where !source.warnings.contains(warning) { source.warnings.append(warning) }
                versions.append(.init(from: from, rules: rules, ended: ended))
            } catch let error as InputError where error.message == "verplicht veld ontbreekt"
                        && ended.contains(where: { error.field == $0 }) {
                // A required rule without a value on these days (not begun yet, or ended with
                // null): the table does not sit then. `jbt plugins lint` warns ahead of it.
                versions.append(.init(from: from, rules: nil, ended: ended))
            } catch let error as InputError {
                guard let from else { throw error }
                throw InputError(file: error.file, line: error.line, field: error.field,
                                 message: error.message + " (in de regels vanaf \(from.iso))")
            }
        }
        guard let first = versions.first(where: { $0.rules != nil })?.rules else {
            throw root.error("op geen enkele datum zijn alle verplichte regels ingevuld (\(versions[0].ended.joined(separator: ", ")))")
        }
        // Merge versions that do not differ (a change date of a rule whose value stayed the same).
        var merged: [RegionTimeline.Version] = []
        for v in versions where merged.last.map({ $0.rules != v.rules || ($0.rules == nil && $0.ended != v.ended) }) ?? true { merged.append(v) }
        _ = first
        return (RegionTimeline(id: first.id, versions: merged), source)
    }

    /// `secretariaat: {naam, email, telefoon}`: the functional address families see.
    static func secretariat(_ node: StrictNode) throws -> RegionRules.Secretariat {
        let m = try node.mapping(allowed: ["naam", "email", "telefoon"])
        return .init(name: try m.required("naam").singleLine(), email: try m.required("email").email(),
                     phone: try m["telefoon"]?.phone())
    }

    static func parse(_ root: StrictNode, path: String) throws -> (RegionRules, [String: Int]) {
        var warnings: [InputError] = []
        return try parse(root, path: path, warnings: &warnings)
    }

    /// `parse`, collecting in `warnings` what reads but cannot be meant (for `jbt plugins lint`).
    static func parse(_ root: StrictNode, path: String, warnings: inout [InputError]) throws -> (RegionRules, [String: Int]) {
        var lines: [String: Int] = [:]
        func note(_ node: StrictNode?) { if let node, let line = node.line { lines[node.path] = line } }
        let m = try root.mapping(allowed: keys)
        let idNode = try m.required("id")
        note(idNode)
        let id = try idNode.singleLine(maxLength: 64)
        guard id.allSatisfy({ ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }) else {
            throw idNode.error("een regio-id bevat alleen kleine letters, cijfers en '-'")
        }
        let folder = path.split(separator: "/").dropLast().last.map(String.init)
        if let folder, folder != id {
            throw idNode.error("id \"\(id)\" wijkt af van de mapnaam \"\(folder)\"")
        }
        let municipalityNodes = try m.required("gemeenten").sequence(max: 1_000)
        municipalityNodes.forEach(note)
        let municipalities = try municipalityNodes.map { try $0.singleLine(maxLength: 100) }
        if municipalities.isEmpty { throw try m.required("gemeenten").error("noem ten minste één gemeente") }
        let neighbourNodes = try m["buurregios"]?.sequence(max: 100) ?? []
        neighbourNodes.forEach(note)

        let t = try m.required("tafel").mapping(allowed: tableKeys)
        let weekdays = Dictionary(uniqueKeysWithValues: Weekday.allCases.prefix(5).map { ($0.dutchName, $0) })
        let days = try t.required("dagen").sequence().map { try $0.oneOf(weekdays) }
        if days.isEmpty { throw try t.required("dagen").error("noem ten minste één tafeldag") }
        let conversation = try t.required("gesprek_minuten").int(in: 15...240)
        let child = try t["kindgesprek_minuten"]?.int(in: 10...120) ?? 30
        let pattern: RegionRules.DayPattern
        if let startsNode = t["begintijden"] {
            for key in ["van", "tot", "pauze_minuten"] where t[key] != nil {
                throw t[key]!.error("gebruik óf begintijden, óf van/tot/pauze_minuten")
            }
            let starts = try startsNode.sequence(max: 100).map { try $0.time() }
            if starts.isEmpty { throw startsNode.error("noem ten minste één begintijd") }
            let sorted = starts.sorted()
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.minutes < a.minutes + conversation {
                throw startsNode.error("begintijd \(b) valt binnen het gesprek van \(a) (\(conversation) minuten)")
            }
            pattern = .fixedStarts(sorted)
        } else {
            let opens = try t.required("van").time(), closesNode = try t.required("tot"), closes = try closesNode.time()
            if closes.minutes < opens.minutes + conversation {
                throw closesNode.error("tussen \(opens) en \(closes) past geen gesprek van \(conversation) minuten")
            }
            pattern = .hours(opens: opens, closes: closes, pause: try t["pauze_minuten"]?.int(in: 0...120) ?? 15)
        }

        let participation = try m["deelname"]?.mapping(allowed: ["gi", "kindgesprek_vanaf_leeftijd", "bijeenroeper"])
        let types = try m["gesprekstypen"].map { node in
            try node.sequence().map { try $0.oneOf(Dictionary(uniqueKeysWithValues: MeetingType.allCases.map { ($0.rawValue, $0) })) }
        } ?? MeetingType.standard
        // The LET JB practice switched on: the table also books the warm handovers.
        let letJB = try m["let_jb"]?.bool() ?? false
        let contactNode = try m.required("escalatiecontact")
        let contact = try contactNode.mapping(allowed: ["naam", "functie", "email"])
        let closures = try (m["sluitingen"]?.sequence(max: 1_000) ?? []).map { node -> RegionRules.Closure in
            let c = try node.mapping(allowed: ["van", "tot", "reden"])
            let from = try c.required("van").date(), until = try c.required("tot").date()
            if until < from { throw try c.required("tot").error("tot (\(until)) ligt vóór van (\(from))") }
            return .init(span: DateSpan(first: from, last: until), reason: try c.required("reden").singleLine())
        }
        var rules = RegionRules(
            id: id, name: try m.required("naam").singleLine(), municipalities: municipalities,
            neighbours: try neighbourNodes.map { try $0.singleLine(maxLength: 64) }, tableWeekdays: days, dayPattern: pattern,
            conversationMinutes: conversation, childConversationMinutes: child,
            location: try t.required("locatie").singleLine(maxLength: 300), parallelTables: try t["parallel"]?.int(in: 1...10) ?? 1,
            normDays: try m["norm_dagen"]?.int(in: 1...90) ?? 14,
            preparationDays: try m["voorbereiding_dagen"]?.int(in: 0...30) ?? 3,
            giParticipation: try participation?["gi"]?.oneOf(["vast": .fixed, "op_afroep": .onCall]) ?? .onCall,
            childAgeThreshold: try participation?["kindgesprek_vanaf_leeftijd"]?.int(in: 4...18) ?? 12,
            meetingTypes: Set(types + (letJB ? MeetingType.letJBHandovers : [])),
            escalationContact: .init(name: try contact.required("naam").singleLine(), role: try contact.required("functie").singleLine(),
                                     email: try contact.required("email").email()),
            closures: closures)
        rules.convener = try participation?["bijeenroeper"]?.oneOf(["voorzitter": .chair, "lokaal_team": .localTeam]) ?? .chair
        rules.secretariat = try m["secretariaat"].map(secretariat)
        if let d = try m["documenten"]?.mapping(allowed: ["vertrouwensfiguur", "kind_vanaf_leeftijd"]) {
            let kinds = ["verslag", "veiligheidsplan", "uitnodiging"]
            if let node = d["vertrouwensfiguur"] {
                rules.documents.confidantReceives = Set(try node.sequence().map { try $0.oneOf(Dictionary(uniqueKeysWithValues: kinds.map { ($0, $0) })) })
            }
            rules.documents.childFromAge = try d["kind_vanaf_leeftijd"]?.int(in: 4...18) ?? 16
        }
        if let t = try m["teksten"]?.mapping(allowed: Set(RegionManifest.textKeys)) {
            for key in RegionManifest.textKeys {
                guard let node = t[key] else { continue }
                let text = try node.string(maxLength: 2_000)
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw node.error("een tekst mag niet leeg zijn") }
                if key == "map_link", !(text.hasPrefix("https://") || text.hasPrefix("http://")) {
                    throw node.error("map_link moet een webadres zijn (https://…)")
                }
                rules.texts[key] = text
            }
        }
        if let r = try m["regels"]?.mapping(allowed: ["bestand", "contract"]) {
            let fileNode = try r.required("bestand")
            let file = try fileNode.singleLine()
            guard file.hasSuffix(".lua"), !file.contains("/"), !file.hasPrefix(".") else {
                throw fileNode.error("bestand moet een .lua-bestand in de pluginmap zijn, bijvoorbeeld regels.lua")
            }
            let folder = (path as NSString).deletingLastPathComponent
            guard FileManager.default.fileExists(atPath: folder + "/" + file) else {
                throw fileNode.error("\(file) bestaat niet in \(folder)")
            }
            let contractNode = try r.required("contract")
            let contract = try contractNode.int(in: 1...99)
            guard contract == RuleScript.contractVersion else {
                throw contractNode.error("contract \(contract) wordt niet ondersteund; deze versie van jbt kent contract \(RuleScript.contractVersion)")
            }
            rules.ruleScript = folder + "/" + file
        }
        if rules.startTimes.isEmpty { throw try m.required("tafel").error("op een tafeldag past geen enkel gesprek") }
        warnings += ManifestLint.warnings(rules, manifest: m, municipalities: municipalityNodes, letJB: letJB, root: root)
        return (rules, lines)
    }
}

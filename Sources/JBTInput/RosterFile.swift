import JBTCore

/// Reads a roster file: people, their standing weekly assignments and their absences.
public enum RosterFile {
    public static func read(path: String, regions: RegionCatalog) throws -> Roster {
        let root = try StrictNode.load(path: path).mapping(allowed: ["personen", "inzet", "afwezigheid"])
        var roster = Roster()
        var lineOf: [String: Int] = [:]
        let weekdays = Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0.dutchName, $0) })
        for node in try root.required("personen").sequence(max: 5_000) {
            let m = try node.mapping(allowed: ["id", "naam", "rol", "email", "regios"])
            let id = try m.required("id").singleLine(maxLength: 64)
            if let first = lineOf[id] { throw try m.required("id").error("persoon \(id) staat al op regel \(first)") }
            lineOf[id] = node.line ?? 0
            let regionNodes = try m.required("regios").sequence(max: 100)
            let served = try regionNodes.map { try region($0, regions) }
            roster.people.append(.init(id: id, name: try m.required("naam").singleLine(),
                                       role: try m.required("rol").oneOf(["voorzitter": .chair, "rvdk": .boardOfficer]),
                                       email: try m.required("email").email(), regions: served))
        }
        for node in try root["inzet"]?.sequence(max: 10_000) ?? [] {
            let m = try node.mapping(allowed: ["persoon", "regio", "dag", "tafel", "vanaf", "tot"])
            let person = try known(m.required("persoon"), roster)
            let regionNode = try m.required("regio")
            let regionID = try region(regionNode, regions)
            guard roster.person(person)?.regions.contains(regionID) == true else {
                throw regionNode.error("\(person) dient regio \(regionID) niet volgens zijn of haar 'regios'")
            }
            let tableNode = m["tafel"]
            let table = try tableNode?.int(in: 1...20) ?? 1
            // Dated rules: an assignment is valid when some version of the region's rules has it.
            let versions = regions.timelines[regionID]?.versions.compactMap(\.rules) ?? []
            let parallel = versions.map(\.parallelTables).max() ?? 1
            if let tableNode, !versions.isEmpty, table > parallel {
                throw tableNode.error("regio \(regionID) heeft \(parallel) tafel(s) tegelijk, geen tafel \(table)")
            }
            let assignment = Roster.Assignment(person: person, region: regionID, weekday: try m.required("dag").oneOf(weekdays),
                                               table: table, from: try m["vanaf"]?.date(), until: try m["tot"]?.date())
            if let from = assignment.from, let until = assignment.until, until < from {
                throw try m.required("tot").error("tot (\(until)) ligt vóór vanaf (\(from))")
            }
            if !versions.isEmpty, !versions.contains(where: { $0.tableWeekdays.contains(assignment.weekday) }) {
                throw try m.required("dag").error("regio \(regionID) heeft geen tafel op \(assignment.weekday.dutchName)")
            }
            roster.assignments.append(assignment)
        }
        for node in try root["afwezigheid"]?.sequence(max: 50_000) ?? [] {
            let m = try node.mapping(allowed: ["persoon", "van", "tot", "reden"])
            let person = try known(m.required("persoon"), roster)
            let from = try m.required("van").date(), until = try m.required("tot").date()
            if until < from { throw try m.required("tot").error("tot (\(until)) ligt vóór van (\(from))") }
            let reason = try m["reden"]?.oneOf(["ziek": "ziek", "verlof": "verlof", "anders": "afwezig"]) ?? "afwezig"
            roster.absences.append(.init(person: person, span: DateSpan(first: from, last: until), reason: reason))
        }
        return roster
    }

    static func region(_ node: StrictNode, _ regions: RegionCatalog) throws -> RegionID {
        let id = try node.singleLine(maxLength: 64)
        guard regions[id] != nil else {
            throw node.error("onbekende regio \"\(id)\"; bekend: \(regions.regions.map(\.id).joined(separator: ", "))")
        }
        return id
    }

    static func known(_ node: StrictNode, _ roster: Roster) throws -> String {
        let id = try node.singleLine(maxLength: 64)
        guard roster.person(id) != nil else { throw node.error("onbekende persoon \"\(id)\" (niet onder 'personen')") }
        return id
    }
}

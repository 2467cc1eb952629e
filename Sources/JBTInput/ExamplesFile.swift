import JBTCore

/// A region plugin's example cases with the bookings the region expects (`voorbeelden.yaml` in the
/// plugin folder), run by `jbt plugins test`.
///
/// ```yaml
/// voorbeelden:
///   - naam: "Een kwart-voor-twaalfgesprek op de eerste dinsdag"
///     vanaf: 2026-11-30          # plan from this day …
///     weken: 2                   # … for this many weeks
///     aanmeldingen:              # as in an intake file
///       - {referentie: VB-1, gemeente: Ede, type: kwart-voor-twaalf, aangemeld: 2026-11-27,
///          aanmelder: {naam: "Lokaal team (fictief)"}, ouders: [{naam: "Ouder (fictief)"}]}
///     verwacht:
///       - {referentie: VB-1, regio: food-valley, datum: 2026-12-01, begintijd: "09:00", binnen_norm: true}
///       - {referentie: VB-2, geboekt: false}
///       - {referentie: VB-3, locatie: "Kulturhus Winterswijk", deelnemers: ["gedragswetenschapper GI"]}
/// ```
/// `locatie` is where the conversation is held (the `locatie` hook's answer, else the table's own
/// location); `deelnemers` the extra participants the `deelnemers` hook asks for (`[]`: none).
public enum ExamplesFile {
    public static let fileName = "voorbeelden.yaml"

    public struct Expectation: Sendable {
        public var reference: String
        public var booked: Bool
        public var region: RegionID?
        public var date: CivilDate?
        public var start: TimeOfDay?
        public var withinNorm: Bool?
        /// Where the conversation is held, when the example says.
        public var location: String?
        /// The extra participants (the `deelnemers` hook), when the example says.
        public var participants: [String]?
        public var line: Int?
    }

    public struct Example: Sendable {
        public var name: String
        public var from: CivilDate
        public var weeks: Int
        public var registrations: [Registration]
        public var expected: [Expectation]
        public var line: Int?
    }

    public static func read(path: String, regions: RegionCatalog) throws -> [Example] {
        let root = try StrictNode.load(path: path)
        var errors: [InputError] = []
        var result: [Example] = []
        for node in try root.mapping(allowed: ["voorbeelden"]).required("voorbeelden").sequence() {
            do {
                let m = try node.mapping(allowed: ["naam", "vanaf", "weken", "aanmeldingen", "verwacht"])
                let registrations = try IntakeFile.entries(try m.required("aanmeldingen").sequence(), regions: regions).map(\.registration)
                let references = Set(registrations.map(\.reference))
                var expected: [Expectation] = []
                for item in try m.required("verwacht").sequence() {
                    let e = try item.mapping(allowed: ["referentie", "geboekt", "regio", "datum", "begintijd", "binnen_norm",
                                                       "locatie", "deelnemers"])
                    let refNode = try e.required("referentie")
                    let reference = try refNode.reference()
                    guard references.contains(reference) else {
                        throw refNode.error("referentie \(reference) staat niet bij de aanmeldingen van dit voorbeeld")
                    }
                    let region = try e["regio"]?.string()
                    if let region, regions[region] == nil, let node = e["regio"] {
                        throw node.error("onbekende regio \"\(region)\"")
                    }
                    expected.append(Expectation(reference: reference, booked: try e["geboekt"]?.bool() ?? true, region: region,
                                                date: try e["datum"]?.date(), start: try e["begintijd"]?.time(),
                                                withinNorm: try e["binnen_norm"]?.bool(), location: try e["locatie"]?.string(),
                                                participants: try e["deelnemers"]?.sequence().map { try $0.string() },
                                                line: item.line))
                }
                result.append(Example(name: try m.required("naam").singleLine(), from: try m.required("vanaf").date(),
                                      weeks: try m["weken"]?.int(in: 1...26) ?? 2, registrations: registrations,
                                      expected: expected, line: node.line))
            } catch let error as InputError {
                errors.append(error)
            } catch let many as InputErrors {
                errors += many.errors
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return result
    }
}

import JBTCore

/// Reads an intake file (`aanmeldingen:` list, YAML or JSON) into registrations, resolving each
/// family's municipality to its home region.
public enum IntakeFile {
    /// The most aanmeldingen in one file; a larger batch is split, so that one file cannot flood the store.
    public static let maxEntries = 5_000

    static let keys: Set<String> = ["referentie", "gemeente", "type", "aangemeld", "compleet", "vroegst", "kinderen",
                                    "verhinderd", "aanmelder", "ouders", "jeugdbeschermer", "vertrouwensfiguur", "let_jb"]

    /// One registration with where it stands in the file.
    public struct Entry: Sendable {
        public var registration: Registration
        public var line: Int?
        public var field: String
        public func error(_ file: String, _ message: String) -> InputError {
            InputError(file: file, line: line, field: field, message: message)
        }
    }

    /// Whether a text is initials only: groups that each end in a dot, each an upper-case letter
    /// with at most two lower-case ones after it ("Th."), "IJ", or digits (a test's "K.1."); at
    /// most eight groups, spaces between them allowed.
    public static func areInitials(_ text: String) -> Bool {
        let compact = text.filter { !$0.isWhitespace }
        guard compact.hasSuffix("."), compact.count <= 24 else { return false }
        let groups = compact.dropLast().split(separator: ".", omittingEmptySubsequences: false)
        guard (1...8).contains(groups.count) else { return false }
        return groups.allSatisfy { group in
            if group == "IJ" || (!group.isEmpty && group.allSatisfy(\.isNumber)) { return true }
            guard let first = group.first, first.isUppercase, first.isLetter, group.count <= 3 else { return false }
            return group.dropFirst().allSatisfy { $0.isLowercase && $0.isLetter }
        }
    }

    /// All problems in the file are collected, so that one run lists everything to fix.
    public static func read(path: String, regions: RegionCatalog) throws -> [Entry] {
        let root = try StrictNode.load(path: path)
        let list = try root.mapping(allowed: ["aanmeldingen"]).required("aanmeldingen").sequence(max: maxEntries)
        return try entries(list, regions: regions)
    }

    /// The registrations of a list of aanmeldingen (in an intake file, or in a plugin's examples).
    public static func entries(_ list: [StrictNode], regions: RegionCatalog) throws -> [Entry] {
        var errors: [InputError] = []
        var result: [Entry] = []
        var seen: [String: Int] = [:]
        for item in list {
            do {
                let registration = try decode(item, regions: regions)
                if let first = seen[registration.reference] {
                    throw InputError(file: item.file, line: item.line, field: item.path + ".referentie",
                                     message: "referentie \(registration.reference) staat al op regel \(first)")
                }
                seen[registration.reference] = item.line ?? 0
                result.append(Entry(registration: registration, line: item.line, field: item.path + ".referentie"))
            } catch let error as InputError {
                errors.append(error)
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return result
    }

    static func decode(_ node: StrictNode, regions: RegionCatalog) throws -> Registration {
        let m = try node.mapping(allowed: keys)
        let reference = try m.required("referentie").reference()
        let municipalityNode = try m.required("gemeente")
        let municipality = try municipalityNode.singleLine(maxLength: 100)
        guard let region = regions.region(ofMunicipality: municipality) else {
            throw municipalityNode.error("onbekende gemeente \"\(municipality)\": geen geladen regio-plugin noemt haar")
        }
        let typeNode = try m.required("type")
        let type = try typeNode.oneOf(Dictionary(uniqueKeysWithValues: MeetingType.allCases.map { ($0.rawValue, $0) }))
        let registered = try m.required("aangemeld").date()
        let complete = try m["compleet"]?.date() ?? registered
        if complete < registered {
            throw try m.required("compleet").error("compleet (\(complete)) ligt vóór aangemeld (\(registered))")
        }
        let earliest = try m["vroegst"]?.date()
        if let earliest, earliest < complete {
            throw try m.required("vroegst").error("vroegst (\(earliest)) ligt vóór compleet (\(complete))")
        }
        if let earliest, earliest.days(since: registered) > 365 {
            throw try m.required("vroegst").error("vroegst (\(earliest)) ligt meer dan een jaar na de aanmelding; controleer de datum")
        }
        let children = try (m["kinderen"]?.sequence(max: 20) ?? []).map { child -> ChildRecord in
            let c = try child.mapping(allowed: ["initialen", "geboortedatum"])
            let birth = try c.required("geboortedatum").date()
            if birth > registered { throw try c.required("geboortedatum").error("geboortedatum ligt na de aanmelding") }
            let age = ChildRecord(initials: "", birthDate: birth).age(on: registered)
            if age > 25 {
                throw try c.required("geboortedatum").error("geboortedatum \(birth) geeft een leeftijd van \(age) jaar; controleer de datum")
            }
            let initials = try c.required("initialen").singleLine(maxLength: 20)
            // jbt keeps a child's initials, never a name: "K.L.", "A.B.C.", "IJ.", "Th.J." pass,
            // "Pietje Puk" does not.
            guard IntakeFile.areInitials(initials) else {
                throw try c.required("initialen").error(
                    "\"\(initials)\" zijn geen initialen; schrijf alleen de voorletters met punten, bijvoorbeeld K.L. "
                        + "(jbt bewaart nooit de naam van een kind)")
            }
            return ChildRecord(initials: initials, birthDate: birth)
        }
        let unavailable = try (m["verhinderd"]?.sequence(max: 366) ?? []).map { try $0.date() }
        let parents = try (m["ouders"]?.sequence(max: 10) ?? []).map(contact)
        let worker = try m["jeugdbeschermer"].map(contact)
        let shielded = try m["let_jb"]?.bool() ?? false
        if type.isLetJBHandover && !shielded {
            throw typeNode.error("een \(type.dutchName) hoort bij een LET JB-zaak: zet let_jb: true en noem de jeugdbeschermer")
        }
        if shielded && worker == nil {
            throw try m.required("let_jb").error("een LET JB-zaak heeft een jeugdbeschermer (alleen een GI meldt aan)")
        }
        if type == .otsBeeindiging && worker == nil {
            throw try m.required("type").error("een toetsing OTS-beëindiging heeft een jeugdbeschermer")
        }
        return Registration(reference: reference, municipality: municipality, homeRegion: region.id, type: type,
                            registered: registered, complete: complete, earliest: earliest, children: children,
                            unavailable: unavailable, referrer: try contact(m.required("aanmelder")),
                            parents: parents, childProtectionWorker: worker,
                            confidant: try m["vertrouwensfiguur"].map(contact), shielded: shielded)
    }

    static func contact(_ node: StrictNode) throws -> ContactPerson {
        let m = try node.mapping(allowed: ["naam", "organisatie", "email", "telefoon", "adres"])
        let email = try m["email"]?.email()
        let phone = try m["telefoon"]?.phone()
        // One address or a list: the organisation's and the workplace's.
        var addresses: [String]? = nil
        if let node = m["adres"] {
            if let items = try? node.sequence() {
                addresses = try items.map { try $0.singleLine() }
            } else {
                addresses = [try node.singleLine()]
            }
        }
        return ContactPerson(name: try m.required("naam").singleLine(), organisation: try m["organisatie"]?.singleLine(),
                             email: email, phone: phone, addresses: addresses)
    }
}

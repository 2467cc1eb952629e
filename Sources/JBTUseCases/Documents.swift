import Foundation
import JBTCore
import JBTDocuments
import JBTStorage

/// Documents rendered from the records: the verslag, the veiligheidsplan, the invitation letter,
/// the wachttijdsignalering and the voorzitter's weekagenda. Who receives which copy follows the
/// region's rules; a family-facing copy of a shielded case is checked never to name the GI worker.
extension App {
    public struct DocumentRequest: Sendable {
        public var reference: String?
        public var kind: DocumentKind
        public var audience: DocumentAudience?
        public var format: DocumentFormat
        public var version: Int?
        public var region: RegionID?
        public var week: String?
        public var out: String?
        /// Phrases a reviewer cleared as false alarms of the LET JB check (`--vrijgeven`); in the audit log.
        public var cleared: [String] = []
        public init(reference: String?, kind: DocumentKind, audience: DocumentAudience?, format: DocumentFormat, version: Int?,
                    region: RegionID?, week: String?, out: String?) {
            self.reference = reference; self.kind = kind; self.audience = audience; self.format = format
            self.version = version; self.region = region; self.week = week; self.out = out
        }
    }

    /// The bundled templates, then none: a region's own `templates/` folder comes first.
    func renderer(for region: RegionID?) -> DocumentRenderer {
        var roots: [URL] = []
        if let region, let folder = pluginFolders[region] { roots.append(URL(fileURLWithPath: folder + "/templates")) }
        if let bundled = dependencies.templateFolder { roots.append(URL(fileURLWithPath: bundled)) }
        return DocumentRenderer(templateRoots: roots)
    }

    /// Renders one document. What leaves the system is in the audit log: which document, for whom,
    /// and where the front end said it goes (`request.out`); the front end writes or sends the bytes.
    public func document(_ request: DocumentRequest) throws -> RenderedDocument {
        if let out = request.out { try checkOutput(out) }
        let (value, region, name) = try documentValue(request)
        let inspect = try familyCopyInspection(request)
        let data: Data
        do {
            data = try renderer(for: region).render(request.kind, as: request.format, value: value, inspect: inspect)
        } catch let error as DocumentError {
            throw ServiceError(error)
        }
        var document = RenderedDocument(name: "\(name).\(request.format.rawValue)", format: request.format, data: data)
        document.ruleFailures = hooks.failures
        let subject = request.reference ?? request.region ?? ""
        let command = "document \(subject) \(request.kind.rawValue)".replacingOccurrences(of: "  ", with: " ")
        let destination = ((request.out ?? document.name) as NSString).lastPathComponent
        return try workspace.openStore().write(command: command) { _ in
            (document, "\(name) als \(request.format.rawValue) naar \(destination)" + App.clearedNote(request.cleared)
                + hooks.auditNote)
        }
    }

    /// The value tree of a document for its audience; checked for shielding before it is rendered.
    func documentValue(_ request: DocumentRequest) throws -> (DocumentValue, RegionID?, String) {
        return try workspace.openStore().read { tx in
            let roster = try tx.roster()
            let data = DocumentData(regions: regions, roster: roster, hooks: hooks)
            switch request.kind {
            case .weekagenda:
                guard let week = request.week else {
                    throw ServiceError.invalid(field: "week", "de weekagenda is van één week; geef de week (JJJJ-Www)")
                }
                guard let region = request.region else {
                    throw ServiceError.invalid(field: "regio", "de weekagenda is van één regio; geef de regio")
                }
                if let audience = request.audience, audience != .professionals {
                    throw ServiceError.notAllowed("de weekagenda is voor de voorzitter en de tafel, niet voor een \(audience.dutchName)")
                }
                return (try weekAgendaValue(tx, region: region, week: week, today: today), region, "weekagenda-\(region)-\(week)")
            case .wachttijdsignalering:
                var regionID = request.region
                if regionID == nil, let ref = request.reference { regionID = try tx.registration(ref)?.homeRegion }
                guard let id = regionID, let rules = regions.rules(id, near: today) else {
                    throw ServiceError.invalid(field: "regio",
                                           "de wachttijdsignalering is van één regio; geef de regio (of een referentie van die regio)")
                }
                if let audience = request.audience, audience != .professionals {
                    throw ServiceError.notAllowed("de wachttijdsignalering gaat naar het escalatiecontact van de gemeente, niet naar een \(audience.dutchName)")
                }
                let signals = try tx.signals(region: id)
                let registrations = Dictionary(uniqueKeysWithValues: try tx.registrations().map { ($0.reference, $0) })
                let bookings = Dictionary(uniqueKeysWithValues: try tx.bookings().map { ($0.reference, $0) })
                return (data.wachttijdsignalering(region: rules, signals: signals, registrations: registrations, bookings: bookings, today: today),
                        id, "wachttijdsignalering-\(id)-\(today.iso)")
            case .verslag, .veiligheidsplan, .uitnodiging:
                guard let reference = request.reference else {
                    throw ServiceError.invalid(field: "referentie", "het \(request.kind.rawValue) is van een zaak; geef de referentie")
                }
                guard let r = try tx.registration(reference) else { throw ServiceError.unknownReference(reference) }
                let audience = request.audience ?? (request.kind == .uitnodiging ? .ouder : .professionals)
                try checkReceives(r, kind: request.kind, audience: audience, today: today)
                let booking = try tx.booking(reference)
                let day = booking?.date ?? today
                let (sessions, _) = TableCalendar.sessions(regions: regions, roster: roster, from: day, through: day)
                let value: DocumentValue
                var versionSuffix = ""
                switch request.kind {
                case .verslag:
                    let versions = try tx.recordVersions(reference: reference, kind: RecordKind.verslag.rawValue, as: Verslag.self)
                    let v = try pick(versions, request.version, reference: reference, what: "verslag")
                    versionSuffix = "-v\(v.version)"
                    value = data.verslag(r, v.record, version: v.version, booking: booking, audience: audience, sessions: sessions)
                case .veiligheidsplan:
                    let versions = try tx.recordVersions(reference: reference, kind: RecordKind.veiligheidsplan.rawValue, as: Veiligheidsplan.self)
                    let v = try pick(versions, request.version, reference: reference, what: "veiligheidsplan")
                    versionSuffix = "-v\(v.version)"
                    value = data.veiligheidsplan(r, v.record, version: v.version, booking: booking, audience: audience,
                                                 sessions: sessions, today: today)
                default:
                    guard let booking else { throw ServiceError.notBooked(reference) }
                    value = data.uitnodiging(r, booking: booking, audience: audience, sessions: sessions, today: today)
                }
                if r.shielded && audience.isFamily {
                    try App.checkShielding(value, registration: r, kind: request.kind, cleared: request.cleared,
                                           commonWords: shieldingCommonWords)
                }
                return (value, booking?.region ?? r.homeRegion, "\(reference)-\(request.kind.rawValue)\(versionSuffix)-\(audience.rawValue)")
            }
        }
    }

    func pick<T>(_ versions: [RecordVersion<T>], _ wanted: Int?, reference: String, what: String) throws -> RecordVersion<T> {
        guard let last = versions.last else {
            throw ServiceError.notFound("\(reference) heeft nog geen \(what); leg het eerst vast")
        }
        guard let wanted else { return last }
        guard let v = versions.first(where: { $0.version == wanted }) else {
            throw ServiceError.notFound("\(what) van \(reference) heeft geen versie \(wanted); er zijn versies 1 t/m \(last.version)")
        }
        return v
    }

    /// The region's distribution rules: a confidant and younger children do not receive every document.
    func checkReceives(_ r: Registration, kind: DocumentKind, audience: DocumentAudience, today: CivilDate) throws {
        let rules = regions.rules(r.homeRegion, near: today)
        let policy = rules?.documents ?? DocumentPolicy()
        let name = rules?.name ?? r.homeRegion
        switch audience {
        case .professionals:
            if kind == .uitnodiging {
                throw ServiceError.notAllowed("de uitnodigingsbrief is voor het gezin; professionals krijgen de agenda-uitnodiging")
            }
        case .ouder:
            if r.parents.isEmpty { throw ServiceError.notAllowed("\(r.reference) heeft geen ouders geregistreerd") }
        case .vertrouwensfiguur:
            guard r.confidant != nil else { throw ServiceError.notAllowed("\(r.reference) heeft geen vertrouwensfiguur") }
            guard policy.confidantReceives.contains(kind.rawValue) else {
                throw ServiceError.notAllowed("volgens de regels van \(name) ontvangt de vertrouwensfiguur het \(kind.rawValue) niet")
            }
        case .kind:
            guard kind != .uitnodiging else { throw ServiceError.notAllowed("de uitnodigingsbrief gaat naar de ouders") }
            guard r.children.contains(where: { $0.age(on: today) >= policy.childFromAge }) else {
                throw ServiceError.notAllowed("volgens de regels van \(name) ontvangen kinderen het \(kind.rawValue) vanaf \(policy.childFromAge) jaar; \(r.reference) heeft geen kind van die leeftijd")
            }
        }
    }

    /// Who receives which copy of a case's documents, by the rules of its home region today.
    public func recipients(reference: String) throws -> DocumentRecipients {
        let r = try workspace.openStore().read { try $0.registration(reference) }
        guard let r else { throw ServiceError.unknownReference(reference) }
        let kinds = [DocumentKind.uitnodiging, .verslag, .veiligheidsplan]
        let receivers = kinds.map { kind in
            (kind, DocumentAudience.allCases.filter { (try? checkReceives(r, kind: kind, audience: $0, today: today)) != nil })
        }
        return DocumentRecipients(reference: reference, regionName: regions.rules(r.homeRegion, near: today)?.name ?? r.homeRegion,
                                  receivers: receivers, shielded: r.shielded)
    }

    func weekAgendaValue(_ tx: StoreTransaction, region: RegionID, week: String, today: CivilDate) throws -> DocumentValue {
        guard let regionRules = regions[region] else { throw ServiceError.unknownRegion(region, known: regions.regions.map(\.id)) }
        let monday = try App.monday(ofWeek: week), sunday = monday.adding(days: 6)
        let roster = try tx.roster()
        let bookings = try tx.bookings(region: region, from: monday, through: sunday)
        let byRef = Dictionary(uniqueKeysWithValues: try tx.registrations().map { ($0.reference, $0) })
        let (sessions, _) = TableCalendar.sessions(regions: regions, roster: roster, from: monday, through: sunday)
        let mine = sessions.filter { $0.region == region }
        var days: [DocumentValue] = []
        for date in Set(mine.map(\.date) + bookings.map(\.date)).sorted() {
            let rules = regions.rules(region, near: date) ?? regionRules
            var tables: [DocumentValue] = []
            for table in Set(mine.filter { $0.date == date }.map(\.table) + bookings.filter { $0.date == date }.map(\.table)).sorted() {
                let session = mine.first { $0.date == date && $0.table == table }
                var conversations: [DocumentValue] = []
                for b in bookings.filter({ $0.date == date && $0.table == table }) {
                    guard let r = byRef[b.reference] else { continue }
                    var attendees: [DocumentValue] = []
                    var attendeeLines: [String] = []
                    for invite in try tx.sentInvites(reference: b.reference) where invite.method != "CANCEL" {
                        let answers = try tx.replies(uid: invite.uid, sequence: invite.sequence)
                        for email in invite.recipients {
                            let (name, role) = DocumentWording.attendee(email: email, audience: invite.audience, registration: r, roster: roster)
                            let answer = App.dutchAnswer(answers[email])
                            attendees.append(.object(["naam": .text(name), "rol": .text(role), "antwoord": .text(answer)]))
                            attendeeLines.append("\(name) (\(role)): \(answer)")
                        }
                    }
                    conversations.append(.object([
                        "tijd": .text(b.start.description), "eindtijd": .text(b.end.description), "zaak": .text(b.reference),
                        "soort": .text(r.type.dutchName), "heeft_kindgesprek": .bool(b.childStart != nil),
                        "kindgesprek_tijd": .text(b.childStart?.description ?? ""), "aanwezigen": .list(attendees),
                        "aanwezigen_tekst": .text(attendeeLines.joined(separator: "; ")),
                    ]))
                }
                tables.append(.object([
                    "tafel": .text("\(table)"),
                    "voorzitter": .text(session?.chair.flatMap { roster.person($0)?.name } ?? "(niet ingeroosterd)"),
                    "rvdk": .text(session?.boardOfficer.flatMap { roster.person($0)?.name } ?? "(niet ingeroosterd)"),
                    "locatie": .text(rules.location), "gesprekken": .list(conversations),
                ]))
            }
            days.append(.object(["datum": .text(date.dutchLong), "tafels": .list(tables)]))
        }
        return .object([
            "zaak": .text(""), "regio": .object(["naam": .text(regionRules.name)]),
            "document": .object(["titel": .text("Weekagenda \(regionRules.name)"), "datum": .text(today.dutchLong), "versie": .text("1"),
                                 "plaats": .text(DocumentWording.town(fromAddress: regionRules.location, municipalities: regionRules.municipalities))]),
            "afgeschermd": .bool(false), "gezinsexemplaar": .bool(false),
            "ontvanger": .object(["naam": .text("voorzitter"), "rol": .text("voorzitter")]),
            "week": .text(week.uppercased()), "dagen": .list(days),
        ])
    }

    static func dutchAnswer(_ partstat: String?) -> String {
        switch partstat {
        case "ACCEPTED": "aanwezig"
        case "DECLINED": "afwezig"
        case "TENTATIVE": "onder voorbehoud"
        default: "nog geen antwoord"
        }
    }
}

/// The structured records of a conversation: the source of truth, of which every document is a
/// rendering. Stored as versions: a correction or a reaction adds a version, none is ever changed.

/// The four routes a table conversation can end in.
public enum Outcome: String, Sendable, Codable, CaseIterable, Hashable {
    case vrijwillig = "vrijwillig"
    case verplichtVrijwillig = "verplicht-vrijwillig"
    case verplichtVrijwilligEnRaadsonderzoek = "verplicht-vrijwillig-en-raadsonderzoek"
    case raadsonderzoek = "raadsonderzoek"

    public var dutchName: String {
        switch self {
        case .vrijwillig: "vrijwillig kader: de hulp gaat vrijwillig verder"
        case .verplichtVrijwillig: "verplicht vrijwillig kader: afspraken met een consequentie als ze niet worden nagekomen"
        case .verplichtVrijwilligEnRaadsonderzoek: "verplicht vrijwillig kader met een verzoek tot onderzoek aan de Raad voor de Kinderbescherming"
        case .raadsonderzoek: "verzoek tot onderzoek aan de Raad voor de Kinderbescherming"
        }
    }
}

/// Someone at the conversation, with their role there.
public struct RecordPerson: Sendable, Codable, Hashable {
    public var name: String
    public var role: String
    public var organisation: String?
    public init(name: String, role: String, organisation: String? = nil) {
        self.name = name; self.role = role; self.organisation = organisation
    }

    /// The child-protection worker (GI), whose identity a shielded case keeps from the family.
    public var isChildProtectionWorker: Bool {
        let r = role.lowercased()
        let words = r.split { !$0.isLetter }
        return words.contains("gi") || r.contains("jeugdbeschermer") || r.contains("gezinsvoogd") || r.contains("jeugdbescherming")
    }
}

/// An agreement in a verslag: what, who, by when.
public struct Agreement: Sendable, Codable, Hashable {
    public var what: String
    public var who: String
    public var when: String
    public init(what: String, who: String, when: String) { self.what = what; self.who = who; self.when = when }
}

/// When the agreements are looked at again: at the table, or in writing by a due date.
public struct EvaluationMoment: Sendable, Codable, Hashable {
    public enum Form: String, Sendable, Codable, Hashable {
        case table = "tafel"
        case written = "schriftelijk"
        public var dutchName: String { self == .table ? "evaluatiegesprek aan tafel" : "schriftelijke evaluatie" }
    }
    public var date: CivilDate
    public var form: Form
    public init(date: CivilDate, form: Form) { self.date = date; self.form = form }
}

/// A parent's or professional's reaction to a verslag; added as a new version, never edited.
public struct Reaction: Sendable, Codable, Hashable {
    public var from: String
    public var role: String
    public var date: CivilDate
    public var text: String
    /// For a shielded (LET JB) case: the voorzitter's redacted text for the family's copies, where
    /// the reaction names the GI worker; the original stays in the professionals' copy.
    public var familyText: String?
    public init(from: String, role: String, date: CivilDate, text: String) {
        self.from = from; self.role = role; self.date = date; self.text = text
    }

}

/// The conversation a verslag reports on, as it was when the verslag was recorded: kept with every
/// version, so that nothing that happens to the booking later (it cannot be moved once held, but a
/// roster or a region's rules change) alters what an earlier version says.
public struct ConversationSnapshot: Sendable, Codable, Hashable {
    public var date: CivilDate
    /// Times as the documents print them ("09:30").
    public var start: String
    public var end: String
    public var childStart: String?
    /// The region whose table it was (a neighbour's, when the case went there), and the table.
    public var region: RegionID
    public var table: Int
    public var location: String
    /// Names from the roster of that day; nil when none was rostered.
    public var chair: String?
    public var boardOfficer: String?

    public init(date: CivilDate, start: String, end: String, childStart: String?, region: RegionID, table: Int,
                location: String, chair: String?, boardOfficer: String?) {
        self.date = date
        self.start = start
        self.end = end
        self.childStart = childStart
        self.region = region
        self.table = table
        self.location = location
        self.chair = chair
        self.boardOfficer = boardOfficer
    }
}

/// The report of a table conversation.
public struct Verslag: Sendable, Codable, Hashable {
    public var date: CivilDate
    public var attendees: [RecordPerson]
    public var goesWell: String
    public var concerns: String
    public var viewParents: String
    public var viewChild: String
    public var outcome: Outcome
    /// Decisions a (route), b (help) and c (safety): always all three.
    public var decisionRoute: String
    public var decisionHelp: String
    public var decisionSafety: String
    public var agreements: [Agreement]
    public var monitoring: String
    public var evaluation: EvaluationMoment?
    public var consequence: String
    public var reactions: [Reaction] = []
    /// The conversation as it was when this version was recorded; nil in versions stored before
    /// jbt kept it (their documents say so).
    public var conversation: ConversationSnapshot?

    public init(date: CivilDate, attendees: [RecordPerson], goesWell: String, concerns: String, viewParents: String,
                viewChild: String, outcome: Outcome, decisionRoute: String, decisionHelp: String, decisionSafety: String,
                agreements: [Agreement], monitoring: String, evaluation: EvaluationMoment?, consequence: String) {
        self.date = date; self.attendees = attendees; self.goesWell = goesWell; self.concerns = concerns
        self.viewParents = viewParents; self.viewChild = viewChild; self.outcome = outcome
        self.decisionRoute = decisionRoute; self.decisionHelp = decisionHelp; self.decisionSafety = decisionSafety
        self.agreements = agreements; self.monitoring = monitoring; self.evaluation = evaluation
        self.consequence = consequence
    }
}

/// An agreement of a safety plan: the goal, the concrete behaviour, who, when, who supports.
public struct SafetyAgreement: Sendable, Codable, Hashable {
    public var goal: String
    public var behaviour: String
    public var who: String
    public var when: String
    public var support: String
    public init(goal: String, behaviour: String, who: String, when: String, support: String) {
        self.goal = goal; self.behaviour = behaviour; self.who = who; self.when = when; self.support = support
    }
}

/// The safety plan, owned by the parents and made with them.
public struct Veiligheidsplan: Sendable, Codable, Hashable {
    public var madeBy: String
    public var attendees: [RecordPerson]
    public var network: [RecordPerson]
    public var concerns: String
    public var risk: String
    public var goals: [String]
    public var agreements: [SafetyAgreement]
    public var support: String
    public var monitoring: String
    public var signals: [String]
    public var escalation: [String]
    public var evaluationDate: CivilDate
    public var parentsAgree: Bool
    public var parentsStatement: String

    public init(madeBy: String, attendees: [RecordPerson], network: [RecordPerson], concerns: String, risk: String,
                goals: [String], agreements: [SafetyAgreement], support: String, monitoring: String, signals: [String],
                escalation: [String], evaluationDate: CivilDate, parentsAgree: Bool, parentsStatement: String) {
        self.madeBy = madeBy; self.attendees = attendees; self.network = network; self.concerns = concerns
        self.risk = risk; self.goals = goals; self.agreements = agreements; self.support = support
        self.monitoring = monitoring; self.signals = signals; self.escalation = escalation
        self.evaluationDate = evaluationDate; self.parentsAgree = parentsAgree; self.parentsStatement = parentsStatement
    }
}

/// Who receives which document, per region (`documenten:` in the manifest).
public struct DocumentPolicy: Sendable, Hashable {
    /// The documents a confidant (vertrouwensfiguur) receives.
    public var confidantReceives: Set<String> = ["veiligheidsplan", "uitnodiging"]
    /// Children from this age receive the verslag and the veiligheidsplan themselves.
    public var childFromAge: Int = 16
    public init() {}
}

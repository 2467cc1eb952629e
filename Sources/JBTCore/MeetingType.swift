/// The kinds of conversation a table holds.
public enum MeetingType: String, CaseIterable, Sendable, Codable, Hashable {
    /// The marking moment before a request for an RvdK investigation.
    case vijfVoorTwaalf = "vijf-voor-twaalf"
    /// Earlier, when voluntary help is stalling.
    case kwartVoorTwaalf = "kwart-voor-twaalf"
    /// A follow-up planned by the voorzitter after an earlier conversation.
    case evaluatie = "evaluatie"
    /// Review of a jeugdbeschermer's intention to end a supervision order (OTS).
    case otsBeeindiging = "ots-beeindiging"
    /// LET JB: the warm handover when the national expert team takes a case over from the GI.
    case warmeOverdrachtStart = "warme-overdracht-start"
    /// LET JB: the warm handover when the case goes back at the end of the takeover.
    case warmeOverdrachtEinde = "warme-overdracht-einde"

    public var dutchName: String {
        switch self {
        case .vijfVoorTwaalf: "vijf-voor-twaalfgesprek"
        case .kwartVoorTwaalf: "kwart-voor-twaalfgesprek"
        case .evaluatie: "evaluatiegesprek"
        case .otsBeeindiging: "toetsing OTS-beëindiging"
        case .warmeOverdrachtStart: "warme overdracht bij de start van LET JB"
        case .warmeOverdrachtEinde: "warme overdracht bij het einde van LET JB"
        }
    }

    /// The conversations every table may hold.
    public static let standard: [MeetingType] = [.vijfVoorTwaalf, .kwartVoorTwaalf, .evaluatie, .otsBeeindiging]
    /// The LET JB handovers, held where a region switches the LET JB practice on (`let_jb: true`).
    public static let letJBHandovers: [MeetingType] = [.warmeOverdrachtStart, .warmeOverdrachtEinde]
    public var isLetJBHandover: Bool { MeetingType.letJBHandovers.contains(self) }

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

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

    public var dutchName: String {
        switch self {
        case .vijfVoorTwaalf: "vijf-voor-twaalfgesprek"
        case .kwartVoorTwaalf: "kwart-voor-twaalfgesprek"
        case .evaluatie: "evaluatiegesprek"
        case .otsBeeindiging: "toetsing OTS-beëindiging"
        }
    }

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Every failure of a `Store`, one case per thing a caller may want to tell apart: a web layer maps
/// `code` to an HTTP status without reading the Dutch text, the command line prints `description`.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing is stored under this reference (or outbox id).
    case notFound(reference: String)
    /// Something is already stored under this reference (a duplicate registration or booking).
    case alreadyExists(reference: String)
    /// Another record already holds what this one needs: a table position that is already booked.
    case conflict(detail: String)
    /// Another writer held the store for longer than this one waits.
    case busy(path: String, waitedSeconds: Double)
    /// An attempt to change or remove a recorded version or an audit entry.
    case appendOnly(detail: String)
    /// The store cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// Any other failure of the database underneath, with its own result code (SQLite's for SQLite).
    case database(code: Int, message: String)

    /// The cases without their values, to switch over or compare.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case notFound
        case alreadyExists
        case conflict
        case busy
        case appendOnly
        case cannotOpen
        case database
    }

    public var code: Code {
        switch self {
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .conflict: .conflict
        case .busy: .busy
        case .appendOnly: .appendOnly
        case .cannotOpen: .cannotOpen
        case .database: .database
        }
    }

    /// A registration with this reference exists already.
    public static func duplicateReference(_ reference: String) -> StoreError {
        .alreadyExists(reference: reference)
    }

    /// No registration has this reference.
    public static func unknownReference(_ reference: String) -> StoreError {
        .notFound(reference: reference)
    }

    public var description: String {
        switch self {
        case .notFound(let reference):
            "onbekende referentie \(reference)"
        case .alreadyExists(let reference):
            "referentie \(reference) is al geregistreerd"
        case .conflict(let detail):
            "botsing in de opslag: \(detail)"
        case .busy(let path, let seconds):
            "een ander jbt-commando schrijft nu in de opslag \(path) en was na \(Self.seconds(seconds)) nog niet "
                + "klaar; er is niets veranderd. Probeer het over een tijdje opnieuw."
        case .appendOnly(let detail):
            "vastgelegde gegevens veranderen niet: \(detail)"
        case .cannotOpen(let path, let reason):
            "kan de opslag \(path) niet openen: \(reason)"
        case .database(let code, let message):
            "fout in de opslag (code \(code)): \(message)"
        }
    }

    private static func seconds(_ value: Double) -> String {
        let whole = Int(value.rounded())
        if Double(whole) == value || value >= 10 {
            return whole == 1 ? "1 seconde" : "\(whole) seconden"
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10),\(tenths % 10) seconde"
    }
}

import Foundation
import JBTCore
import JBTDocuments
import JBTInput
import JBTStorage

/// The one error every use case throws: a code a caller can switch over (a web layer maps it to an
/// HTTP status without reading text), the Dutch message a person reads, where the input was wrong,
/// and a dependency's own answer when one failed.
///
/// No command-line flag appears in a message: a problem with a request's value names the request's
/// field (`weken`, `week`, `regio`), and the command line shows its own flag for it.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, CaseIterable {
        /// The case, region, person or version asked for does not exist (or is not the caller's).
        case notFound
        /// What is to be created exists already (a reference registered twice).
        case alreadyExists
        /// The change conflicts with the state: another booking holds the place, the case is
        /// cancelled, the conversation has been held.
        case conflict
        /// A value in the request or in a file is wrong: see `problems`.
        case invalidInput
        /// The rules do not allow it (a document for an audience that does not receive it, a
        /// family copy that would name a shielded worker).
        case notAllowed
        /// Something outside jbt failed or is missing: LibreOffice, the SMTP or CalDAV server, the
        /// store is busy. `answer` carries what it said.
        case unavailable
    }

    /// One wrong value: in a file (with line and field) or in a request's field (a form field).
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The file, when the value came from one.
        public var file: String?
        public var line: Int?
        /// The field: a path in the file (`aanmeldingen[2].gemeente`) or the request's field (`weken`).
        public var field: String?
        public var message: String

        public init(file: String? = nil, line: Int? = nil, field: String? = nil, message: String) {
            self.file = file
            self.line = line
            self.field = field
            self.message = message
        }

        public init(_ error: InputError) {
            self.init(file: error.file, line: error.line, field: error.field, message: error.message)
        }

        /// "file, regel N, veld F: message", as input errors have always read.
        public var description: String {
            guard let file else { return message }
            return InputError(file: file, line: line, field: field, message: message).description
        }
    }

    public var code: Code
    /// The Dutch message, whole.
    public var message: String
    public var problems: [Problem]
    /// What a dependency answered (the SMTP server's reply, an HTTP status), as it said it.
    public var answer: String?

    public init(_ code: Code, _ message: String, problems: [Problem] = [], answer: String? = nil) {
        self.code = code
        self.message = message
        self.problems = problems
        self.answer = answer
    }

    public var description: String { message }

    // MARK: Constructors for the common cases

    /// A request's field holds a wrong value; `message` says what is wrong with it.
    public static func invalid(field: String, _ message: String) -> ServiceError {
        ServiceError(.invalidInput, "\(field): \(message)", problems: [Problem(field: field, message: message)])
    }

    public static func invalid(_ message: String) -> ServiceError { ServiceError(.invalidInput, message) }

    public static func conflict(_ message: String) -> ServiceError { ServiceError(.conflict, message) }

    public static func notAllowed(_ message: String) -> ServiceError { ServiceError(.notAllowed, message) }

    public static func notFound(_ message: String) -> ServiceError { ServiceError(.notFound, message) }

    public static func unavailable(_ message: String, answer: String? = nil) -> ServiceError {
        ServiceError(.unavailable, message, answer: answer)
    }

    public static func unknownRegion(_ id: String, known: [String]) -> ServiceError {
        ServiceError(.notFound, "onbekende regio \"\(id)\"; bekend: \(known.joined(separator: ", "))")
    }

    public static func unknownReference(_ reference: String) -> ServiceError {
        ServiceError(.notFound, "onbekende referentie \(reference)")
    }

    public static func notBooked(_ reference: String) -> ServiceError {
        ServiceError(.conflict, "\(reference) is niet geboekt")
    }

    // MARK: From the modules below

    /// The service error for any error a module below throws, keeping its code.
    public init(_ error: any Error) {
        switch error {
        case let error as ServiceError:
            self = error
        case let error as InputError:
            self.init(.invalidInput, error.description, problems: [Problem(error)])
        case let errors as InputErrors:
            self.init(.invalidInput, errors.description, problems: errors.errors.map(Problem.init))
        case let error as StoreError:
            self.init(store: error)
        case let error as DocumentError:
            self.init(document: error)
        default:
            self.init(.unavailable, SystemErrors.message(for: error))
        }
    }

    init(store error: StoreError) {
        switch error {
        case .alreadyExists: self.init(.alreadyExists, error.description)
        case .notFound: self.init(.notFound, error.description)
        case .conflict: self.init(.conflict, error.description)
        case .appendOnly: self.init(.notAllowed, error.description)
        case .busy, .cannotOpen, .database: self.init(.unavailable, error.description)
        }
    }

    init(document error: DocumentError) {
        let message = error.localizedDescription
        switch error.code {
        case .converterMissing, .conversionFailed: self.init(.unavailable, message)
        default: self.init(.invalidInput, message)
        }
    }

    /// Runs a use case's body and turns whatever it throws into a service error.
    static func wrap<T>(_ body: () throws -> T) throws(ServiceError) -> T {
        do {
            return try body()
        } catch {
            throw ServiceError(error)
        }
    }
}

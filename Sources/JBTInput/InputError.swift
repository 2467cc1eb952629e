/// A problem in a file a person wrote, with where it is and what to do.
///
/// The description is the Dutch message the user sees:
/// `intake.yaml, regel 12, veld aanmeldingen[3].gemeente: onbekende gemeente "Edde"`.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }

    public var description: String {
        var parts = [file]
        if let line { parts.append("regel \(line)") }
        if let field, !field.isEmpty { parts.append("veld \(field)") }
        return parts.joined(separator: ", ") + ": " + message
    }
}

/// Several input problems at once, so that a user can fix a file in one go.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]
    public init(_ errors: [InputError]) { self.errors = errors }
    public var description: String { shown.map(\.description).joined(separator: "\n") }

    /// The most problems listed at once: a file with a million mistakes gets a readable answer.
    public static let maxShown = 50

    /// The problems to show, with a last line saying how many more there are.
    public var shown: [InputError] {
        guard errors.count > InputErrors.maxShown, let last = errors.last else { return errors }
        let more = InputError(file: last.file, line: nil, field: nil,
                              message: "en nog \(errors.count - InputErrors.maxShown) fout(en); herstel eerst deze")
        return Array(errors.prefix(InputErrors.maxShown)) + [more]
    }
}

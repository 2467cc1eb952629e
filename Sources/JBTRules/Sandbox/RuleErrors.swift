import Foundation
import JBTCore

/// A hook that did not give a usable answer. The planning goes on and treats that rule's decision
/// as "no"; the failure is reported, never swallowed.
public struct RuleFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A Lua runtime error (including `error(...)` from the script).
        case error
        /// The instruction budget ran out (an endless loop, or too much work).
        case budget
        /// The memory cap was reached.
        case memory
        /// The script touched something the sandbox does not offer (files, the OS, loading code, patterns…).
        case forbidden
        /// The hook returned a value of the wrong type or out of range.
        case badResult
        /// The region's rules used up their instruction budget for the whole command: this and
        /// every later decision counts as "no" (reported once).
        case totalBudget
    }

    public let kind: Kind
    public let file: String
    public let hook: String
    public let line: Int?
    public let message: String

    public init(kind: Kind, file: String, hook: String, line: Int?, message: String) {
        self.kind = kind
        self.file = file
        self.hook = hook
        self.line = line
        // A script's own text (error(...)) is bounded; jbt's own descriptions are kept whole.
        self.message = OneLine.text(message, limit: kind == .error ? 300 : .max)
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        if kind == .totalBudget { return "\(place): \(message)" }
        return "\(place): regel '\(hook)' faalde: \(message); de beslissing telt als 'nee'"
    }
}

/// A rule script that cannot be used at all: it does not compile, fails at its top level, or does
/// not keep to the contract (unknown global functions, missing or wrong `contract`).
public struct RuleCompileError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = OneLine.text(message, limit: 400)
    }

    public var description: String { "\(line.map { "\(file):\($0)" } ?? file): \(message)" }
    public var errorDescription: String? { description }
}

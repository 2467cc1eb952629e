import CLuaShim

/// One call into the C shim: a fresh sandboxed Lua state per evaluation, so nothing (globals,
/// tables, a half-finished loop) survives from one evaluation to the next.
enum LuaEvaluation {
    enum Stop: Sendable {
        case syntax, error, budget, memory, forbidden, host
    }

    /// Why an evaluation did not produce a value, with the Lua line when known.
    struct Failure: Error, Sendable {
        let stop: Stop
        let line: Int?
        let message: String
    }

    /// Loads `source` as chunk `file`, runs the top level and, when `hook` is given, calls it with
    /// `arguments`; `read` sees the hook's result (or, without a hook, the globals the top level set)
    /// while the shim's tree is alive.
    static func run<T>(source: String, file: String, hook: String?, arguments: [RuleValue], limits: RuleLimits,
                       read: (UnsafePointer<jbt_value>) -> T) -> Result<T, Failure> {
        traced(source: source, file: file, hook: hook, arguments: arguments, limits: limits, read: read).result
    }

    /// `run`, with what the hook read of its table arguments (the result is a function of those values).
    static func traced<T>(source: String, file: String, hook: String?, arguments: [RuleValue], limits: RuleLimits,
                          read: (UnsafePointer<jbt_value>) -> T) -> (result: Result<T, Failure>, trace: ReadTrace) {
        let metered = self.metered(source: source, file: file, hook: hook, arguments: arguments, limits: limits, read: read)
        return (metered.result, metered.trace)
    }

    /// `traced`, with the instructions the evaluation used (as the budget counts them: deterministic).
    static func metered<T>(source: String, file: String, hook: String?, arguments: [RuleValue], limits: RuleLimits,
                           read: (UnsafePointer<jbt_value>) -> T)
        -> (result: Result<T, Failure>, trace: ReadTrace, instructions: Int) {
        guard let args = jbt_value_new() else { return (.failure(outOfMemory), .whole, 0) }
        defer { jbt_value_free(args) }
        guard RuleValue.list(arguments).write(into: args) else { return (.failure(outOfMemory), .whole, 0) }
        var outcome = jbt_outcome()
        var result: UnsafeMutablePointer<jbt_value>?
        let cLimits = jbt_limits(instructions: Int64(max(1, limits.instructions)), memory_bytes: max(0, limits.memoryBytes))
        var source = source
        let status = source.withUTF8 { bytes in
            let text = bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            let count = bytes.count
            return file.withCString { chunk in
                if let hook {
                    return hook.withCString { jbt_rule_run(text, count, chunk, $0, args, cLimits, &result, &outcome) }
                }
                return jbt_rule_run(text, count, chunk, nil, args, cLimits, &result, &outcome)
            }
        }
        let trace = ReadTrace(outcome.trace)
        let instructions = Int(outcome.spent)
        guard status == JBT_RUN_OK, let result else {
            let raw = withUnsafeBytes(of: outcome.message) { buffer in
                String(decoding: buffer.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            let (line, message) = splitLocation(raw, file: file)
            let known = outcome.line > 0 ? Int(outcome.line) : nil
            return (.failure(Failure(stop: stop(status), line: line ?? known, message: message)), trace, instructions)
        }
        defer { jbt_value_free(result) }
        return (.success(read(UnsafePointer(result))), trace, instructions)
    }

    private static let outOfMemory = Failure(stop: .host, line: nil, message: "geen geheugen om de regel uit te voeren")

    private static func stop(_ status: jbt_run_status) -> Stop {
        switch status {
        case JBT_RUN_SYNTAX: return .syntax
        case JBT_RUN_BUDGET: return .budget
        case JBT_RUN_MEMORY: return .memory
        case JBT_RUN_FORBIDDEN: return .forbidden
        case JBT_RUN_HOST: return .host
        default: return .error
        }
    }

    /// Lua puts "chunk:line: " before its messages (the chunk name possibly cut short): split it off.
    static func splitLocation(_ message: String, file: String) -> (line: Int?, message: String) {
        var searchFrom = message.startIndex
        while let colon = message[searchFrom...].firstIndex(of: ":") {
            let head = message[..<colon]
            if head.count > file.count { break }
            if !head.isEmpty, file.hasPrefix(head) {
                let afterColon = message.index(after: colon)
                let digits = message[afterColon...].prefix(while: { $0.isASCII && $0.isNumber })
                let rest = message[digits.endIndex...]
                if !digits.isEmpty, rest.hasPrefix(": "), let line = Int(digits) {
                    return (line, String(rest.dropFirst(2)))
                }
            }
            searchFrom = message.index(after: colon)
        }
        return (nil, message)
    }
}

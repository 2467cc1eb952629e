import CLuaShim

/// A region's rule script in Lua, checked against the hook contract. Holds only the text: every
/// `call` runs in a fresh sandbox, so a script value can be shared freely between threads.
public struct RuleScript: Sendable {
    /// The hooks of contract v1.
    public static let knownHooks: Set<String> = ["toelaten", "normdagen", "deelnemers", "locatie"]
    /// A script must set the global `contract = 1`.
    public static let contractVersion = 1

    public let file: String
    /// The hooks the script defines: a subset of `knownHooks`.
    public let hooks: Set<String>
    let source: String
    /// The line each hook is defined on (for failures that are not a Lua error, such as a bad result).
    let hookLines: [String: Int]

    /// Compiles (text only, never bytecode) and runs the top level once in a sandbox to learn which
    /// hooks it defines; throws `RuleCompileError` naming file and line.
    public init(source: String, file: String) throws {
        let inspected = LuaEvaluation.run(source: source, file: file, hook: nil, arguments: [], limits: RuleLimits()) {
            RuleScript.globals($0)
        }
        let globals: [Global]
        switch inspected {
        case .failure(let failure):
            let what = failure.stop == .syntax ? "het script is geen geldige Lua-tekst" : "het script faalt bij het laden"
            throw RuleCompileError(file: file, line: failure.line, message: "\(what): \(failure.message)")
        case .success(let found):
            globals = found
        }
        var hooks: Set<String> = []
        var lines: [String: Int] = [:]
        var contract: Global?
        let known = RuleScript.knownHooks.sorted().joined(separator: ", ")
        for global in globals.sorted(by: { ($0.line ?? 0, $0.name) < ($1.line ?? 0, $1.name) }) {
            if global.name == "contract" { contract = global; continue }
            if RuleScript.knownHooks.contains(global.name) {
                guard global.isFunction else {
                    throw RuleCompileError(file: file, line: nil, message: "'\(global.name)' moet een functie zijn, maar is \(global.what)")
                }
                hooks.insert(global.name)
                lines[global.name] = global.line
            } else if global.isFunction {
                throw RuleCompileError(file: file, line: global.line, message:
                    "de globale functie '\(global.name)' is geen hook van het contract (\(known)); maak een hulpfunctie lokaal: 'local function \(global.name)(…)'")
            }
        }
        guard let contract else {
            throw RuleCompileError(file: file, line: nil, message:
                "het script zet 'contract = \(RuleScript.contractVersion)' niet; zet die regel bovenaan (de versie van het hookcontract)")
        }
        guard contract.value == .number(Double(RuleScript.contractVersion)) else {
            throw RuleCompileError(file: file, line: nil, message:
                "'contract' is \(contract.what), maar deze versie van jbt kent alleen contract \(RuleScript.contractVersion)")
        }
        guard !hooks.isEmpty else {
            throw RuleCompileError(file: file, line: nil, message: "het script definieert geen enkele hook (\(known))")
        }
        self.file = file
        self.source = source
        self.hooks = hooks
        self.hookLines = lines
    }

    /// One evaluation in a fresh lua_State: load the chunk, run top level, call `hook` with `args`.
    public func call(_ hook: String, _ args: [RuleValue], limits: RuleLimits = .init()) -> Result<RuleValue, RuleFailure> {
        traced(hook, args, limits: limits).result
    }

    /// `call`, with what the hook read of its table arguments.
    func traced(_ hook: String, _ args: [RuleValue], limits: RuleLimits) -> (result: Result<RuleValue, RuleFailure>, trace: ReadTrace) {
        let evaluation = metered(hook, args, limits: limits)
        return (evaluation.result, evaluation.trace)
    }

    /// `traced`, with the instructions the evaluation used (for a budget over many calls).
    func metered(_ hook: String, _ args: [RuleValue], limits: RuleLimits)
        -> (result: Result<RuleValue, RuleFailure>, trace: ReadTrace, instructions: Int) {
        guard hooks.contains(hook) else {
            return (.failure(RuleFailure(kind: .error, file: file, hook: hook, line: nil,
                                         message: "het script definieert de hook '\(hook)' niet")), ReadTrace(), 0)
        }
        let (outcome, trace, instructions) = LuaEvaluation.metered(source: source, file: file, hook: hook, arguments: args,
                                                                    limits: limits) {
            RuleValue.read($0)
        }
        switch outcome {
        case .failure(let failure):
            return (.failure(RuleFailure(kind: RuleScript.kind(failure.stop), file: file, hook: hook, line: failure.line,
                                         message: failure.message)), trace, instructions)
        case .success(.failure(let unreadable)):
            return (.failure(badResult(hook, "gaf \(unreadable.what) terug")), trace, instructions)
        case .success(.success(let value)):
            return (.success(value), trace, instructions)
        }
    }

    /// A failure for a result of the wrong type, placed at the hook's definition.
    func badResult(_ hook: String, _ message: String) -> RuleFailure {
        RuleFailure(kind: .badResult, file: file, hook: hook, line: hookLines[hook], message: message)
    }

    private static func kind(_ stop: LuaEvaluation.Stop) -> RuleFailure.Kind {
        switch stop {
        case .budget: return .budget
        case .memory: return .memory
        case .forbidden: return .forbidden
        case .syntax, .error, .host: return .error
        }
    }

    /// A global the top level created or changed.
    private struct Global {
        let name: String
        let isFunction: Bool
        let line: Int?
        let value: RuleValue?
        let what: String
    }

    private static func globals(_ table: UnsafePointer<jbt_value>) -> [Global] {
        let t = table.pointee
        guard t.kind == JBT_TABLE else { return [] }
        return (0..<t.count).compactMap { i -> Global? in
            guard let name = RuleValue.string(t.keys[i]) else { return nil }
            let item = t.items + i
            if item.pointee.kind == JBT_OPAQUE, RuleValue.string(item.pointee) == "function" {
                return Global(name: name, isFunction: true, line: item.pointee.line > 0 ? Int(item.pointee.line) : nil,
                              value: nil, what: "een functie")
            }
            switch RuleValue.read(item) {
            case .success(let value): return Global(name: name, isFunction: false, line: nil, value: value, what: value.description)
            case .failure(let problem): return Global(name: name, isFunction: false, line: nil, value: nil, what: problem.what)
            }
        }
    }
}

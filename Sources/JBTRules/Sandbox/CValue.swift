import CLuaShim

/// Conversion between `RuleValue` and the shim's `jbt_value` trees.
extension RuleValue {
    /// Fills `target` (a NIL value made by the shim); false when the host is out of memory.
    func write(into target: UnsafeMutablePointer<jbt_value>) -> Bool {
        switch self {
        case .none:
            target.pointee.kind = JBT_NIL
        case .bool(let b):
            target.pointee.kind = JBT_BOOL
            target.pointee.boolean = b ? 1 : 0
        case .number(let d):
            target.pointee.kind = JBT_NUMBER
            target.pointee.number = d
        case .text(let s):
            return RuleValue.writeString(s, into: target)
        case .list(let items):
            guard jbt_value_set_container(target, JBT_LIST, items.count) == 0 else { return false }
            for (i, item) in items.enumerated() where !item.write(into: target.pointee.items + i) { return false }
        case .table(let fields):
            guard jbt_value_set_container(target, JBT_TABLE, fields.count) == 0 else { return false }
            for (i, key) in fields.keys.sorted().enumerated() {
                guard RuleValue.writeString(key, into: target.pointee.keys + i),
                      fields[key]!.write(into: target.pointee.items + i) else { return false }
            }
        }
        return true
    }

    private static func writeString(_ s: String, into target: UnsafeMutablePointer<jbt_value>) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            let base = bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            return jbt_value_set_string(target, base, bytes.count) == 0
        }
    }

    /// What a Lua value was when it cannot be a `RuleValue`.
    struct Unreadable: Error {
        let what: String
    }

    /// Reads a tree made by the shim.
    static func read(_ value: UnsafePointer<jbt_value>) -> Result<RuleValue, Unreadable> {
        let v = value.pointee
        switch v.kind {
        case JBT_NIL: return .success(.none)
        case JBT_BOOL: return .success(.bool(v.boolean != 0))
        case JBT_NUMBER: return .success(.number(v.number))
        case JBT_STRING:
            guard let s = string(v) else { return .failure(Unreadable(what: "tekst die geen geldige UTF-8 is")) }
            return .success(.text(s))
        case JBT_LIST:
            var items: [RuleValue] = []
            items.reserveCapacity(v.count)
            for i in 0..<v.count {
                switch read(v.items + i) {
                case .success(let item): items.append(item)
                case .failure(let problem): return .failure(Unreadable(what: "een lijst met daarin \(problem.what)"))
                }
            }
            return .success(.list(items))
        case JBT_TABLE:
            var fields: [String: RuleValue] = [:]
            for i in 0..<v.count {
                guard let key = string(v.keys[i]) else { return .failure(Unreadable(what: "een tabel met een sleutel die geen geldige UTF-8 is")) }
                switch read(v.items + i) {
                case .success(let item): fields[key] = item
                case .failure(let problem): return .failure(Unreadable(what: "een tabel met in veld '\(key)' \(problem.what)"))
                }
            }
            return .success(.table(fields))
        default:
            let what = string(v) ?? "een onbekende waarde"
            return .failure(Unreadable(what: what == "function" ? "een functie" : what.hasPrefix("een ") ? what : "een \(what)"))
        }
    }

    static func string(_ v: jbt_value) -> String? {
        guard let bytes = v.bytes else { return v.length == 0 ? "" : nil }
        let buffer = UnsafeRawBufferPointer(start: bytes, count: v.length)
        let text = String(decoding: buffer, as: UTF8.self)   // (String(validating:) needs macOS 15)
        return text.utf8.elementsEqual(buffer) ? text : nil
    }
}

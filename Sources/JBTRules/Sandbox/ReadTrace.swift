import CLuaShim

/// What one hook call read of its table arguments (`zaak`, `plek`), which reach the script as
/// proxies that log every field read: the distinct fields in the order of their first read and,
/// when the script also looked at an argument as a whole (`pairs`, `next`, `#`, `tostring`, a
/// table function, returning it…), `everything`. An evaluation is deterministic, so its answer is
/// a function of the values of `fields` (and, with `everything`, of the whole input).
struct ReadTrace: Sendable, Hashable {
    /// A field of argument `argument` (1-based).
    struct Field: Sendable, Hashable {
        let argument: Int
        let key: String
    }

    var fields: [Field] = []
    var everything = false

    /// A call that read every argument as a whole.
    static let whole = ReadTrace(fields: [], everything: true)

    init(fields: [Field] = [], everything: Bool = false) {
        self.fields = fields
        self.everything = everything
    }

    /// Reads the shim's trace; a key that is not valid UTF-8 counts as reading everything.
    init(_ trace: jbt_trace) {
        everything = trace.everything != 0
        let count = min(Int(trace.count), Int(JBT_TRACE_MAX))
        var trace = trace
        withUnsafeBytes(of: &trace.reads) { raw in
            let reads = raw.bindMemory(to: jbt_read.self)
            for i in 0..<count {
                var read = reads[i]
                let length = min(Int(read.length), Int(JBT_TRACE_KEY_MAX))
                let key = withUnsafeBytes(of: &read.key) { bytes -> String? in
                    let utf8 = UnsafeRawBufferPointer(rebasing: bytes.prefix(length))
                    let text = String(decoding: utf8, as: UTF8.self)
                    return text.utf8.elementsEqual(utf8) ? text : nil
                }
                guard let key else {
                    everything = true
                    break
                }
                fields.append(Field(argument: Int(read.argument), key: key))
            }
        }
    }
}

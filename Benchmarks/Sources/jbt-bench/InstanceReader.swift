// A direct reader of the benchmark exchange format (docs/formats.md): one pass over the bytes,
// no intermediate dictionaries. On a national year JSONDecoder spends about 0.2 s on the keyed
// containers alone; this takes a tenth of that. It accepts only well-formed input of the expected
// shape and otherwise gives up, and the caller then decodes with JSONDecoder, whose error message
// says what is wrong: both accept the same instances and build the same values.
import Foundation
import JBTCore
import JBTScheduling

/// Why the direct reader gave up (the caller falls back to JSONDecoder for the message).
struct InstanceReaderGaveUp: Error {}

struct InstanceReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0

    /// Reads an instance, or nil when the input is not exactly of the expected shape.
    static func read(_ data: Data) -> InstanceFile? {
        data.withUnsafeBytes { raw in
            var reader = InstanceReader(bytes: raw.bindMemory(to: UInt8.self))
            do {
                let file = try reader.instance()
                reader.skipSpace()
                return reader.at == reader.bytes.count ? file : nil
            } catch {
                return nil
            }
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    // MARK: The schema

    private mutating func instance() throws -> InstanceFile {
        var name: String?, weights: SchedulingProblem.Weights??, regions: [InstanceFile.Region]?
        var positions: [InstanceFile.Position]?, cases: [InstanceFile.Case]?
        try object { r, key in
            switch key {
            case "name": try InstanceReader.once(&name, r.string())
            case "weights": try InstanceReader.once(&weights, r.isNull() ? nil : r.weights())
            case "regions": try InstanceReader.once(&regions, r.array { r in try r.region() })
            case "positions": try InstanceReader.once(&positions, r.array { r in try r.position() })
            case "cases": try InstanceReader.once(&cases, r.array { r in try r.instanceCase() })
            default: try r.skipValue()
            }
        }
        guard let name, let regions, let positions, let cases else { throw InstanceReaderGaveUp() }
        return InstanceFile(name: name, weights: weights ?? nil, regions: regions, positions: positions, cases: cases)
    }

    private mutating func weights() throws -> SchedulingProblem.Weights {
        var late: Int?, neighbour: Int?, extra: Int?
        try object { r, key in
            switch key {
            case "late": try InstanceReader.once(&late, r.int())
            case "neighbour": try InstanceReader.once(&neighbour, r.int())
            case "unbookedExtra": try InstanceReader.once(&extra, r.int())
            default: try r.skipValue()
            }
        }
        guard let late, let neighbour, let extra else { throw InstanceReaderGaveUp() }
        return .init(late: late, neighbour: neighbour, unbookedExtra: extra)
    }

    private mutating func region() throws -> InstanceFile.Region {
        var id: String?, neighbours: [String]?
        try object { r, key in
            switch key {
            case "id": try InstanceReader.once(&id, r.string())
            case "neighbours": try InstanceReader.once(&neighbours, r.array { r in try r.string() })
            default: try r.skipValue()
            }
        }
        guard let id, let neighbours else { throw InstanceReaderGaveUp() }
        return .init(id: id, neighbours: neighbours)
    }

    private mutating func position() throws -> InstanceFile.Position {
        var id: Int?, region: String?, date: CivilDate?, table: Int??, start: Int?, end: Int?
        var childStart: Int?, childAllowed: Bool?, people: [String]?, types: [String]?
        try object { r, key in
            switch key {
            case "id": try InstanceReader.once(&id, r.int())
            case "region": try InstanceReader.once(&region, r.string())
            case "date": try InstanceReader.once(&date, r.date())
            case "table": try InstanceReader.once(&table, r.isNull() ? nil : r.int())
            case "start": try InstanceReader.once(&start, r.int())
            case "end": try InstanceReader.once(&end, r.int())
            case "childStart": try InstanceReader.once(&childStart, r.int())
            case "childAllowed": try InstanceReader.once(&childAllowed, r.bool())
            case "people": try InstanceReader.once(&people, r.array { r in try r.string() })
            case "types": try InstanceReader.once(&types, r.array { r in try r.string() })
            default: try r.skipValue()
            }
        }
        guard let id, let region, let date, let start, let end, let childStart, let childAllowed, let people, let types
        else { throw InstanceReaderGaveUp() }
        return .init(id: id, region: region, date: date, table: table ?? nil, start: start, end: end,
                     childStart: childStart, childAllowed: childAllowed, people: people, types: types)
    }

    private mutating func instanceCase() throws -> InstanceFile.Case {
        var ref: String?, home: String?, type: String?, complete: CivilDate?, earliest: CivilDate?
        var deadline: CivilDate?, child: Bool?, unavailable: [CivilDate]??, pinned: Int??
        try object { r, key in
            switch key {
            case "ref": try InstanceReader.once(&ref, r.string())
            case "home": try InstanceReader.once(&home, r.string())
            case "type": try InstanceReader.once(&type, r.string())
            case "complete": try InstanceReader.once(&complete, r.date())
            case "earliest": try InstanceReader.once(&earliest, r.date())
            case "deadline": try InstanceReader.once(&deadline, r.date())
            case "child": try InstanceReader.once(&child, r.bool())
            case "unavailable": try InstanceReader.once(&unavailable, r.isNull() ? nil : r.array { r in try r.date() })
            case "pinned": try InstanceReader.once(&pinned, r.isNull() ? nil : r.int())
            default: try r.skipValue()
            }
        }
        guard let ref, let home, let type, let complete, let earliest, let deadline, let child else { throw InstanceReaderGaveUp() }
        return .init(ref: ref, home: home, type: type, complete: complete, earliest: earliest, deadline: deadline,
                     child: child, unavailable: unavailable ?? nil, pinned: pinned ?? nil)
    }

    /// A key given twice: JSONDecoder decides what that means.
    private static func once<T>(_ slot: inout T?, _ value: T) throws {
        if slot != nil { throw InstanceReaderGaveUp() }
        slot = value
    }

    // MARK: JSON

    private var current: UInt8? { at < bytes.count ? bytes[at] : nil }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    private mutating func take(_ byte: UInt8) throws {
        skipSpace()
        guard current == byte else { throw InstanceReaderGaveUp() }
        at += 1
    }

    private mutating func takeIf(_ byte: UInt8) -> Bool {
        skipSpace()
        if current == byte { at += 1; return true }
        return false
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count else { return false }
        for i in 0..<count where bytes[at + i] != word.utf8Start[i] { return false }
        at += count
        return true
    }

    private mutating func isNull() -> Bool { literal("null") }

    private mutating func bool() throws -> Bool {
        if literal("true") { return true }
        if literal("false") { return false }
        throw InstanceReaderGaveUp()
    }

    /// A plain integer (no fraction or exponent: those are left to JSONDecoder).
    private mutating func int() throws -> Int {
        skipSpace()
        var negative = false
        if current == UInt8(ascii: "-") { negative = true; at += 1 }
        let first = at
        var value = 0
        while let b = current, b >= 0x30, b <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(b - 0x30))
            if o1 || o2 { throw InstanceReaderGaveUp() }
            value = sum; at += 1
        }
        guard at > first, at - first == 1 || bytes[first] != 0x30 else { throw InstanceReaderGaveUp() }
        if let b = current, b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { throw InstanceReaderGaveUp() }
        return negative ? -value : value
    }

    /// A string without escapes or control characters (anything else is left to JSONDecoder).
    private mutating func string() throws -> String {
        try take(UInt8(ascii: "\""))
        let first = at
        while let b = current, b != UInt8(ascii: "\"") {
            if b == UInt8(ascii: "\\") || b < 0x20 { throw InstanceReaderGaveUp() }
            at += 1
        }
        guard current != nil else { throw InstanceReaderGaveUp() }
        let text = String(validating: UnsafeBufferPointer(rebasing: bytes[first..<at]), as: UTF8.self)
        at += 1
        guard let text else { throw InstanceReaderGaveUp() }
        return text
    }

    private mutating func date() throws -> CivilDate {
        guard let date = CivilDate(iso: try string()) else { throw InstanceReaderGaveUp() }
        return date
    }

    private mutating func object(_ member: (inout InstanceReader, String) throws -> Void) throws {
        try take(UInt8(ascii: "{"))
        if takeIf(UInt8(ascii: "}")) { return }
        repeat {
            let key = try string()
            try take(UInt8(ascii: ":"))
            try member(&self, key)
        } while takeIf(UInt8(ascii: ","))
        try take(UInt8(ascii: "}"))
    }

    private mutating func array<T>(_ element: (inout InstanceReader) throws -> T) throws -> [T] {
        try take(UInt8(ascii: "["))
        var result: [T] = []
        if takeIf(UInt8(ascii: "]")) { return result }
        repeat { result.append(try element(&self)) } while takeIf(UInt8(ascii: ","))
        try take(UInt8(ascii: "]"))
        return result
    }

    /// Skips a value of a key the format does not use (horizonStart, horizonEnd, …).
    private mutating func skipValue() throws {
        skipSpace()
        switch current {
        case UInt8(ascii: "{"): try object { r, _ in try r.skipValue() }
        case UInt8(ascii: "["): _ = try array { r in try r.skipValue() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): if !isNull() { throw InstanceReaderGaveUp() }
        default: _ = try int()
        }
    }
}

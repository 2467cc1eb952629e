import Foundation
import JBTCore

/// What jbt checks in a calendar file before libical sees it: sizes that would make parsing take
/// unbounded time or memory (libical needs six seconds for one 10 MB line), and the facts libical
/// silently gets wrong: an impossible date such as 2026-02-30 (it would become 2 March), and a
/// TZID that no VTIMEZONE defines (it would be read as local time). Every problem names its line.
public struct ICalendarScan: Sendable {
    /// Limits for one calendar file, far above a person's calendar over the planning horizon (two
    /// years of ten meetings a day is about 7,000 events).
    public static let maxBytes = 30_000_000
    public static let maxLineOctets = 1_000_000
    public static let maxParameters = 1_000
    public static let maxComponents = 25_000
    public static let maxDepth = 10

    /// The first problem found, in Dutch, with its line ("regel 12: …"); nil when the file is fine.
    public var problem: String?
    /// TZIDs used by a property's TZID parameter, with the first line using each.
    public var usedZones: [String: Int] = [:]
    /// TZIDs a VTIMEZONE in the file defines.
    public var definedZones: Set<String> = []

    /// Properties whose value is a date or date-time (or a list or period of them).
    static let dateProperties: Set<String> = [
        "DTSTART", "DTEND", "DUE", "DTSTAMP", "RECURRENCE-ID", "EXDATE", "RDATE", "FREEBUSY", "CREATED",
        "LAST-MODIFIED", "COMPLETED", "ACKNOWLEDGED",
    ]

    public init(_ text: String) {
        var text = text
        guard text.utf8.count <= Self.maxBytes else {
            problem = "het bestand is groter dan \(Self.maxBytes / 1_000_000) MB"
            return
        }
        source = text
        problem = text.withUTF8 { scan($0) }
    }

    /// The text, kept to find the line of a property libical complains about.
    private var source = ""

    /// The first line on which a property (upper case) begins, to name lines in libical's errors.
    public func firstLine(of property: String) -> Int? {
        var number = 0
        for line in source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            let upper = line.prefix(property.count + 1).uppercased()
            if upper == property + ":" || upper == property + ";" { return number }
        }
        return nil
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        var lineNumber = 0
        var components = 0
        var depth = 0
        var inTimezone = false
        func lineEnd(from start: Int) -> Int {
            guard start < count, let found = memchr(base + start, 0x0A, count - start) else { return count }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        while index < count {
            lineNumber += 1
            let first = lineNumber
            var end = lineEnd(from: index)
            var segments = [index..<end]
            var length = end - index
            // Folded continuation lines (starting with a blank) belong to this content line.
            while end + 1 < count, bytes[end + 1] == 0x20 || bytes[end + 1] == 0x09 {
                lineNumber += 1
                let next = lineEnd(from: end + 1)
                segments.append((end + 2)..<next)
                length += next - end - 2
                end = next
                guard length <= Self.maxLineOctets else { break }
            }
            guard length <= Self.maxLineOctets else {
                return "regel \(first): een regel van meer dan \(Self.maxLineOctets / 1_000_000) MB"
            }
            index = end + 1
            var found: String?
            if segments.count == 1 {
                var range = segments[0]
                if range.count > 0, bytes[range.upperBound - 1] == 0x0D {
                    range = range.lowerBound..<(range.upperBound - 1)
                }
                found = check(UnsafeBufferPointer(rebasing: bytes[range]), number: first, components: &components,
                              depth: &depth, inTimezone: &inTimezone)
            } else {
                var joined: [UInt8] = []
                joined.reserveCapacity(length)
                for range in segments {
                    joined += bytes[range].filter { $0 != 0x0D }
                }
                found = joined.withUnsafeBufferPointer {
                    check($0, number: first, components: &components, depth: &depth, inTimezone: &inTimezone)
                }
            }
            if let found { return found }
        }
        return nil
    }

    /// Whether the bytes in `range` begin with `prefix`, ASCII letters in either case.
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: [UInt8]) -> Bool {
        guard range.count >= prefix.count else { return false }
        var offset = 0
        while offset < prefix.count {
            let byte = bytes[range.lowerBound + offset]
            let wanted = prefix[offset]
            let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            if upper != wanted { return false }
            offset += 1
        }
        return true
    }

    private mutating func check(_ line: UnsafeBufferPointer<UInt8>, number: Int, components: inout Int,
        depth: inout Int,
                                inTimezone: inout Bool) -> String? {
        guard !line.isEmpty else { return nil }
        // Name, parameters and value: split at ';' and ':' outside double quotes.
        var separators: [Int] = []
        var inQuotes = false
        var colon: Int?
        for index in 0..<line.count {
            let byte = line[index]
            if byte == 0x22 {
                inQuotes.toggle()
            } else if !inQuotes && byte == 0x3A {
                colon = index
                break
            } else if !inQuotes && byte == 0x3B {
                separators.append(index)
                guard separators.count <= Self.maxParameters else {
                    return "regel \(number): meer dan \(Self.maxParameters) parameters bij één eigenschap"
                }
            }
        }
        // A line without ":" is left to libical, which reports or skips it.
        guard let colon else { return nil }
        let nameEnd = separators.first ?? colon
        var kind: Kind?
        // Only names that begin with a letter of the interesting ones are compared at all.
        let initial = line[0] >= 0x61 && line[0] <= 0x7A ? line[0] - 0x20 : line[0]
        if nameEnd >= 3, nameEnd <= 13, Self.initials.contains(initial) {
            for (name, k) in Self.kinds where name.count == nameEnd && name[0] == initial && Self.hasPrefix(line,
                0..<nameEnd, name) {
                kind = k
                break
            }
        }
        let valueRange = (colon + 1)..<line.count
        func value() -> String { String(decoding: UnsafeBufferPointer(rebasing: line[valueRange]), as: UTF8.self) }
        func property() -> String { String(decoding: UnsafeBufferPointer(rebasing: line[0..<nameEnd]),
            as: UTF8.self).uppercased() }
        switch kind {
        case .begin:
            components += 1
            depth += 1
            if Self.hasPrefix(line, valueRange, Self.vtimezone) { inTimezone = true }
            if components > Self.maxComponents {
                return "regel \(number): meer dan \(Self.maxComponents) onderdelen (BEGIN:…) in één bestand"
            }
            if depth > Self.maxDepth { return "regel \(number): onderdelen dieper genest dan \(Self.maxDepth) niveaus" }
        case .end:
            depth -= 1
            if Self.hasPrefix(line, valueRange, Self.vtimezone) { inTimezone = false }
        case .zone where inTimezone:
            definedZones.insert(value())
        default:
            break
        }
        var isDate = kind == .date
        for (n, separator) in separators.enumerated() {
            let range = (separator + 1)..<(n + 1 < separators.count ? separators[n + 1] : colon)
            if Self.hasPrefix(line, range, Self.tzidParameter) {
                let raw = UnsafeBufferPointer(rebasing: line[(range.lowerBound + 5)..<range.upperBound])
                var zone = String(decoding: raw, as: UTF8.self)
                if zone.hasPrefix("\""), zone.hasSuffix("\""), zone.count >= 2 {
                    zone = String(zone.dropFirst().dropLast())
                }
                if usedZones[zone] == nil { usedZones[zone] = number }
            } else if Self.hasPrefix(line, range, Self.valueDate) || Self.hasPrefix(line, range, Self.valuePeriod) {
                isDate = isDate || kind != .trigger
            }
        }
        if isDate {
            // Each token of the value (a list, or a period's ends) that starts with a digit.
            var start = valueRange.lowerBound
            while start < valueRange.upperBound {
                var stop = start
                while stop < valueRange.upperBound && line[stop] != 0x2C && line[stop] != 0x2F { stop += 1 }
                if let wrong = Self.wrongDate(line, start..<stop) { return "regel \(number): \(property()) \(wrong)" }
                start = stop + 1
            }
        }
        if kind == .rule {
            for part in value().split(separator: ";") where part.uppercased().hasPrefix("UNTIL=") {
                let until = Array(part.dropFirst(6).utf8)
                let wrong = until.withUnsafeBufferPointer { Self.wrongDate($0, 0..<$0.count) }
                if let wrong { return "regel \(number): \(property()) UNTIL \(wrong)" }
            }
        }
        return nil
    }

    private enum Kind { case begin, end, zone, date, rule, trigger }

    private static let kinds: [([UInt8], Kind)] = [("BEGIN", Kind.begin), ("END", .end), ("TZID", .zone), ("RRULE",
        .rule),
                                                   ("EXRULE", .rule), ("TRIGGER",
                                                       .trigger)].map { (Array($0.0.utf8), $0.1) }
        + dateProperties.map { (Array($0.utf8), Kind.date) }
    private static let initials = Set(kinds.map { $0.0[0] })
    private static let vtimezone = Array("VTIMEZONE".utf8)
    private static let tzidParameter = Array("TZID=".utf8)
    private static let valueDate = Array("VALUE=DATE".utf8)
    private static let valuePeriod = Array("VALUE=PERIOD".utf8)

    /// Why the DATE or DATE-TIME token in `range` is not a real moment ("2026-02-30: deze datum
    /// bestaat niet"), or nil (also for what is no date, such as a duration).
    static func wrongDate(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        func digit(_ offset: Int) -> Int? {
            let index = range.lowerBound + offset
            guard index < range.upperBound, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
            return Int(bytes[index] - 0x30)
        }
        func number(_ offset: Int, _ length: Int) -> Int? {
            var result = 0
            for k in 0..<length {
                guard let d = digit(offset + k) else { return nil }
                result = result * 10 + d
            }
            return result
        }
        guard let year = number(0, 4), let month = number(4, 2), let day = number(6, 2) else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var shown: String {
            "\(year < 1000 ? String(repeating: "0", count: 4 - "\(year)".count) : "")\(year)-\(two(month))-\(two(day))"
        }
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return "\(shown): deze datum bestaat niet"
        }
        guard range.count > 8, bytes[range.lowerBound + 8] == UInt8(ascii: "T") else { return nil }
        guard let hour = number(9, 2), let minute = number(11, 2), let second = number(13,
            2), hour < 24, minute < 60, second <= 60
        else {
            let time = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 8)..<range.upperBound])
            return "\(shown) \(String(decoding: time, as: UTF8.self)): "
                + "dit tijdstip bestaat niet"
        }
        return nil
    }
}

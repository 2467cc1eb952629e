import Foundation
import JBTCalendar
import JBTCore
import JBTStorage

extension App {
    /// Reads iTIP replies (`.ics`, or the calendar part of an `.eml`) and records each attendee's
    /// answer. Every message that is not used is reported with the reason — not a REPLY, unknown
    /// invitation, stale SEQUENCE, unknown attendee, no PARTSTAT — never dropped silently.
    public func importReplies(paths: [String]) throws -> ReplyImport {
        var messages: [(String, ITIPMessage)] = []
        var report: [String] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ServiceError(.invalidInput, "\(path): bestand bestaat niet of is geen UTF-8-tekst",
                                   problems: [.init(file: path, message: "bestand bestaat niet of is geen UTF-8-tekst")])
            }
            guard data.count <= ICalendarScan.maxBytes else {
                report.append("\(path): groter dan \(ICalendarScan.maxBytes / 1_000_000) MB; overgeslagen")
                continue
            }
            // An e-mail by its content, whatever its name: the calendar is one of its parts.
            let isMail = path.lowercased().hasSuffix(".eml") || MIMECalendar.looksLikeMail(text)
            var calendar: String? = text
            if isMail {
                switch MIMECalendar.find(in: text) {
                case .found(let part): calendar = part
                case .none: calendar = nil
                case .tooDeep:
                    report.append("\(path): e-mail dieper genest dan \(MIMECalendar.maxDepth) delen; overgeslagen")
                    continue
                }
            }
            guard let calendar, let message = ICalendar.read(calendar) else {
                report.append("\(path): geen iCalendar-gegevens gevonden; overgeslagen")
                continue
            }
            for problem in message.problems { report.append("\(path): \(problem)") }
            messages.append((path, message))
        }
        return try workspace.openStore().write(command: "invites import") { tx in
            let sent = Dictionary(uniqueKeysWithValues: try tx.sentInvites().map { ($0.uid, $0) })
            var recorded = 0
            for (path, message) in messages {
                guard message.method == "REPLY" else {
                    report.append("\(path): METHOD:\(message.method ?? "ontbreekt"), geen antwoord op een uitnodiging; overgeslagen")
                    continue
                }
                if message.items.isEmpty { report.append("\(path): geen afspraak in het antwoord; overgeslagen") }
                for item in message.items {
                    guard let uid = item.uid, let invite = sent[uid] else {
                        report.append("\(path): antwoord op een onbekende uitnodiging (\(item.uid ?? "geen UID")); overgeslagen")
                        continue
                    }
                    guard invite.method == "REQUEST" else {
                        report.append("\(path): antwoord op \(uid), maar die uitnodiging is geannuleerd; niet verwerkt")
                        continue
                    }
                    guard item.sequence <= invite.sequence else {
                        report.append("\(path): antwoord op \(uid) met SEQUENCE \(item.sequence), hoger dan ooit verstuurd "
                                      + "(\(invite.sequence)); geweigerd")
                        continue
                    }
                    guard item.sequence >= invite.sequence else {
                        report.append("\(path): verouderd antwoord op \(uid) (SEQUENCE \(item.sequence), verstuurd \(invite.sequence)); genegeerd")
                        continue
                    }
                    if item.attendees.isEmpty { report.append("\(path): antwoord op \(uid) zonder ATTENDEE; overgeslagen") }
                    let stored = try tx.storedReplies(uid: uid)
                    for answer in item.attendees {
                        guard invite.recipients.map({ $0.lowercased() }).contains(answer.email) else {
                            report.append("\(path): \(answer.email) was niet uitgenodigd voor \(uid); overgeslagen")
                            continue
                        }
                        guard let partstat = answer.partstat else {
                            report.append("\(path): antwoord van \(answer.email) zonder PARTSTAT; overgeslagen")
                            continue
                        }
                        guard App.partstatWords[partstat.uppercased()] != nil else {
                            report.append("\(path): antwoord van \(answer.email) met onbekende PARTSTAT \(partstat); overgeslagen")
                            continue
                        }
                        // RFC 5546 §2.1.5: at equal SEQUENCE the reply with the later DTSTAMP counts.
                        if let earlier = stored[answer.email], earlier.sequence == item.sequence,
                           let had = earlier.stamp, had > (item.stamp ?? Int.min) {
                            report.append("\(path): antwoord van \(answer.email) op \(uid) is ouder (DTSTAMP) dan het al "
                                          + "verwerkte antwoord (\(App.partstatWords[earlier.partstat] ?? earlier.partstat)); genegeerd")
                            continue
                        }
                        try tx.recordReply(uid: uid, StoredReply(attendee: answer.email,
                            partstat: partstat.uppercased(),
                                                                 sequence: item.sequence, stamp: item.stamp, comment: item.comment))
                        recorded += 1
                        if let comment = item.comment {
                            report.append("\(path): \(answer.email) (\(App.partstatWords[partstat.uppercased()]!)): "
                                          + "opmerking \"\(OneLine.text(comment, limit: 200))\"")
                        }
                    }
                }
            }
            return (ReplyImport(recorded: recorded, files: paths.count, notes: report), "\(recorded) antwoorden verwerkt")
        }
    }

    /// "2 geaccepteerd, 1 afgewezen, 1 geen antwoord" over the current invitations of a case.
    static func replySummary(_ tx: StoreTransaction, reference: String) throws -> String? {
        let invites = try tx.sentInvites(reference: reference).filter { $0.method == "REQUEST" }
        guard !invites.isEmpty else { return nil }
        var counts: [String: Int] = [:]
        for invite in invites {
            let replies = try tx.replies(uid: invite.uid, sequence: invite.sequence)
            for recipient in invite.recipients { counts[replies[recipient.lowercased()] ?? "NEEDS-ACTION", default: 0] += 1 }
        }
        let words = [("ACCEPTED", "geaccepteerd"), ("TENTATIVE", "onder voorbehoud"), ("DECLINED", "afgewezen"),
                     ("DELEGATED", "gedelegeerd"), ("NEEDS-ACTION", "geen antwoord")]
        return words.compactMap { key, word in counts[key].map { "\($0) \(word)" } }.joined(separator: ", ")
    }

    /// The Dutch word for each participation status an event's attendee can give (RFC 5545 §3.2.12).
    static let partstatWords = ["ACCEPTED": "geaccepteerd", "TENTATIVE": "onder voorbehoud", "DECLINED": "afgewezen",
                                "DELEGATED": "gedelegeerd", "NEEDS-ACTION": "geen antwoord"]

    /// Who answered what, per current invitation of a case: one line per status with the
    /// recipients' names and any comment ("geaccepteerd: R. West (fictief); afgewezen: …").
    static func replyDetails(_ tx: StoreTransaction, reference: String) throws -> [String] {
        var byStatus: [String: [String]] = [:]
        for invite in try tx.sentInvites(reference: reference) where invite.method == "REQUEST" {
            let replies = try tx.storedReplies(uid: invite.uid).filter { $0.value.sequence == invite.sequence }
            for (index, email) in invite.recipients.enumerated() {
                let name = index < invite.recipientNames.count && !invite.recipientNames[index].isEmpty
                    ? invite.recipientNames[index] : email
                let reply = replies[email.lowercased()]
                var who = name
                if let comment = reply?.comment { who += " (\"\(OneLine.text(comment, limit: 200))\")" }
                byStatus[reply?.partstat ?? "NEEDS-ACTION", default: []].append(who)
            }
        }
        let order = ["ACCEPTED", "TENTATIVE", "DECLINED", "DELEGATED", "NEEDS-ACTION"]
        return order.compactMap { key in byStatus[key].map { "\(partstatWords[key]!): \($0.joined(separator: ", "))" } }
    }
}

/// Just enough MIME to find the calendar of an iMIP e-mail: a `text/calendar` part, or an
/// `application/ics` (or any `.ics`) attachment, at most `maxDepth` parts deep.
enum MIMECalendar {
    static let maxDepth = 20

    enum Search {
        case found(String)
        case none
        case tooDeep
    }

    /// Headers first (a `Name: value` line, then more or a blank line), no iCalendar line.
    static func looksLikeMail(_ text: String) -> Bool {
        let head = text.prefix(4096).replacingOccurrences(of: "\r\n", with: "\n")
        guard !head.hasPrefix("BEGIN:"), let first = head.split(separator: "\n").first else { return false }
        return first.range(of: #"^[A-Za-z][A-Za-z0-9-]*:"#, options: .regularExpression) != nil
            && head.lowercased().contains("content-type:")
    }

    static func find(in mail: String) -> Search {
        // Bytes with LF line ends, once: each nested part is a slice of them, not a copy.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(mail.utf8.count)
        for byte in mail.utf8 where byte != 0x0D { bytes.append(byte) }
        return find(in: bytes[...], depth: 0)
    }

    private static func find(in part: ArraySlice<UInt8>, depth: Int) -> Search {
        guard depth < maxDepth else { return .tooDeep }
        guard let split = firstIndex(of: Array("\n\n".utf8), in: part) else { return .none }
        let headers = unfold(String(decoding: part[part.startIndex..<split], as: UTF8.self))
        let body = part[(split + 2)...]
        let rawType = header("content-type", in: headers) ?? "text/plain"
        let type = rawType.lowercased()
        let disposition = header("content-disposition", in: headers) ?? ""
        let fileName = (parameter("filename", in: disposition) ?? parameter("name", in: type) ?? "").lowercased()
        if type.hasPrefix("text/calendar") || type.hasPrefix("application/ics") || fileName.hasSuffix(".ics") {
            let text = String(decoding: body, as: UTF8.self)
            return decode(text, encoding: header("content-transfer-encoding", in: headers)).map { .found($0) } ?? .none
        }
        guard type.hasPrefix("multipart/"), let boundary = parameter("boundary",
            in: rawType), !boundary.isEmpty else { return .none }
        let delimiter = Array(("--" + boundary).utf8)
        guard var cursor = firstIndex(of: delimiter, in: body) else { return .none }
        while true {
            let afterDelimiter = cursor + delimiter.count
            // "--boundary--" closes the multipart.
            if body[afterDelimiter...].starts(with: [0x2D, 0x2D]) { return .none }
            let next = firstIndex(of: [0x0A] + delimiter, in: body[afterDelimiter...])
            let contentStart = body[afterDelimiter...].firstIndex(of: 0x0A).map { $0 + 1 } ?? body.endIndex
            let contentEnd = next ?? body.endIndex
            if contentStart < contentEnd {
                let result = find(in: body[contentStart..<contentEnd], depth: depth + 1)
                if case .none = result {} else { return result }
            }
            guard let next else { return .none }
            cursor = next + 1
        }
    }

    /// Where `needle` first occurs in `haystack` (memchr and memcmp: a 50,000-deep mail is scanned many times).
    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                let base = hay.baseAddress!
                var offset = 0
                while offset + pin.count <= hay.count {
                    guard let hit = memchr(base + offset, Int32(pin[0]),
                        hay.count - pin.count + 1 - offset) else { return nil }
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, pin.baseAddress!, pin.count) == 0 { return haystack.startIndex + at }
                    offset = at + 1
                }
                return nil
            }
        }
    }

    static func unfold(_ headers: String) -> [String] {
        var lines: [String] = []
        for line in headers.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty { lines[lines.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) }
            else { lines.append(String(line)) }
        }
        return lines
    }

    static func header(_ name: String, in headers: [String]) -> String? {
        headers.first { $0.lowercased().hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

    static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    static func decode(_ body: String, encoding: String?) -> String? {
        switch encoding?.lowercased() {
        case "base64":
            return Data(base64Encoded: body.filter { !$0.isWhitespace }).flatMap { String(data: $0, encoding: .utf8) }
        case "quoted-printable":
            var bytes: [UInt8] = []
            let text = Array(body.replacingOccurrences(of: "=\n", with: "").utf8)
            var i = 0
            while i < text.count {
                if text[i] == UInt8(ascii: "="), i + 2 < text.count, let v = UInt8(String(decoding: text[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                    bytes.append(v); i += 3
                } else { bytes.append(text[i]); i += 1 }
            }
            return String(decoding: bytes, as: UTF8.self)
        default:
            return body
        }
    }
}

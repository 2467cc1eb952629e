import Foundation
import JBTCalendar
import JBTCore
import JBTStorage

extension App {
    /// Reads iTIP replies (`.ics`, or the calendar part of an `.eml`) and records each attendee's
    /// answer. Every message that is not used is reported with the reason — not a REPLY, unknown
    /// invitation, stale SEQUENCE, unknown attendee, no PARTSTAT — never dropped silently.
    public func importReplies(paths: [String]) throws -> String {
        var messages: [(String, ITIPMessage)] = []
        var report: [String] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw AppError.invalid("\(path): bestand bestaat niet of is geen UTF-8-tekst")
            }
            let calendar = path.lowercased().hasSuffix(".eml") ? MIMECalendar.extract(from: text) : text
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
                for item in message.items {
                    guard let uid = item.uid, let invite = sent[uid] else {
                        report.append("\(path): antwoord op een onbekende uitnodiging (\(item.uid ?? "geen UID")); overgeslagen")
                        continue
                    }
                    guard item.sequence >= invite.sequence else {
                        report.append("\(path): verouderd antwoord op \(uid) (SEQUENCE \(item.sequence), verstuurd \(invite.sequence)); genegeerd")
                        continue
                    }
                    for answer in item.attendees {
                        guard invite.recipients.map({ $0.lowercased() }).contains(answer.email) else {
                            report.append("\(path): \(answer.email) was niet uitgenodigd voor \(uid); overgeslagen")
                            continue
                        }
                        guard let partstat = answer.partstat else {
                            report.append("\(path): antwoord van \(answer.email) zonder PARTSTAT; overgeslagen")
                            continue
                        }
                        try tx.recordReply(uid: uid, attendee: answer.email, partstat: partstat, sequence: item.sequence)
                        recorded += 1
                    }
                }
            }
            let text = (["\(recorded) antwoord(en) verwerkt uit \(paths.count) bestand(en)."] + report).joined(separator: "\n")
            return (text, "\(recorded) antwoorden verwerkt")
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
}

/// Just enough MIME to find the `text/calendar` part of an iMIP e-mail.
enum MIMECalendar {
    static func extract(from mail: String) -> String? {
        let normalized = mail.replacingOccurrences(of: "\r\n", with: "\n")
        guard let split = normalized.range(of: "\n\n") else { return nil }
        let headers = unfold(String(normalized[..<split.lowerBound]))
        let body = String(normalized[split.upperBound...])
        let type = header("content-type", in: headers) ?? "text/plain"
        if type.lowercased().hasPrefix("text/calendar") { return decode(body, encoding: header("content-transfer-encoding", in: headers)) }
        guard type.lowercased().hasPrefix("multipart/"), let boundary = parameter("boundary", in: type) else { return nil }
        for part in body.components(separatedBy: "--" + boundary).dropFirst() where !part.hasPrefix("--") {
            if let found = extract(from: String(part.drop { $0 == "\n" })) { return found }
        }
        return nil
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

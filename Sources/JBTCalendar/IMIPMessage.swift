import Foundation

/// An iMIP e-mail (RFC 6047) for one recipient: `multipart/alternative` with a plain-text part and
/// the calendar as `text/calendar; charset=UTF-8; method=…`, the method equal to the calendar's
/// METHOD (Outlook shows "not supported calendar message" otherwise). One message per recipient:
/// nobody sees another recipient's address in the mail headers.
public enum IMIPMessage {
    public static func compose(_ invite: CalendarInvite, calendar: String, to recipient: CalendarInvite.Participant,
                               date: Date = Date()) -> String {
        // Stable and made of characters a boundary may hold; base64 bodies never contain it.
        let boundary = "jbt-\(invite.sequence)-" + invite.uid.replacingOccurrences(of: "@", with: ".")
        let text = invite.method == .cancel
            ? "\(invite.description)\n"
            : "\(invite.description)\n\nLocatie: \(invite.location)\nTijd: \(invite.date.dutchShort), \(clock(invite.start))–\(clock(invite.end))\n"
        let lines = [
            "From: \(mailbox(invite.organizer))",
            "To: \(mailbox(recipient))",
            "Subject: \(encodedWord(invite.summary))",
            "Date: \(rfc5322(date))",
            "Message-ID: <\(invite.uid.replacingOccurrences(of: "@", with: "."))-\(invite.sequence)-\(recipient.email.replacingOccurrences(of: "@", with: "."))@jbt>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            base64Lines(text),
            "--\(boundary)",
            "Content-Type: text/calendar; charset=UTF-8; method=\(invite.method.rawValue)",
            "Content-Transfer-Encoding: base64",
            "",
            base64Lines(calendar),
            "--\(boundary)--",
            "",
        ]
        return lines.joined(separator: "\r\n")
    }

    static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    static func mailbox(_ p: CalendarInvite.Participant) -> String { "\(encodedWord(p.name)) <\(p.email)>" }

    /// RFC 2047: header text that is not plain ASCII travels base64-encoded.
    static func encodedWord(_ text: String) -> String {
        // Plain only when ASCII without RFC 5322 specials (a "(fictief)" would read as a comment).
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && !"()<>[]:;@\\,.\"".unicodeScalars.contains($0) }) { return text }
        return "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    static func base64Lines(_ text: String) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start -> String in
            let s = encoded.index(encoded.startIndex, offsetBy: start)
            let e = encoded.index(s, offsetBy: min(76, encoded.count - start))
            return String(encoded[s..<e])
        }.joined(separator: "\r\n")
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

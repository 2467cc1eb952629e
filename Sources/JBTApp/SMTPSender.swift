import CSMTP
import Foundation

/// Delivers iMIP e-mails by SMTP through libcurl. Settings come from the environment only:
/// `JBT_SMTP_URL` (smtp://host:port, or smtps:// for implicit TLS), `JBT_SMTP_STARTTLS=1` to require
/// STARTTLS, and `JBT_SMTP_USER` / `JBT_SMTP_PASSWORD` for AUTH.
struct SMTPSender {
    let url: String
    let starttls: Bool
    let user: String?
    let password: String?

    init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let url = environment["JBT_SMTP_URL"], !url.isEmpty else { return nil }
        self.url = url
        starttls = environment["JBT_SMTP_STARTTLS"] == "1"
        user = environment["JBT_SMTP_USER"]
        password = environment["JBT_SMTP_PASSWORD"]
    }

    func send(from: String, to: String, message: String) throws {
        var error = [CChar](repeating: 0, count: 256)
        let bytes = Array(message.utf8)
        let result = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { data in
                jbt_smtp_send(url, starttls ? 1 : 0, user, password, "<\(from)>", "<\(to)>", data, bytes.count, &error, error.count)
            }
        }
        guard result == 0 else {
            throw AppError.invalid("e-mail aan \(to) via \(url) niet verstuurd: \(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
    }
}

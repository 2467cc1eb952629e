import CSMTP
import Foundation

/// Delivers iMIP e-mails by SMTP through libcurl. The front end reads the settings from the
/// environment only (`SystemEnvironment.mailSender`): `JBT_SMTP_URL` (smtp://host:port, or smtps://
/// for implicit TLS), `JBT_SMTP_STARTTLS=1` to require STARTTLS, `JBT_SMTP_USER` with
/// `JBT_SMTP_PASSWORD` or (better: not in the environment of every process) `JBT_SMTP_PASSWORD_FILE`
/// for AUTH, and `JBT_SMTP_CA` for a server whose certificate is not signed by a CA in the system's
/// trust store. Never on the command line, where `ps` shows it.
public struct SMTPSender: MailSender {
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    let url: String
    let starttls: Bool
    let user: String?
    let password: String?
    let caFile: String?

    public init(url: String, starttls: Bool, user: String?, password: String?, caFile: String?) {
        self.url = url
        self.starttls = starttls
        self.user = user
        self.password = password
        self.caFile = caFile
    }

    /// The sender the environment configures, or nil when `JBT_SMTP_URL` is not set.
    public init?(environment: [String: String]) throws {
        guard let url = environment["JBT_SMTP_URL"], !url.isEmpty else { return nil }
        self.url = url
        starttls = environment["JBT_SMTP_STARTTLS"] == "1"
        user = environment["JBT_SMTP_USER"]
        caFile = environment["JBT_SMTP_CA"].flatMap { $0.isEmpty ? nil : $0 }
        if let file = environment["JBT_SMTP_PASSWORD_FILE"], !file.isEmpty {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ServiceError.unavailable("JBT_SMTP_PASSWORD_FILE: \(file) is niet te lezen")
            }
            password = text.trimmingCharacters(in: .newlines)
        } else {
            password = environment["JBT_SMTP_PASSWORD"]
        }
    }

    public func send(from: String, to: String, message: String) throws {
        var error = [CChar](repeating: 0, count: 256)
        var reply = [CChar](repeating: 0, count: 512)
        let bytes = Array(message.utf8)
        let result = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { data in
                jbt_smtp_send(url, starttls ? 1 : 0, user, password, caFile, "<\(from)>", "<\(to)>", data, bytes.count,
                              &error, error.count, &reply, reply.count)
            }
        }
        guard result == 0 else {
            let curl = Self.text(error)
            // Only a refusal (4xx, 5xx) is the server's answer; after "250 OK" the failure is curl's.
            let last = Self.text(reply)
            let server = last.first == "4" || last.first == "5" ? last : ""
            // The server's own words say what to do (451: try later; 550: unknown recipient).
            let answer = server.isEmpty ? curl : server
            let message = "e-mail aan \(to) via \(url) niet verstuurd: "
                + (server.isEmpty ? curl : "de server antwoordde \"\(server)\"")
            throw ServiceError.unavailable(message, answer: answer)
        }
    }
}

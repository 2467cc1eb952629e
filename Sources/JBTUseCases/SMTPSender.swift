import CSMTP
import Foundation

/// Delivers iMIP e-mails by SMTP through libcurl. The front end reads the settings from the
/// environment only (`SystemEnvironment.mailSender`): `JBT_SMTP_URL` (smtp://host:port, or smtps://
/// for implicit TLS), `JBT_SMTP_STARTTLS=1` to require STARTTLS, `JBT_SMTP_USER` with
/// `JBT_SMTP_PASSWORD` or (better: not in the environment of every process) `JBT_SMTP_PASSWORD_FILE`
/// for AUTH, and `JBT_SMTP_CA` for a server whose certificate is not signed by a CA in the system's
/// trust store. Never on the command line, where `ps` shows it.
public struct SMTPSender: MailSender {
    /// libcurl's failure in Dutch: what went wrong with the connection, and what to check.
    static func dutch(curlCode: Int) -> String {
        switch curlCode {
        case 1: "JBT_SMTP_URL moet met smtp:// of smtps:// beginnen"
        case 3: "JBT_SMTP_URL is geen geldig serveradres"
        case 6: "de server is niet gevonden (klopt de naam in JBT_SMTP_URL?)"
        case 7: "geen verbinding met de server (draait hij, en klopt de poort in JBT_SMTP_URL?)"
        case 28: "de server antwoordde niet op tijd"
        case 35: "de beveiligde verbinding (TLS) met de server kwam niet tot stand"
        case 55, 56: "de verbinding met de server brak af"
        case 60: "het certificaat van de server wordt niet vertrouwd (zet JBT_SMTP_CA op het CA-certificaat)"
        case 64: "de server biedt geen STARTTLS aan"
        case 67: "de server weigerde de aanmelding (klopt JBT_SMTP_USER en het wachtwoord?)"
        default: "e-mail versturen mislukt (libcurl-fout \(curlCode))"
        }
    }

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
        let scheme = url.lowercased()
        guard scheme.hasPrefix("smtp://") || scheme.hasPrefix("smtps://") else {
            throw ServiceError.invalid("JBT_SMTP_URL \"\(url)\" is geen SMTP-server; schrijf smtp://host:poort of smtps://host:poort")
        }
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
            let curl = Self.dutch(curlCode: Int(result))
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

import Foundation
import Testing
@testable import JBTCalendar

let corpusFolder: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.deletingLastPathComponent().path + "/shared/corpora/itip-rfc2446"
}()

/// The 53 iTIP examples of RFC 2446 (from libical's test data, in shared/corpora): every one is
/// read without crashing, with its METHOD, and nothing is dropped silently. The corpus sits in
/// the steering repository's shared/ folder beside the checkout (as in CI); elsewhere the suite
/// is skipped, visibly.
@Suite("RFC 2446 corpus", .enabled(if: FileManager.default.fileExists(atPath: corpusFolder)))
struct CorpusTests {
    static let folder = corpusFolder

    @Test("Every message is read, with its method and its components")
    func everyMessage() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".ics") }.sorted()
        try #require(files.count == 53, "corpus at \(Self.folder)")
        var replies = 0, withPartstat = 0
        for file in files {
            let text = try String(contentsOfFile: Self.folder + "/" + file, encoding: .utf8)
            let message = try #require(ICalendar.read(text), "\(file)")
            let expected = file.split(separator: "-")[1].replacingOccurrences(of: ".ics", with: "")
            #expect(message.method == expected, "\(file): \(message.method ?? "geen METHOD")")
            #expect(!message.items.isEmpty, "\(file) has components")
            if message.method == "REPLY" {
                replies += 1
                #expect(message.items.allSatisfy { $0.attendees.count == 1 }, "a REPLY carries one attendee: \(file)")
                if message.items.allSatisfy({ $0.attendees.allSatisfy { $0.partstat != nil } }) { withPartstat += 1 }
            }
        }
        #expect(replies == 10)
        // Two of the ten (23, 40) carry no PARTSTAT: the importer must report those, not guess.
        #expect(withPartstat == 8)
        let reply = try #require(ICalendar.read(try String(contentsOfFile: Self.folder + "/06-REPLY.ics", encoding: .utf8)))
        #expect(reply.items.first?.uid == "calsrv.example.com-873970198738777@example.com")
        #expect(reply.items.first?.attendees == [.init(email: "b@example.com", partstat: "ACCEPTED")])
        let noUID = try #require(ICalendar.read(try String(contentsOfFile: Self.folder + "/21-PUBLISH.ics", encoding: .utf8)))
        #expect(noUID.items.allSatisfy { $0.uid == nil }, "the message without a UID is read, its missing UID visible")
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Publishes the table's events to a CalDAV calendar per region (`<base>/<region>/`): PUT of the
/// event under a stable name per UID (an update replaces it), DELETE on cancellation. The front end
/// reads the settings from the environment only, never from the command line: `JBT_CALDAV_URL` (the
/// base collection), and `JBT_CALDAV_USER` / `JBT_CALDAV_PASSWORD` for basic authentication.
public struct CalDAVPublisher: CalendarPublisher {
    let base: URL
    let authorization: String?

    public init?(environment: [String: String]) {
        guard let text = environment["JBT_CALDAV_URL"], var url = URL(string: text) else { return nil }
        if !url.path.hasSuffix("/") { url.appendPathComponent("") }
        base = url
        if let user = environment["JBT_CALDAV_USER"], let password = environment["JBT_CALDAV_PASSWORD"] {
            authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        } else {
            authorization = nil
        }
    }

    /// Creates the base collection and the region's calendar when they do not exist yet.
    public func prepare(region: String) throws {
        _ = try send("MKCOL", base, body: nil, accept: [201, 405, 409])
        _ = try send("MKCALENDAR", calendar(region), body: nil, accept: [201, 405, 409])  // 405 or 409: it exists
    }

    public func publish(region: String, uid: String, calendarText: String) throws {
        // A calendar object resource carries no METHOD (RFC 4791 §4.1).
        let object = calendarText.replacingOccurrences(of: "METHOD:REQUEST\r\n", with: "")
        _ = try send("PUT", resource(region, uid), body: Data(object.utf8), accept: [201, 204])
    }

    public func remove(region: String, uid: String) throws {
        _ = try removeIfPresent(region: region, uid: uid)
    }

    /// Deletes a published event; false when the server did not have it (404), which the caller reports.
    public func removeIfPresent(region: String, uid: String) throws -> Bool {
        try send("DELETE", resource(region, uid), body: nil, accept: [200, 204, 404]) != 404
    }

    func calendar(_ region: String) -> URL { base.appendingPathComponent(region + "/") }

    func resource(_ region: String, _ uid: String) -> URL {
        calendar(region).appendingPathComponent(uid.replacingOccurrences(of: "@", with: "_") + ".ics")
    }

    private func send(_ method: String, _ url: URL, body: Data?, accept: Set<Int>) throws -> Int {
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("text/calendar; charset=utf-8", forHTTPHeaderField: "Content-Type") }
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, response, error in
            outcome.set(status: (response as? HTTPURLResponse)?.statusCode, error: error.map { "\($0.localizedDescription)" })
            done.signal()
        }.resume()
        done.wait()
        let (status, error) = outcome.get()
        guard let status, accept.contains(status) else {
            let answer = status.map { "HTTP \($0)" } ?? error ?? "geen antwoord"
            throw ServiceError.unavailable("CalDAV \(method) \(url.absoluteString) mislukt: \(answer)", answer: answer)
        }
        return status
    }

    /// The answer of one request, handed from URLSession's queue to the waiting caller.
    private final class Outcome: @unchecked Sendable {
        // @unchecked: written once by the completion handler before the semaphore is signalled,
        // read only after the wait; the lock makes that explicit.
        private let lock = NSLock()
        private var status: Int?
        private var error: String?
        func set(status: Int?, error: String?) { lock.lock(); self.status = status; self.error = error; lock.unlock() }
        func get() -> (Int?, String?) { lock.lock(); defer { lock.unlock() }; return (status, error) }
    }
}

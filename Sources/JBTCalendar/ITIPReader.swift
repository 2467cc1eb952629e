import CLibical

/// An iTIP message as read back: its METHOD and, per component, UID, SEQUENCE and each
/// attendee's participation status. Nothing is dropped silently: what libical could not parse
/// is listed in `problems`.
public struct ITIPMessage: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var kind: String
        public var uid: String?
        public var sequence: Int
        /// (address without "mailto:", lower case; PARTSTAT or nil when none was given)
        public var attendees: [Answer]
        /// DTSTAMP as seconds since 1970 (UTC); nil when the message has none. At equal SEQUENCE
        /// the later DTSTAMP is the attendee's latest answer (RFC 5546 §2.1.5).
        public var stamp: Int?
        /// The attendee's COMMENT, when the reply carries one (several joined by a blank line).
        public var comment: String?
    }
    public struct Answer: Sendable, Hashable {
        public var email: String
        public var partstat: String?
    }
    public var method: String?
    public var items: [Item]
    public var problems: [String]
}

extension ICalendar {
    /// The properties an iTIP reply is read from: a problem in another one (a newer standard
    /// property libical 3.0 does not know) does not make the reply unreadable.
    static let replyProperties: Set<String> = [
        "METHOD", "UID", "SEQUENCE", "DTSTAMP", "ATTENDEE", "COMMENT", "BEGIN", "END", "DTSTART", "DTEND",
    ]

    /// Reads an iTIP message; nil when the text is no calendar. A file over jbt's limits (see
    /// `ICalendarScan`) comes back without items and with the reason in `problems`.
    public static func read(_ text: String) -> ITIPMessage? {
        let scan = ICalendarScan(text)
        if let problem = scan.problem {
            return text.contains("BEGIN:") ? ITIPMessage(method: nil, items: [], problems: [problem]) : nil
        }
        lock.lock(); defer { lock.unlock() }
        guard let root = icalparser_parse_string(text) else { return nil }
        defer { icalcomponent_free(root) }
        var message = ITIPMessage(method: nil, items: [], problems: dutchErrors(in: root, scan: scan,
            relevant: replyProperties))
        if let method = icalcomponent_get_first_property(root, ICAL_METHOD_PROPERTY) {
            message.method = String(cString: icalproperty_method_to_string(icalproperty_get_method(method)))
        }
        let kinds = [ICAL_VEVENT_COMPONENT, ICAL_VTODO_COMPONENT, ICAL_VJOURNAL_COMPONENT, ICAL_VFREEBUSY_COMPONENT]
        var components: [OpaquePointer] = []
        if kinds.contains(icalcomponent_isa(root)) { components.append(root) }
        var child = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT)
        while let c = child {
            if kinds.contains(icalcomponent_isa(c)) { components.append(c) }
            child = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT)
        }
        for component in components {
            var answers: [ITIPMessage.Answer] = []
            var property = icalcomponent_get_first_property(component, ICAL_ATTENDEE_PROPERTY)
            while let p = property {
                if let raw = icalproperty_get_attendee(p) {
                    var address = String(cString: raw)
                    if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
                    var partstat: String? = nil
                    // The parameter's own text ("PARTSTAT=IN-PROCESS"): every value, also X- ones.
                    if let parameter = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER),
                       let text = icalparameter_as_ical_string(parameter) {
                        partstat = String(cString: text).split(separator: "=", maxSplits: 1).last.map(String.init)
                    }
                    answers.append(.init(email: address.lowercased(), partstat: partstat))
                }
                property = icalcomponent_get_next_property(component, ICAL_ATTENDEE_PROPERTY)
            }
            let uid = icalcomponent_get_uid(component).map { String(cString: $0) }
            var stamp: Int? = nil
            if let p = icalcomponent_get_first_property(component, ICAL_DTSTAMP_PROPERTY) {
                let t = icalproperty_get_dtstamp(p)
                if icaltime_is_null_time(t) == 0 { stamp = Int(icaltime_as_timet_with_zone(t,
                    icaltimezone_get_utc_timezone())) }
            }
            var comments: [String] = []
            var comment = icalcomponent_get_first_property(component, ICAL_COMMENT_PROPERTY)
            while let p = comment {
                if let text = icalproperty_get_comment(p) { comments.append(String(cString: text)) }
                comment = icalcomponent_get_next_property(component, ICAL_COMMENT_PROPERTY)
            }
            message.items.append(.init(kind: String(cString: icalcomponent_kind_to_string(icalcomponent_isa(component))),
                                       uid: uid, sequence: Int(icalcomponent_get_sequence(component)), attendees: answers,
                                       stamp: stamp, comment: comments.isEmpty ? nil : comments.joined(separator: "\n\n")))
        }
        return message
    }
}

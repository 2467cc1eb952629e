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
    public static func read(_ text: String) -> ITIPMessage? {
        lock.lock(); defer { lock.unlock() }
        guard let root = icalparser_parse_string(text) else { return nil }
        defer { icalcomponent_free(root) }
        var message = ITIPMessage(method: nil, items: [], problems: errors(in: root))
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
            message.items.append(.init(kind: String(cString: icalcomponent_kind_to_string(icalcomponent_isa(component))),
                                       uid: uid, sequence: Int(icalcomponent_get_sequence(component)), attendees: answers))
        }
        return message
    }
}

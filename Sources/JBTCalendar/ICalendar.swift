import CLibical
import Foundation
import JBTCore

/// The one place that talks to libical. Every libical pointer stays inside this file; callers
/// see Swift values only. Calls are serialised: libical keeps some process-wide state (its
/// built-in zone table, error state) that is not safe to use from two threads at once.
public enum ICalendar {
    static let lock = NSLock()

    /// The zone name written as TZID: a plain IANA name, which every client understands.
    public static let zoneName = "Europe/Amsterdam"

    /// Serialises an invite as a complete VCALENDAR (CRLF line ends, folded at 75 octets), with a
    /// compact VTIMEZONE for Europe/Amsterdam and a fresh DTSTAMP.
    public static func serialize(_ invite: CalendarInvite, stamp: Date = Date()) -> String {
        lock.lock(); defer { lock.unlock() }
        let calendar = icalcomponent_new(ICAL_VCALENDAR_COMPONENT)!
        defer { icalcomponent_free(calendar) }
        icalcomponent_add_property(calendar, icalproperty_new_prodid("-//jbt//Jeugdbeschermingstafel//NL"))
        icalcomponent_add_property(calendar, icalproperty_new_version("2.0"))
        icalcomponent_add_property(calendar, icalproperty_new_method(invite.method == .request ? ICAL_METHOD_REQUEST : ICAL_METHOD_CANCEL))

        // A compact copy of the zone with a plain TZID, owned by the calendar; a zone object
        // built on it gives DTSTART/DTEND the same TZID parameter.
        let c = invite.date.components
        let (zone, compact) = compactZone(fromYear: c.year - 1)
        icalcomponent_add_component(calendar, icalcomponent_new_clone(compact))

        let event = icalcomponent_new(ICAL_VEVENT_COMPONENT)!
        icalcomponent_add_property(event, icalproperty_new_uid(invite.uid))
        icalcomponent_add_property(event, icalproperty_new_sequence(Int32(invite.sequence)))
        icalcomponent_add_property(event, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(time_t(stamp.timeIntervalSince1970), 0, icaltimezone_get_utc_timezone())))
        func local(_ minutes: Int) -> icaltimetype {
            var t = icaltime_null_time()
            t.year = Int32(c.year); t.month = Int32(c.month); t.day = Int32(c.day)
            t.hour = Int32(minutes / 60); t.minute = Int32(minutes % 60)
            return icaltime_set_timezone(&t, zone)
        }
        icalcomponent_set_dtstart(event, local(invite.start))
        icalcomponent_set_dtend(event, local(invite.end))
        icalcomponent_add_property(event, icalproperty_new_summary(invite.summary))
        icalcomponent_add_property(event, icalproperty_new_description(invite.description))
        icalcomponent_add_property(event, icalproperty_new_location(invite.location))
        if invite.method == .cancel { icalcomponent_add_property(event, icalproperty_new_status(ICAL_STATUS_CANCELLED)) }
        let organizer = icalproperty_new_organizer("mailto:" + invite.organizer.email)!
        icalproperty_add_parameter(organizer, icalparameter_new_cn(invite.organizer.name))
        icalcomponent_add_property(event, organizer)
        for person in invite.attendees {
            let attendee = icalproperty_new_attendee("mailto:" + person.email)!
            icalproperty_add_parameter(attendee, icalparameter_new_cn(person.name))
            let role: icalparameter_role = switch person.role {
            case .chair: ICAL_ROLE_CHAIR
            case .required: ICAL_ROLE_REQPARTICIPANT
            case .optional: ICAL_ROLE_OPTPARTICIPANT
            }
            icalproperty_add_parameter(attendee, icalparameter_new_role(role))
            icalproperty_add_parameter(attendee, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION))
            icalproperty_add_parameter(attendee, icalparameter_new_rsvp(invite.method == .request ? ICAL_RSVP_TRUE : ICAL_RSVP_FALSE))
            icalcomponent_add_property(event, attendee)
        }
        icalcomponent_add_component(calendar, event)
        let buffer = icalcomponent_as_ical_string_r(calendar)!
        defer { icalmemory_free_buffer(buffer) }
        return String(cString: buffer)
    }

    /// The truncated Europe/Amsterdam VTIMEZONE (rules from `fromYear` on, plain TZID) and a zone
    /// object built on it, made once per year and kept: truncating is the costly part of writing
    /// an invite. Only touched while `lock` is held.
    nonisolated(unsafe) private static var zones: [Int: (OpaquePointer, OpaquePointer)] = [:]

    private static func compactZone(fromYear year: Int) -> (zone: OpaquePointer, component: OpaquePointer) {
        if let cached = zones[year] { return cached }
        let builtin = icaltimezone_get_builtin_timezone(zoneName)!
        let vtimezone = icalcomponent_new_clone(icaltimezone_get_component(builtin))!
        var from = icaltime_null_time()
        from.year = Int32(year); from.month = 1; from.day = 1
        icaltimezone_truncate_vtimezone(vtimezone, from, icaltime_null_time(), 1)
        if let tzid = icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY) { icalproperty_set_tzid(tzid, zoneName) }
        let zone = icaltimezone_new()!
        icaltimezone_set_component(zone, icalcomponent_new_clone(vtimezone))
        zones[year] = (zone, vtimezone)
        return (zone, vtimezone)
    }

    /// What libical finds wrong with a message: parse errors and the RFC 5546 restrictions for
    /// its METHOD, checked per component. Empty when the message is valid.
    public static func problems(in text: String) -> [String] {
        lock.lock(); defer { lock.unlock() }
        guard let root = icalparser_parse_string(text) else { return ["geen iCalendar-gegevens"] }
        defer { icalcomponent_free(root) }
        var problems = errors(in: root)
        if problems.isEmpty, let checked = icalcomponent_new_clone(root) {
            defer { icalcomponent_free(checked) }
            if icalrestriction_check(checked) == 0 || icalcomponent_count_errors(checked) > 0 {
                problems = errors(in: checked)
                if problems.isEmpty { problems = ["voldoet niet aan de iTIP-regels voor deze METHOD"] }
            }
        }
        return problems
    }

    static func errors(in component: OpaquePointer) -> [String] {
        var result: [String] = []
        var property = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)
        while let p = property {
            result.append(String(cString: icalproperty_get_xlicerror(p)))
            property = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)
        }
        var child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT)
        while let c = child {
            result += errors(in: c)
            child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)
        }
        return result
    }
}

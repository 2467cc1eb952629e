import CLibical
import JBTCore

/// A stretch of time someone cannot attend, in Europe/Amsterdam local time, within one day.
public struct BusyInterval: Sendable, Hashable {
    public var date: CivilDate
    public var start: Int
    public var end: Int
    public init(date: CivilDate, start: Int, end: Int) { self.date = date; self.start = start; self.end = end }
}

extension ICalendar {
    /// Busy times from a calendar: opaque VEVENTs (TRANSP:TRANSPARENT and cancelled ones are
    /// free time) and the BUSY periods of VFREEBUSY components. Times are converted to
    /// Europe/Amsterdam (a floating time is taken as local; an all-day event blocks whole days).
    /// Nil when the text is no calendar.
    public static func busyTimes(in text: String) -> (busy: [BusyInterval], problems: [String])? {
        lock.lock(); defer { lock.unlock() }
        guard let root = icalparser_parse_string(text) else { return nil }
        defer { icalcomponent_free(root) }
        let local = icaltimezone_get_builtin_timezone(zoneName)!
        var result: [BusyInterval] = []

        func add(_ from: icaltimetype, _ to: icaltimetype) {
            if from.is_date != 0 {
                // All-day: every date from the start up to (not including) the end date.
                var day = CivilDate(year: Int(from.year), month: Int(from.month), day: Int(from.day))
                let last = to.is_date != 0 ? CivilDate(year: Int(to.year), month: Int(to.month), day: Int(to.day))?.adding(days: -1) : day
                while let d = day, let l = last, d <= l { result.append(.init(date: d, start: 0, end: 24 * 60)); day = d.adding(days: 1) }
                return
            }
            let a = icaltime_convert_to_zone(from, local), b = icaltime_convert_to_zone(to, local)
            guard var day = CivilDate(year: Int(a.year), month: Int(a.month), day: Int(a.day)),
                  let lastDay = CivilDate(year: Int(b.year), month: Int(b.month), day: Int(b.day)) else { return }
            var start = Int(a.hour) * 60 + Int(a.minute)
            while day <= lastDay {
                let end = day == lastDay ? Int(b.hour) * 60 + Int(b.minute) : 24 * 60
                if end > start { result.append(.init(date: day, start: start, end: end)) }
                day = day.adding(days: 1); start = 0
            }
        }

        var components: [OpaquePointer] = [root]
        var child = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT)
        while let c = child { components.append(c); child = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT) }
        for component in components {
            switch icalcomponent_isa(component) {
            case ICAL_VEVENT_COMPONENT:
                if let transp = icalcomponent_get_first_property(component, ICAL_TRANSP_PROPERTY),
                   icalproperty_get_transp(transp) == ICAL_TRANSP_TRANSPARENT { continue }
                if icalcomponent_get_status(component) == ICAL_STATUS_CANCELLED { continue }
                let start = icalcomponent_get_dtstart(component)
                guard icaltime_is_null_time(start) == 0 else { continue }
                var end = icalcomponent_get_dtend(component)
                if icaltime_is_null_time(end) != 0 {
                    end = start
                    if start.is_date != 0 { end.day += 1; end = icaltime_normalize(end) }
                }
                add(start, end)
            case ICAL_VFREEBUSY_COMPONENT:
                var property = icalcomponent_get_first_property(component, ICAL_FREEBUSY_PROPERTY)
                while let p = property {
                    defer { property = icalcomponent_get_next_property(component, ICAL_FREEBUSY_PROPERTY) }
                    if let type = icalproperty_get_first_parameter(p, ICAL_FBTYPE_PARAMETER),
                       icalparameter_get_fbtype(type) == ICAL_FBTYPE_FREE { continue }
                    let period = icalproperty_get_freebusy(p)
                    let end = icaltime_is_null_time(period.end) == 0 ? period.end : icaltime_add(period.start, period.duration)
                    add(period.start, end)
                }
            default:
                continue
            }
        }
        return (result, errors(in: root))
    }
}

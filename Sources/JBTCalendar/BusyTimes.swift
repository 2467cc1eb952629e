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
    /// At most this many occurrences of one recurring event are looked at (within the window or
    /// before it): a rule that needs more is refused rather than expanded without bound.
    public static let maxRecurrenceSteps = 200_000

    /// The properties busy times are read from: a problem in any other one (a newer standard
    /// property libical 3.0 does not know, say RFC 9253's LINK) does not make the file unreadable.
    static let busyProperties: Set<String> = [
        "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "FREEBUSY", "TRANSP", "STATUS",
        "TZID", "TZOFFSETFROM", "TZOFFSETTO", "BEGIN", "END",
    ]

    /// Busy times from a calendar: opaque VEVENTs (TRANSP:TRANSPARENT and cancelled ones are
    /// free time), their recurrences (RRULE, RDATE, EXDATE, and RECURRENCE-ID overrides), and the
    /// BUSY periods of VFREEBUSY components. Times are converted to Europe/Amsterdam (a floating
    /// time is taken as local; an all-day event blocks whole days). Only what falls within
    /// `window` is returned. Nil when the text is no calendar; `problems` in Dutch, with lines.
    public static func busyTimes(in text: String, window: DateSpan? = nil) -> (busy: [BusyInterval],
        problems: [String])? {
        let scan = ICalendarScan(text)
        if let problem = scan.problem {
            return text.contains("BEGIN:VCALENDAR") || text.contains("BEGIN:VEVENT") ? ([], [problem]) : nil
        }
        lock.lock(); defer { lock.unlock() }
        guard let root = icalparser_parse_string(text) else { return nil }
        defer { icalcomponent_free(root) }
        guard icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT || icalcomponent_isa(root) == ICAL_XROOT_COMPONENT
            || icalcomponent_isa(root) == ICAL_VEVENT_COMPONENT
            || icalcomponent_isa(root) == ICAL_VFREEBUSY_COMPONENT else {
            return nil
        }
        var problems = dutchErrors(in: root, scan: scan, relevant: busyProperties)
        problems += unknownZones(scan)
        guard problems.isEmpty else { return ([], problems) }
        let local = icaltimezone_get_builtin_timezone(zoneName)!
        let span = window ?? DateSpan(first: CivilDate(year: 1, month: 1, day: 1)!, last: CivilDate(year: 9999,
            month: 12, day: 31)!)
        var result: [BusyInterval] = []

        func civil(_ t: icaltimetype) -> CivilDate? { CivilDate(year: Int(t.year), month: Int(t.month),
            day: Int(t.day)) }
        func add(_ from: icaltimetype, _ to: icaltimetype) {
            if from.is_date != 0 {
                // All-day: every date from the start up to (not including) the end date, within the window.
                guard let first = civil(from) else { return }
                let last = to.is_date != 0 ? (civil(to)?.adding(days: -1) ?? first) : first
                var day = max(first, span.first)
                while day <= min(last, span.last) {
                    result.append(.init(date: day, start: 0, end: 24 * 60))
                    day = day.adding(days: 1)
                }
                return
            }
            // Far outside the window (a year 2999 makes libical expand the zone's rules that far):
            // skip before converting; a zone moves a date by one day at most.
            guard let rawFirst = civil(from), let rawLast = civil(to),
                  rawLast >= span.first.adding(days: -2), rawFirst <= span.last.adding(days: 2) else { return }
            let a = icaltime_convert_to_zone(from, local)
            let b = icaltime_convert_to_zone(to, local)
            guard let firstDay = civil(a), let lastDay = civil(b), lastDay >= span.first, firstDay <= span.last else {
                return
            }
            var day = max(firstDay, span.first)
            var start = day == firstDay ? Int(a.hour) * 60 + Int(a.minute) : 0
            while day <= min(lastDay, span.last) {
                let end = day == lastDay ? Int(b.hour) * 60 + Int(b.minute) : 24 * 60
                if end > start { result.append(.init(date: day, start: start, end: end)) }
                day = day.adding(days: 1)
                start = 0
            }
        }
        func key(_ t: icaltimetype) -> Int64 {
            let u = t.is_date != 0 ? t : icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone())
            return ((Int64(u.year) * 13 + Int64(u.month)) * 32 + Int64(u.day)) * 86_400
                + Int64(u.hour) * 3600 + Int64(u.minute) * 60 + Int64(u.second)
        }

        var components: [OpaquePointer] = [root]
        var child = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT)
        while let c = child { components.append(c); child = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT) }
        // Occurrences an override (an event with RECURRENCE-ID) replaces, per UID.
        var overridden: [String: Set<Int64>] = [:]
        for component in components where icalcomponent_isa(component) == ICAL_VEVENT_COMPONENT {
            // With its TZID resolved (icalcomponent_get_recurrenceid leaves it floating).
            guard let property = icalcomponent_get_first_property(component,
                ICAL_RECURRENCEID_PROPERTY) else { continue }
            let id = icalproperty_get_datetime_with_component(property, component)
            if icaltime_is_null_time(id) == 0, let uid = icalcomponent_get_uid(component) {
                overridden[String(cString: uid), default: []].insert(key(id))
            }
        }
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
                let length = icaltime_subtract(end, start)
                let isOverride = icaltime_is_null_time(icalcomponent_get_recurrenceid(component)) == 0
                let uid = icalcomponent_get_uid(component).map { String(cString: $0) } ?? ""
                guard !isOverride, hasRecurrence(component) else {
                    add(start, end)
                    continue
                }
                var skip = overridden[uid] ?? []
                var exdate = icalcomponent_get_first_property(component, ICAL_EXDATE_PROPERTY)
                while let p = exdate {
                    skip.insert(key(icalproperty_get_datetime_with_component(p, component)))
                    exdate = icalcomponent_get_next_property(component, ICAL_EXDATE_PROPERTY)
                }
                var starts: [icaltimetype] = [start]
                var rdate = icalcomponent_get_first_property(component, ICAL_RDATE_PROPERTY)
                while let p = rdate {
                    var t = icalproperty_get_rdate(p).time
                    if icaltime_is_null_time(t) != 0 { t = icalproperty_get_rdate(p).period.start }
                    if icaltime_is_null_time(t) == 0 { t.zone = start.zone; starts.append(t) }
                    rdate = icalcomponent_get_next_property(component, ICAL_RDATE_PROPERTY)
                }
                var rule = icalcomponent_get_first_property(component, ICAL_RRULE_PROPERTY)
                while let p = rule {
                    defer { rule = icalcomponent_get_next_property(component, ICAL_RRULE_PROPERTY) }
                    guard let occurrences = expand(icalproperty_get_rrule(p), from: start, until: span.last) else {
                        let line = scan.firstLine(of: "RRULE").map { "regel \($0): " } ?? ""
                        problems.append("\(line)de herhaling (RRULE) van afspraak \(uid) geeft meer dan "
                                        + "\(maxRecurrenceSteps) keer vóór of in de planningsperiode")
                        continue
                    }
                    starts += occurrences
                }
                var seen = Set<Int64>()
                for occurrence in starts
                where !skip.contains(key(occurrence)) && seen.insert(key(occurrence)).inserted {
                    add(occurrence, icaltime_add(occurrence, length))
                }
            case ICAL_VFREEBUSY_COMPONENT:
                var property = icalcomponent_get_first_property(component, ICAL_FREEBUSY_PROPERTY)
                while let p = property {
                    defer { property = icalcomponent_get_next_property(component, ICAL_FREEBUSY_PROPERTY) }
                    if let type = icalproperty_get_first_parameter(p, ICAL_FBTYPE_PARAMETER),
                       icalparameter_get_fbtype(type) == ICAL_FBTYPE_FREE { continue }
                    let period = icalproperty_get_freebusy(p)
                    let end = icaltime_is_null_time(period.end) == 0
                        ? period.end : icaltime_add(period.start, period.duration)
                    add(period.start, end)
                }
            default:
                continue
            }
        }
        guard problems.isEmpty else { return ([], problems) }
        return (merged(result), [])
    }

    /// Overlapping or touching intervals of one day as one (100,000 copies of one meeting are one busy time).
    static func merged(_ intervals: [BusyInterval]) -> [BusyInterval] {
        var result: [BusyInterval] = []
        for interval in intervals.sorted(by: { ($0.date, $0.start, $0.end) < ($1.date, $1.start, $1.end) }) {
            if let last = result.last, last.date == interval.date, interval.start <= last.end {
                result[result.count - 1].end = max(last.end, interval.end)
            } else {
                result.append(interval)
            }
        }
        return result
    }

    static func hasRecurrence(_ component: OpaquePointer) -> Bool {
        icalcomponent_get_first_property(component, ICAL_RRULE_PROPERTY) != nil
            || icalcomponent_get_first_property(component, ICAL_RDATE_PROPERTY) != nil
    }

    /// The occurrences of one RRULE from `from` up to the end of `until`, DTSTART itself left out;
    /// nil when that takes more than `maxRecurrenceSteps` steps.
    static func expand(_ recurrence: icalrecurrencetype, from start: icaltimetype,
        until last: CivilDate) -> [icaltimetype]? {
        guard let iterator = icalrecur_iterator_new(recurrence, start) else { return [] }
        defer { icalrecur_iterator_free(iterator) }
        let c = last.components
        var result: [icaltimetype] = []
        var steps = 0
        while true {
            var next = icalrecur_iterator_next(iterator)
            if icaltime_is_null_time(next) != 0 { return result }
            steps += 1
            if steps > maxRecurrenceSteps { return nil }
            next.zone = start.zone
            if (Int(next.year), Int(next.month), Int(next.day)) > (c.year, c.month, c.day) { return result }
            if icaltime_compare(next, start) == 0 { continue }
            result.append(next)
        }
    }

    /// Every TZID used that neither the file nor the system knows (libical would read it as local time).
    static func unknownZones(_ scan: ICalendarScan) -> [String] {
        scan.usedZones.sorted { $0.value < $1.value }.compactMap { zone, line in
            if scan.definedZones.contains(zone) || icaltimezone_get_builtin_timezone(zone) != nil { return nil }
            return "regel \(line): onbekende tijdzone TZID=\(zone) "
                + "(geen VTIMEZONE in het bestand en geen bekende IANA-naam)"
        }
    }

    /// libical's X-LIC-ERRORs in Dutch, each naming its property and line; only those about
    /// `relevant` properties (nil: every one).
    static func dutchErrors(in root: OpaquePointer, scan: ICalendarScan, relevant: Set<String>?) -> [String] {
        var result: [String] = []
        for (type, text) in typedErrors(in: root) {
            let name = propertyName(in: text)
            if let relevant, let name, !relevant.contains(name) { continue }
            let unnamed = type == "PROPERTY-PARSE-ERROR" || type == "PARAMETER-NAME-PARSE-ERROR"
            if relevant != nil, name == nil, unnamed { continue }
            let line = name.flatMap { scan.firstLine(of: $0) }.map { "regel \($0): " } ?? ""
            let what = switch type {
            case "VALUE-PARSE-ERROR": "ongeldige waarde"
            case "PROPERTY-PARSE-ERROR": "onbekende of onleesbare eigenschap"
            case "PARAMETER-NAME-PARSE-ERROR": "onbekende parameter"
            case "PARAMETER-VALUE-PARSE-ERROR": "ongeldige parameterwaarde"
            case "COMPONENT-PARSE-ERROR": "onvolledig of onleesbaar onderdeel"
            default: "niet te lezen"
            }
            result.append("\(line)\(what)\(name.map { " bij \($0)" } ?? "")")
        }
        return result
    }

    static func typedErrors(in component: OpaquePointer) -> [(String, String)] {
        var result: [(String, String)] = []
        var property = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)
        while let p = property {
            var type = ""
            if let parameter = icalproperty_get_first_parameter(p, ICAL_XLICERRORTYPE_PARAMETER),
               let text = icalparameter_as_ical_string(parameter) {
                type = String(cString: text).split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
            }
            result.append((type, String(cString: icalproperty_get_xlicerror(p))))
            property = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)
        }
        var child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT)
        while let c = child {
            result += typedErrors(in: c)
            child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)
        }
        return result
    }

    /// The property an error of libical is about ("… in DTSTART property …", "… property name: LINK").
    static func propertyName(in text: String) -> String? {
        if let range = text.range(of: "property name: ") {
            return String(text[range.upperBound...].prefix { $0.isLetter || $0 == "-" }).uppercased()
        }
        let words = text.split(separator: " ")
        if let index = words.firstIndex(where: { $0.hasPrefix("property") }), index > 0,
           words[index - 1].allSatisfy({ $0.isUppercase || $0 == "-" }) {
            return String(words[index - 1])
        }
        return nil
    }
}

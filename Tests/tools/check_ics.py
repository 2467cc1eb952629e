"""Independent checks of the iCalendar files jbt writes, with three Python parsers:
icalendar (errors collected per component), vobject (validate=True) and the strict `ical`
package. Prints one line per problem; exit 1 when any file fails."""
import sys

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream


def problems(path):
    text = open(path, encoding="utf-8").read()
    found = []
    try:
        calendar = icalendar.Calendar.from_ical(text)
        for component in calendar.walk():
            for error in getattr(component, "errors", []):
                found.append("icalendar: %s" % (error,))
        if calendar.get("METHOD") is None:
            found.append("icalendar: no METHOD")
    except Exception as error:  # noqa: BLE001 - every parser failure is a finding
        found.append("icalendar: %s" % error)
    try:
        vobject.readOne(text, validate=True)
    except Exception as error:  # noqa: BLE001
        found.append("vobject: %s" % error)
    try:
        IcsCalendarStream.calendar_from_ics(text)
    except Exception as error:  # noqa: BLE001
        found.append("ical: %s" % error)
    return found


def main(paths):
    failed = 0
    for path in paths:
        for problem in problems(path):
            print("%s: %s" % (path, problem))
            failed += 1
    print("%d files, %d problems" % (len(paths), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

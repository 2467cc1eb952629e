"""The same invitation messages as `jbt-bench invites N`, built and serialised with the Python
`icalendar` package: METHOD:REQUEST, a VTIMEZONE for Europe/Amsterdam, one VEVENT with UID,
SEQUENCE, DTSTAMP, DTSTART/DTEND with TZID, SUMMARY, DESCRIPTION, LOCATION, ORGANIZER and
ATTENDEEs with CN/ROLE/PARTSTAT/RSVP. Prints messages per second."""
import sys
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def message(n, audience, start, end, attendees):
    cal = icalendar.Calendar()
    cal.add("prodid", "-//jbt//Jeugdbeschermingstafel//NL")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    cal.add_missing_timezones()
    event = icalendar.Event()
    event.add("uid", "JBT-B-%d-%s@jbt" % (n, audience))
    event.add("sequence", 0)
    event.add("dtstamp", datetime.now(timezone.utc))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", "Jeugdbeschermingstafel JBT-B-%d" % n)
    event.add("description", "Regio: vijf-voor-twaalfgesprek over zaak JBT-B-%d, di 1 dec 2026 om 10:45. "
                             "Vooraf om 10:15 een gesprek met het kind, zonder ouders." % n)
    event.add("location", "Gemeentehuis, Bergstraat 4, Ede")
    organizer = icalendar.vCalAddress("mailto:vz@example.org")
    organizer.params["cn"] = "Voorzitter"
    event.add("organizer", organizer)
    for email, name in attendees:
        attendee = icalendar.vCalAddress("mailto:" + email)
        attendee.params.update({"cn": name, "role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "TRUE"})
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def main(count):
    started = time.perf_counter()
    messages = total = n = 0
    while messages < count:
        day = datetime(2026, 12, 1, tzinfo=AMSTERDAM) + timedelta(days=7 * (n % 8))
        table = (day.replace(hour=10, minute=45), day.replace(hour=12, minute=15))
        child = (day.replace(hour=10, minute=15), day.replace(hour=10, minute=45))
        for audience, (start, end), attendees in [
            ("professionals", table, [("rvdk@example.org", "RvdK"), ("gi%d@example.org" % n, "GI"), ("lt%d@example.org" % n, "Lokaal team")]),
            ("gezin-1", table, [("o%d@example.org" % n, "Ouder")]),
            ("kindgesprek", child, [("lt%d@example.org" % n, "Lokaal team")]),
        ]:
            if messages >= count:
                break
            total += len(message(n, audience, start, end, attendees))
            messages += 1
        n += 1
    seconds = time.perf_counter() - started
    print("python icalendar: %d messages, %.3f s, %.0f messages/s, %d bytes" % (messages, seconds, messages / seconds, total))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

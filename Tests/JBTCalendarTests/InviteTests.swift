import Foundation
import JBTCore
import Testing
@testable import JBTCalendar

let region = RegionRules(id: "fv", name: "Food Valley", municipalities: ["Ede"], neighbours: [], tableWeekdays: [.tuesday],
                         dayPattern: .hours(opens: TimeOfDay(text: "09:00")!, closes: TimeOfDay(text: "16:30")!, pause: 15),
                         location: "Gemeentehuis Ede, Bergstraat 4, Ede", giParticipation: .fixed,
                         escalationContact: .init(name: "X", role: "beleid", email: "x@example.org"))
let chair = CalendarInvite.Participant(email: "vz@example.org", name: "A. Voorzitter (fictief)", role: .chair)
let officer = CalendarInvite.Participant(email: "rvdk@example.org", name: "B. Raad (fictief)")

func registration(_ n: Int, shielded: Bool) -> Registration {
    let family = ["Jansen", "de Vries", "Öztürk", "Bakker", "El Amrani"][n % 5]
    return Registration(
        reference: "JBT-T-\(n)", municipality: "Ede", homeRegion: "fv", type: .vijfVoorTwaalf,
        registered: CivilDate(iso: "2026-11-20")!, complete: CivilDate(iso: "2026-11-20")!,
        children: [ChildRecord(initials: "Q.\(n).", birthDate: CivilDate(iso: "2012-03-01")!)],
        referrer: ContactPerson(name: "Referent \(n) Lokaal", organisation: "Lokaal team Ede", email: "lt\(n)@example.org"),
        parents: [ContactPerson(name: "Moeder \(family)", email: "m\(n)@example.org"),
                  ContactPerson(name: "Vader \(family)", email: "v\(n)@example.org")],
        childProtectionWorker: ContactPerson(name: "Werker Geheim\(n)", organisation: "GI Afgeschermd\(n)", email: "gi\(n)@example.org"),
        confidant: ContactPerson(name: "Tante Vertrouwd\(n)", email: "vt\(n)@example.org"),
        shielded: shielded)
}

let booking = InvitePlanner.Booking(date: CivilDate(iso: "2026-12-01")!, start: 645, end: 735, childStart: 615)

@Suite("Calendar invites")
struct InviteTests {
    @Test("A REQUEST is valid for libical, with a plain Europe/Amsterdam VTIMEZONE and folded CRLF lines")
    func serialize() throws {
        let invites = InvitePlanner.invites(for: registration(1, shielded: false), booking: booking,
                                            region: region, organizer: chair, boardOfficer: officer)
        #expect(invites.map(\.0.key) == ["professionals", "gezin-1", "gezin-2", "vertrouwensfiguur", "kindgesprek"])
        for (_, invite) in invites {
            let text = ICalendar.serialize(invite)
            #expect(ICalendar.problems(in: text).isEmpty, "\(ICalendar.problems(in: text))")
            #expect(text.contains("METHOD:REQUEST\r\n"))
            #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"))
            #expect(!text.contains("freeassociation"))
            #expect(text.contains("UID:\(invite.uid)\r\n"))
            #expect(text.contains("SEQUENCE:0\r\n"))
            #expect(text.contains("RSVP=TRUE"))
            #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        }
        let table = ICalendar.serialize(invites[0].1)
        #expect(table.contains("DTSTART;TZID=Europe/Amsterdam:20261201T104500\r\n"))
        #expect(table.contains("DTEND;TZID=Europe/Amsterdam:20261201T121500\r\n"))
        let child = ICalendar.serialize(invites[4].1)
        #expect(child.contains("DTSTART;TZID=Europe/Amsterdam:20261201T101500\r\n"))
    }

    @Test("A CANCEL keeps the UID, raises the SEQUENCE and is valid for libical")
    func cancel() {
        var (_, invite) = InvitePlanner.invites(for: registration(2, shielded: false), booking: booking,
                                                region: region, organizer: chair, boardOfficer: officer)[0]
        invite.method = .cancel
        invite.sequence = 1
        let text = ICalendar.serialize(invite)
        #expect(ICalendar.problems(in: text).isEmpty, "\(ICalendar.problems(in: text))")
        #expect(text.contains("METHOD:CANCEL\r\n"))
        #expect(text.contains("STATUS:CANCELLED\r\n"))
        #expect(text.contains("SEQUENCE:1\r\n"))
        #expect(text.contains("UID:JBT-T-2-professionals@jbt\r\n"))
    }

    @Test("Broken input is reported, not accepted")
    func problems() {
        #expect(!ICalendar.problems(in: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").isEmpty)
        #expect(!ICalendar.problems(in: "geen kalender").isEmpty)
    }

    /// Over many generated cases: nothing that leaves the system names a child or the family
    /// (a parent only as the attendee of their own copy), and for shielded cases no family copy
    /// names the GI worker, their organisation or address.
    @Test("Privacy holds for every audience of every generated case")
    func privacy() {
        for n in 0..<200 {
            let r = registration(n, shielded: n % 3 == 0)
            for (audience, invite) in InvitePlanner.invites(for: r, booking: booking, region: region, organizer: chair, boardOfficer: officer) {
                let text = ICalendar.serialize(invite)
                let family = r.parents[0].name.split(separator: " ").dropFirst().joined(separator: " ")
                #expect(!text.contains(r.children[0].initials), "child's initials in \(audience)")
                for part in [invite.summary, invite.description, invite.location] {
                    #expect(!part.contains(family), "family name in \(audience)")
                }
                switch audience {
                case .parent(let k):
                    #expect(invite.attendees.map(\.email) == [r.parents[k].email!], "a parent sees only the organizer and themselves")
                    #expect(!text.contains(r.parents[1 - k].name))
                    if r.shielded {
                        let worker = r.childProtectionWorker!
                        for secret in [worker.name, worker.organisation!, worker.email!] { #expect(!text.contains(secret)) }
                    }
                    #expect(!text.contains(r.referrer.name))
                case .confidant:
                    #expect(invite.attendees.map(\.email) == [r.confidant!.email!], "the confidant sees only the organizer and themselves")
                    #expect(!r.parents.contains { text.contains($0.name) })
                    if r.shielded {
                        let worker = r.childProtectionWorker!
                        for secret in [worker.name, worker.organisation!, worker.email!] { #expect(!text.contains(secret)) }
                    }
                case .professionals, .child:
                    #expect(!r.parents.contains { text.contains($0.name) }, "no parent in \(audience)")
                    #expect(!text.contains(r.confidant!.name), "no confidant in \(audience)")
                }
            }
        }
    }

    @Test("Where the local team convenes (Flevoland) its worker organises and the voorzitter is invited; never for a shielded case")
    func localTeamConvenes() {
        var flevoland = region
        flevoland.convener = .localTeam
        for n in 0..<60 {
            let r = registration(n, shielded: n % 2 == 0)
            let invites = InvitePlanner.invites(for: r, booking: booking, region: flevoland, organizer: chair, boardOfficer: officer)
            let professionals = invites.first { $0.0 == .professionals }!.1
            let parent = invites.first { $0.0 == .parent(0) }!.1
            if r.shielded {
                // The referrer of a LET JB case may be the shielded worker: the voorzitter convenes.
                #expect(professionals.organizer == chair)
                #expect(parent.organizer == chair)
                let text = ICalendar.serialize(parent)
                for secret in [r.childProtectionWorker!.name, r.childProtectionWorker!.organisation!, r.referrer.name] {
                    #expect(!text.contains(secret))
                }
            } else {
                #expect(professionals.organizer.email == r.referrer.email!)
                #expect(parent.organizer.email == r.referrer.email!)
                #expect(professionals.attendees.contains { $0.email == chair.email && $0.role == .chair }, "the voorzitter is invited as chair")
                #expect(!professionals.attendees.contains { $0.email == r.referrer.email! }, "the organizer is not also an attendee")
                #expect(parent.description.contains("Neem contact op met \(r.referrer.name), die dit gesprek organiseert"))
                #expect(ICalendar.problems(in: ICalendar.serialize(professionals)).isEmpty)
                #expect(parent.attendees.map(\.email) == [r.parents[0].email!])
            }
        }
    }
}

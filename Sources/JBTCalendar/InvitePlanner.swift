import JBTCore

/// Who receives which copy of a booking's invitation. One booking is not one invite: every
/// attendee of an iCalendar invite sees every other attendee, so
/// - the **professionals** (RvdK officer, GI worker where the region or the case wants them, the
///   referrer) share one copy;
/// - **each parent**, and the parents' confidant, gets a copy of their own, seeing only the
///   organizer and themselves;
/// - the **child conversation** (before the table, without parents) gets its own copy for the
///   professional who brings the child.
/// No copy carries a child's name or initials, the family name or the concerns: the case
/// reference, place, time, and what the recipient needs to know. For a shielded (LET JB) case no
/// family copy names the GI worker, their organisation or address — family copies name no other
/// participant at all.
public enum InvitePlanner {
    public struct Booking: Sendable {
        public var date: CivilDate
        public var start: Int
        public var end: Int
        public var childStart: Int?
        public init(date: CivilDate, start: Int, end: Int, childStart: Int?) {
            self.date = date; self.start = start; self.end = end; self.childStart = childStart
        }
    }

    public enum Audience: Hashable, Sendable {
        case professionals, parent(Int), confidant, child
        /// The stable part of the UID.
        public var key: String {
            switch self {
            case .professionals: "professionals"
            case .parent(let n): "gezin-\(n + 1)"
            case .confidant: "vertrouwensfiguur"
            case .child: "kindgesprek"
            }
        }
    }

    public static func uid(reference: String, audience: Audience) -> String {
        "\(reference)-\(audience.key)@jbt"
    }

    /// The invites for a booking, every one a REQUEST at `sequence`.
    public static func invites(for registration: Registration, booking: Booking, region: RegionRules,
                               organizer: CalendarInvite.Participant, boardOfficer: CalendarInvite.Participant?,
                               sequence: Int = 0) -> [(Audience, CalendarInvite)] {
        let ref = registration.reference
        let time = "\(TimeOfDay(minutes: booking.start))"
        // Where the local-team worker convenes the table (Flevoland), they organise and the
        // voorzitter is invited; not for a shielded case, whose referrer is the shielded GI worker.
        var organizer = organizer
        var chairAttendee: CalendarInvite.Participant? = nil
        var contact = "de voorzitter"
        if region.convener == .localTeam, !registration.shielded, let email = registration.referrer.email {
            chairAttendee = .init(email: organizer.email, name: organizer.name, role: .chair)
            organizer = .init(email: email, name: registration.referrer.name, role: .chair)
            contact = "\(registration.referrer.name), die dit gesprek organiseert"
        }
        // Families see the region's secretariat, a functional address, as organiser and contact:
        // never a person's own address (for a LET JB case that person could be the GI worker).
        let familyOrganizer = region.secretariat.map { CalendarInvite.Participant(email: $0.email, name: $0.name, role: .chair) }
        if let secretariat = region.secretariat {
            contact = "\(secretariat.name), \(secretariat.email)" + (secretariat.phone.map { ", telefoon \($0)" } ?? "")
        }
        func invite(_ audience: Audience, start: Int, end: Int, summary: String, description: String,
                    attendees: [CalendarInvite.Participant]) -> (Audience, CalendarInvite) {
            let family = audience != .professionals && audience != .child
            return (audience, CalendarInvite(method: .request, uid: uid(reference: ref, audience: audience), sequence: sequence,
                                             date: booking.date, start: start, end: end, summary: summary,
                                             description: description, location: region.location,
                                             organizer: family ? (familyOrganizer ?? organizer) : organizer,
                                             attendees: attendees))
        }
        var result: [(Audience, CalendarInvite)] = []

        var professionals: [CalendarInvite.Participant] = []
        if let chairAttendee { professionals.append(chairAttendee) }
        if let boardOfficer { professionals.append(boardOfficer) }
        if let worker = registration.childProtectionWorker, let email = worker.email,
           region.giParticipation == .fixed || registration.type == .otsBeeindiging || registration.shielded {
            professionals.append(.init(email: email, name: worker.name))
        }
        if let email = registration.referrer.email, email != organizer.email, !professionals.contains(where: { $0.email == email }) {
            professionals.append(.init(email: email, name: registration.referrer.name))
        }
        let childNote = booking.childStart.map { " Vooraf om \(TimeOfDay(minutes: $0)) een gesprek met het kind, zonder ouders." } ?? ""
        if !professionals.isEmpty {
            result.append(invite(.professionals, start: booking.start, end: booking.end,
                                 summary: "Jeugdbeschermingstafel \(ref)",
                                 description: "\(region.name): \(registration.type.dutchName) over zaak \(ref), \(booking.date.dutchShort) om \(time).\(childNote) Gegevens van het gezin staan in het dossier, niet in deze uitnodiging.",
                                 attendees: professionals))
        }
        // The region's own words for families (teksten.uitnodiging_omschrijving) and its folder link.
        var familyText = region.texts["uitnodiging_omschrijving"].map { "\($0) (\(region.name), \(booking.date.dutchShort) om \(time).)" }
            ?? "U bent uitgenodigd voor een gesprek aan de Jeugdbeschermingstafel van \(region.name) op \(booking.date.dutchShort) om \(time). U mag iemand meenemen die u vertrouwt."
        familyText += " Kenmerk: \(ref). Vragen? Neem contact op met \(contact)."
        if let link = region.texts["map_link"] { familyText += " Meer informatie: \(link)" }
        for (n, parent) in registration.parents.enumerated() {
            guard let email = parent.email else { continue }
            result.append(invite(.parent(n), start: booking.start, end: booking.end,
                                 summary: "Gesprek Jeugdbeschermingstafel",
                                 description: familyText,
                                 attendees: [.init(email: email, name: parent.name)]))
        }
        if let confidant = registration.confidant, let email = confidant.email {
            result.append(invite(.confidant, start: booking.start, end: booking.end,
                                 summary: "Gesprek Jeugdbeschermingstafel",
                                 description: "De ouders hebben u gevraagd mee te komen naar een gesprek aan de Jeugdbeschermingstafel van \(region.name) op \(booking.date.dutchShort) om \(time). Kenmerk: \(ref).",
                                 attendees: [.init(email: email, name: confidant.name)]))
        }
        if let childStart = booking.childStart {
            // Who the agenda says is there: the voorzitter and the RvdK officer, and the referrer
            // who brings the child; the organizer is not invited to their own meeting.
            var people: [CalendarInvite.Participant] = []
            for person in [chairAttendee, boardOfficer].compactMap({ $0 }) { people.append(person) }
            if let email = registration.referrer.email { people.append(.init(email: email,
                name: registration.referrer.name)) }
            var seen: Set<String> = [organizer.email.lowercased()]
            people = people.filter { seen.insert($0.email.lowercased()).inserted }
            if !people.isEmpty {
                result.append(invite(.child, start: childStart, end: booking.start,
                                     summary: "Kindgesprek \(ref)",
                                     description: "Gesprek met het kind over zaak \(ref), vóór het tafelgesprek en zonder ouders, "
                                         + "met de voorzitter en de Raad voor de Kinderbescherming. De aanmelder begeleidt het kind.",
                                     attendees: people))
            }
        }
        return result
    }
}

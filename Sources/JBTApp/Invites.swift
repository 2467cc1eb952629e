import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JBTCalendar
import JBTCore
import JBTStorage

extension App {
    /// Writes the invitations of one week to `outbox` as `.ics` files, each with one iMIP `.eml`
    /// per recipient: new ones as REQUEST
    /// (SEQUENCE 0), changed ones as REQUEST with a higher SEQUENCE under the same UID, and for
    /// cancelled cases a CANCEL to exactly those who had the earlier version. An invite whose
    /// content did not change is not written again. What was sent is recorded in the store.
    public func writeInvites(week: String, region: RegionID?, reference: String? = nil, outbox: String, send: Bool = false,
                             now: Date = Date()) throws -> String {
        if let region, regions[region] == nil { throw AppError.unknownRegion(region, known: regions.regions.map(\.id)) }
        if send, let problem = dependencies.mailError { throw problem }
        let caldav = send ? dependencies.calendar : nil
        let smtp = send ? dependencies.mail : nil
        if send && caldav == nil && smtp == nil {
            throw AppError.unavailable("verzenden: geen CalDAV-server en geen SMTP-server ingesteld")
        }
        var mailed = 0
        var prepared = Set<String>()
        var published = 0
        let monday = try App.monday(ofWeek: week)
        let sunday = monday.adding(days: 6)
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return try workspace.openStore().write(command: "invites \(week)") { tx in
            let roster = try tx.roster()
            let byRef = Dictionary(uniqueKeysWithValues: try tx.registrations().map { ($0.reference, $0) })
            let sent = Dictionary(uniqueKeysWithValues: try tx.sentInvites().map { ($0.uid, $0) })
            let (sessions, _) = TableCalendar.sessions(regions: regions, roster: roster, from: monday, through: sunday)
            var written: [String] = [], unchanged = 0, warnings: [String] = []

            /// `record: false` for a message that does not change what the store knows of the UID (a
            /// CANCEL to attendees dropped from an update that the others receive).
            func write(_ invite: CalendarInvite, reference: String, audience: String, region: RegionID, record: Bool = true) throws {
                let text = ICalendar.serialize(invite, stamp: now)
                // The table's own calendar gets the professionals' event; family copies stay private.
                if let caldav, record, audience == InvitePlanner.Audience.professionals.key {
                    if !prepared.contains(region) { try caldav.prepare(region: region); prepared.insert(region) }
                    if invite.method == .cancel { try caldav.remove(region: region, uid: invite.uid) }
                    else { try caldav.publish(region: region, uid: invite.uid, calendarText: text) }
                    published += 1
                }
                let name = invite.uid.replacingOccurrences(of: "@", with: "_") + "-\(invite.sequence)-\(invite.method.rawValue.lowercased()).ics"
                let path = outbox + "/" + name
                let temporary = path + ".tmp"
                guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw AppError.invalid("kan \(temporary) niet schrijven")
                }
                // Atomic: a reader sees the old file or the whole new one, never half a message.
                guard rename(temporary, path) == 0 else { throw AppError.invalid("kan \(path) niet schrijven") }
                written.append(name)
                // The same message as iMIP e-mail, one per recipient.
                for recipient in invite.attendees {
                    let mail = IMIPMessage.compose(invite, calendar: text, to: recipient, date: now)
                    if let smtp {
                        try smtp.send(from: invite.organizer.email, to: recipient.email, message: mail)
                        mailed += 1
                    }
                    let mailPath = outbox + "/" + name.replacingOccurrences(of: ".ics", with: "") + "-" +
                        recipient.email.replacingOccurrences(of: "@", with: "_") + ".eml"
                    guard FileManager.default.createFile(atPath: mailPath + ".tmp", contents: Data(mail.utf8), attributes: [.posixPermissions: 0o600]),
                          rename(mailPath + ".tmp", mailPath) == 0 else { throw AppError.invalid("kan \(mailPath) niet schrijven") }
                }
                guard record else { return }
                try tx.recordSent(SentInvite(uid: invite.uid, reference: reference, audience: audience, sequence: invite.sequence,
                                             method: invite.method.rawValue, date: invite.date, start: invite.start, end: invite.end,
                                             organizer: invite.organizer.email + "\t" + invite.organizer.name,
                                             recipients: invite.attendees.map(\.email), fingerprint: App.fingerprint(invite)))
            }

            var current = Set<String>(), processed = Set<String>()
            for booking in try tx.bookings(region: region, from: monday, through: sunday) where reference == nil || booking.reference == reference {
                guard let registration = byRef[booking.reference], var rules = regions.rules(booking.region, near: booking.date) else { continue }
                // A region's own rule may hold some conversations elsewhere (locatie hook).
                if let home = regions.rules(registration.homeRegion, near: registration.complete) {
                    rules.location = hooks.location(registration, home: home, table: rules, date: booking.date, start: booking.start,
                                                    tableNumber: booking.table)
                }
                let session = sessions.first { $0.region == booking.region && $0.date == booking.date && $0.table == booking.table }
                guard let chairID = session?.chair, let chair = roster.person(chairID) else {
                    warnings.append("\(booking.reference): geen voorzitter ingeroosterd op \(booking.date.dutchShort); geen uitnodiging")
                    continue
                }
                let officer = session?.boardOfficer.flatMap { roster.person($0) }.map { CalendarInvite.Participant(email: $0.email, name: $0.name) }
                let planned = InvitePlanner.invites(
                    for: registration,
                    booking: .init(date: booking.date, start: booking.start.minutes, end: booking.end.minutes, childStart: booking.childStart?.minutes),
                    region: rules, organizer: .init(email: chair.email, name: chair.name, role: .chair), boardOfficer: officer)
                processed.insert(registration.reference)
                for (audience, var invite) in planned {
                    current.insert(invite.uid)
                    if let previous = sent[invite.uid] {
                        if previous.method == "REQUEST" && previous.fingerprint == App.fingerprint(invite) { unchanged += 1; continue }
                        invite.sequence = previous.sequence + 1
                        // Someone who had the invite and is no longer on it (a substitute took the
                        // RvdK officer's place, say) gets a CANCEL of their own, so no stale event
                        // stays in their calendar; the others get the update.
                        let dropped = previous.method == "REQUEST"
                            ? previous.recipients.filter { email in !invite.attendees.contains { $0.email == email } } : []
                        if !dropped.isEmpty {
                            var cancel = invite
                            cancel.method = .cancel
                            cancel.summary = "Geannuleerd voor u: Jeugdbeschermingstafel \(registration.reference)"
                            cancel.description = "U bent voor dit gesprek niet meer uitgenodigd. Kenmerk: \(registration.reference)."
                            cancel.attendees = dropped.map { .init(email: $0, name: $0) }
                            try write(cancel, reference: registration.reference, audience: audience.key, region: booking.region, record: false)
                        }
                    }
                    try write(invite, reference: registration.reference, audience: audience.key, region: booking.region)
                }
            }
            // Cancelled cases, and audiences a case no longer has: a CANCEL to who had the invite.
            for previous in sent.values.sorted(by: { $0.uid < $1.uid }) where previous.method == "REQUEST" && !current.contains(previous.uid) {
                guard let registration = byRef[previous.reference] else { continue }
                let stillBooked = try tx.booking(previous.reference) != nil && registration.status != .cancelled
                // Still booked: moved to another week, updated when that week is sent; unless its
                // booking was handled above and this audience is simply no longer part of it.
                if stillBooked && !processed.contains(previous.reference) { continue }
                if let region, registration.homeRegion != region { continue }
                if let reference, previous.reference != reference { continue }
                let organizer = previous.organizer.split(separator: "\t", maxSplits: 1).map(String.init)
                let cancel = CalendarInvite(method: .cancel, uid: previous.uid, sequence: previous.sequence + 1, date: previous.date,
                                            start: previous.start, end: previous.end, summary: "Geannuleerd: Jeugdbeschermingstafel \(previous.reference)",
                                            description: "Dit gesprek gaat niet door. Kenmerk: \(previous.reference).",
                                            location: regions[registration.homeRegion]?.location ?? "",
                                            organizer: .init(email: organizer.first ?? "", name: organizer.last ?? "", role: .chair),
                                            attendees: previous.recipients.map { .init(email: $0, name: $0) })
                try write(cancel, reference: previous.reference, audience: previous.audience, region: registration.homeRegion)
            }
            var out = ["Uitnodigingen week \(week.uppercased()) naar \(outbox): \(written.count) geschreven, \(unchanged) ongewijzigd (niet opnieuw)."]
            if caldav != nil { out.append("Tafelagenda (CalDAV): \(published) bijgewerkt.") }
            if smtp != nil { out.append("E-mail (SMTP): \(mailed) verstuurd.") }
            out += written.sorted().map { "  " + $0 }
            out += warnings.map { "Let op: " + $0 }
            return (out.joined(separator: "\n"), "\(written.count) uitnodigingen geschreven, \(unchanged) ongewijzigd")
        }
    }

    /// A stable fingerprint of what a recipient sees (FNV-1a over the fields; Swift's own hash is
    /// seeded per process and cannot be stored).
    static func fingerprint(_ invite: CalendarInvite) -> String {
        let fields = [invite.method.rawValue, invite.date.iso, "\(invite.start)", "\(invite.end)", invite.summary, invite.description,
                      invite.location, invite.organizer.email, invite.organizer.name] + invite.attendees.map { "\($0.email)|\($0.name)" }
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in fields.joined(separator: "\u{1F}").utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return String(hash, radix: 16)
    }
}

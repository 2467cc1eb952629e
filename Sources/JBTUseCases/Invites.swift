import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JBTCalendar
import JBTCore
import JBTDocuments
import JBTStorage

extension App {
    /// Writes the invitations of one week to the folder `outbox` as `.ics` files, each with one
    /// iMIP `.eml` per recipient: new ones as REQUEST (SEQUENCE 0), changed ones as REQUEST with a
    /// higher SEQUENCE under the same UID, and for cancelled cases a CANCEL to exactly those who had
    /// the earlier version. An invite whose content did not change is not written again. What was
    /// sent is recorded in the store. With `send`, every mail and calendar change is enqueued in the
    /// same transaction and delivered after it commits (`deliverOutbox`): exactly once.
    /// `cleared`: phrases a reviewer cleared as false alarms of the LET JB check of family invites.
    public func writeInvites(week: String, region: RegionID?, reference: String? = nil, outbox: String,
                             send: Bool = false, cleared: [String] = []) throws -> InviteRun {
        if let region, regions[region] == nil { throw ServiceError.unknownRegion(region, known: regions.regions.map(\.id)) }
        if send, let problem = dependencies.mailError { throw problem }
        let caldav = send && dependencies.calendar != nil
        let smtp = send && dependencies.mail != nil
        if send && !caldav && !smtp {
            throw ServiceError.unavailable("verzenden: geen CalDAV-server en geen SMTP-server ingesteld")
        }
        let now = dependencies.clock.now()
        let monday = try App.monday(ofWeek: week)
        let sunday = monday.adding(days: 6)
        do {
            try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ServiceError.unavailable("kan de map \(outbox) niet aanmaken: \(error.localizedDescription)")
        }
        var run = try workspace.openStore().write(command: "invites \(week)") { tx in
            let roster = try tx.roster()
            let byRef = Dictionary(uniqueKeysWithValues: try tx.registrations().map { ($0.reference, $0) })
            let sent = Dictionary(uniqueKeysWithValues: try tx.sentInvites().map { ($0.uid, $0) })
            // A case moved out of this week gets its update now too, not only when its new week is
            // run: the week's bookings and those whose last invite was for this week.
            let (bookings, extraDates) = try App.inviteBookings(tx, sent: Array(sent.values), region: region,
                                                                from: monday, through: sunday)
            var (sessions, _) = TableCalendar.sessions(regions: regions, roster: roster, from: monday, through: sunday)
            for date in extraDates { sessions += TableCalendar.sessions(regions: regions, roster: roster, from: date,
                through: date).0 }
            var written: [String] = [], unchanged = 0, warnings: [String] = []
            var queued = (mail: 0, calendar: 0)

            /// `record: false` for a message that does not change what the store knows of the UID (a
            /// CANCEL to attendees dropped from an update that the others receive).
            /// `queueOnly`: an invite the store has as sent, unchanged: only what `send` must deliver of it
            /// is enqueued (a no-op for what was enqueued before), no file is written again.
            func write(_ invite: CalendarInvite, reference: String, audience: String, region: RegionID, record: Bool = true,
                       queueOnly: Bool = false) throws {
                let text = ICalendar.serialize(invite, stamp: now)
                let key = "\(invite.uid)|\(invite.sequence)|\(invite.method.rawValue)"
                // The table's own calendar gets the professionals' event; family copies stay private.
                if caldav, record || queueOnly, audience == InvitePlanner.Audience.professionals.key {
                    // A calendar object resource carries no METHOD (RFC 4791 §4.1).
                    let object = text.replacingOccurrences(of: "METHOD:REQUEST\r\n", with: "")
                    let cancel = invite.method == .cancel
                    // Published before at another region's table (the case moved there): off that calendar.
                    let before = sent[invite.uid].flatMap { $0.method == "REQUEST" ? $0.region : nil }
                    if !cancel, let before, before != region {
                        queued.calendar += try tx.enqueue(OutboxMessage(
                            id: "caldav|\(before)|" + key + "|moved", channel: .caldavDelete, target: "\(before)/\(invite.uid)",
                            sender: invite.organizer.email, payload: "", reference: reference, createdAt: now)) ? 1 : 0
                    }
                    queued.calendar += try tx.enqueue(OutboxMessage(
                        id: "caldav|\(region)|" + key, channel: cancel ? .caldavDelete : .caldavPut,
                        target: "\(region)/\(invite.uid)", sender: invite.organizer.email, payload: cancel ? "" : object,
                        reference: reference, createdAt: now)) ? 1 : 0
                }
                if queueOnly {
                    for recipient in invite.attendees where smtp {
                        let mail = IMIPMessage.compose(invite, calendar: text, to: recipient, date: now)
                        queued.mail += try tx.enqueue(OutboxMessage(
                            id: "smtp|\(recipient.email.lowercased())|" + key, channel: .smtp, target: recipient.email,
                            sender: invite.organizer.email, payload: mail, reference: reference, createdAt: now)) ? 1 : 0
                    }
                    return
                }
                let name = invite.uid.replacingOccurrences(of: "@", with: "_")
                    + "-\(invite.sequence)-\(invite.method.rawValue.lowercased()).ics"
                // Atomic: a reader sees the old file or the whole new one, never half a message.
                try checkOutput(outbox + "/" + name)
                try App.writeFile(text, to: outbox + "/" + name)
                written.append(name)
                // The same message as iMIP e-mail, one per recipient.
                for recipient in invite.attendees {
                    let mail = IMIPMessage.compose(invite, calendar: text, to: recipient, date: now)
                    if smtp {
                        queued.mail += try tx.enqueue(OutboxMessage(
                            id: "smtp|\(recipient.email.lowercased())|" + key, channel: .smtp, target: recipient.email,
                            sender: invite.organizer.email, payload: mail, reference: reference, createdAt: now)) ? 1 : 0
                    }
                    let mailName = name.replacingOccurrences(of: ".ics", with: "") + "-"
                        + recipient.email.replacingOccurrences(of: "@", with: "_") + ".eml"
                    try checkOutput(outbox + "/" + mailName)
                    try App.writeFile(mail, to: outbox + "/" + mailName)
                }
                guard record else { return }
                try tx.recordSent(SentInvite(uid: invite.uid, reference: reference, audience: audience, sequence: invite.sequence,
                                             method: invite.method.rawValue, date: invite.date, start: invite.start, end: invite.end,
                                             organizer: invite.organizer.email + "\t" + invite.organizer.name,
                                             recipients: invite.attendees.map(\.email), fingerprint: App.fingerprint(invite),
                                             region: region, location: invite.location, recipientNames: invite.attendees.map(\.name)))
            }

            var current = Set<String>(), processed = Set<String>()
            for booking in bookings where reference == nil || booking.reference == reference {
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
                let matcher = shieldingMatcher(registration, cleared: cleared)
                for (audience, var invite) in planned {
                    current.insert(invite.uid)
                    if let matcher, audience != .professionals, audience != .child {
                        do { try App.checkShielding(invite, registration: registration, matcher: matcher) } catch {
                            warnings.append("\(error)")
                            continue
                        }
                    }
                    if let previous = sent[invite.uid] {
                        if previous.method == "REQUEST" && previous.fingerprint == App.fingerprint(invite) {
                            unchanged += 1
                            // Written before without sending: sending now delivers it (once).
                            if send {
                                invite.sequence = previous.sequence
                                try write(invite, reference: registration.reference, audience: audience.key,
                                          region: booking.region, record: false, queueOnly: true)
                            }
                            continue
                        }
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
                // Selected by the table's region, as requests are; published to that table's calendar.
                let table = previous.region ?? registration.homeRegion
                if let region, table != region { continue }
                if let reference, previous.reference != reference { continue }
                let organizer = previous.organizer.split(separator: "\t", maxSplits: 1).map(String.init)
                let cancel = CalendarInvite(method: .cancel, uid: previous.uid, sequence: previous.sequence + 1, date: previous.date,
                                            start: previous.start, end: previous.end, summary: "Geannuleerd: Jeugdbeschermingstafel \(previous.reference)",
                                            description: "Dit gesprek gaat niet door. Kenmerk: \(previous.reference).",
                                            location: previous.location ?? regions[table]?.location ?? "",
                                            organizer: .init(email: organizer.first ?? "", name: organizer.last ?? "", role: .chair),
                                            attendees: previous.recipients.map { .init(email: $0, name: $0) })
                try write(cancel, reference: previous.reference, audience: previous.audience, region: table)
            }
            let run = InviteRun(week: week.uppercased(), folder: outbox, written: written.sorted(), unchanged: unchanged,
                                warnings: warnings + hooks.failures, sendsMail: smtp, sendsCalendar: caldav,
                                queuedMail: queued.mail, queuedCalendar: queued.calendar)
            return (run, "\(written.count) uitnodigingen geschreven, \(unchanged) ongewijzigd"
                + (send ? "; \(queued.mail) e-mail(s) en \(queued.calendar) agendawijziging(en) in de outbox" : "")
                + App.clearedNote(cleared) + hooks.auditNote)
        }
        // After the commit: what this run enqueued, and what waited from earlier runs. A person who
        // sends again asks for a retry now (a background deliverer keeps to the back-off).
        if send { run.delivery = try deliverOutbox(retryNow: true) }
        return run
    }

    /// Writes a file of the outbox folder atomically and readable by its owner only.
    static func writeFile(_ text: String, to path: String) throws {
        do {
            try writeAtomically(Data(text.utf8), to: URL(fileURLWithPath: path))
        } catch {
            throw ServiceError.unavailable("kan \(path) niet schrijven: \(error.localizedDescription)")
        }
    }

    /// The bookings whose invites a run for one week writes: those in the week (at `region`'s
    /// tables), and those of cases whose last invite was for this week and that have moved to
    /// another week (where either the old or the new table is `region`'s); with the dates outside
    /// the week whose table sessions are needed.
    static func inviteBookings(_ tx: StoreTransaction, sent: [SentInvite], region: RegionID?, from monday: CivilDate,
                               through sunday: CivilDate) throws -> ([StoredBooking], [CivilDate]) {
        var result = try tx.bookings(region: region, from: monday, through: sunday)
        var seen = Set(result.map(\.reference))
        var dates = Set<CivilDate>()
        let movedOut = sent.filter { $0.method == "REQUEST" && $0.date >= monday && $0.date <= sunday }
        let byReference = Dictionary(grouping: movedOut, by: \.reference)
        for (reference, invites) in byReference.sorted(by: { $0.key < $1.key }) where !seen.contains(reference) {
            guard let booking = try tx.booking(reference), booking.date < monday || booking.date > sunday else { continue }
            if let region, booking.region != region, !invites.contains(where: { $0.region == region }) { continue }
            result.append(booking)
            seen.insert(reference)
            dates.insert(booking.date)
        }
        return (result, dates.sorted())
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

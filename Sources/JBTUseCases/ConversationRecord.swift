import JBTCore
import JBTDocuments
import JBTStorage

/// A verslag tells of the conversation as it was held: the snapshot taken when the version was
/// recorded, never the live booking (which a later change could move or remove).
extension DocumentData {
    /// The conversation at `booking` as it stands now: day, times, place (the region's own
    /// `locatie` rule included) and who chaired, from that day's roster.
    func snapshot(_ r: Registration, booking: StoredBooking, sessions: [TableSession]) -> ConversationSnapshot {
        let table = regions.rules(booking.region, near: booking.date)
        let session = sessions.first {
            $0.region == booking.region && $0.date == booking.date && $0.table == booking.table
        }
        var location = table?.location ?? ""
        if let table, let home = regions.rules(r.homeRegion, near: r.complete) {
            location = hooks.location(
                r, home: home, table: table, date: booking.date, start: booking.start,
                tableNumber: booking.table)
        }
        return ConversationSnapshot(
            date: booking.date, start: booking.start.description, end: booking.end.description,
            childStart: booking.childStart?.description, region: booking.region,
            table: booking.table, location: location,
            chair: session?.chair.flatMap { roster.person($0)?.name },
            boardOfficer: session?.boardOfficer.flatMap { roster.person($0)?.name })
    }

    /// The `gesprek` fields of a verslag version: from its snapshot; for a version stored before
    /// snapshots were kept, from the booking only while it is still on the verslag's day (then
    /// nothing has moved), else the day the verslag names and, said in so many words, no more.
    func heldConversation(
        _ r: Registration, _ v: Verslag, booking: StoredBooking?, sessions: [TableSession],
        base: DocumentValue?
    ) -> DocumentValue {
        var gesprek: [String: DocumentValue] = [:]
        if case .object(let fields)? = base { gesprek = fields }
        let sameDay = booking.flatMap { $0.date == v.date ? $0 : nil }
        let held = v.conversation ?? sameDay.map { snapshot(r, booking: $0, sessions: sessions) }
        gesprek["niet_vastgelegd"] = .text("")
        guard let held else {
            let unknown = DocumentValue.text("onbekend")
            gesprek["datum"] = .text(v.date.dutchLong)
            for field in ["tijd", "eindtijd", "locatie", "voorzitter"] { gesprek[field] = unknown }
            gesprek["heeft_kindgesprek"] = .bool(false)
            gesprek["kindgesprek_tijd"] = .text("")
            gesprek["niet_vastgelegd"] = .text(DocumentData.snapshotMissing)
            return .object(gesprek)
        }
        gesprek["datum"] = .text(held.date.dutchLong)
        gesprek["tijd"] = .text(held.start)
        gesprek["eindtijd"] = .text(held.end)
        gesprek["locatie"] = .text(held.location)
        gesprek["voorzitter"] = .text(held.chair ?? "(niet ingeroosterd)")
        gesprek["heeft_kindgesprek"] = .bool(held.childStart != nil)
        gesprek["kindgesprek_tijd"] = .text(held.childStart ?? "")
        return .object(gesprek)
    }

    static let snapshotMissing = """
        Deze versie van het verslag is vastgelegd voordat jbt het gesprek zelf bij het verslag bewaarde, \
        en het gesprek is daarna verplaatst of geannuleerd: tijd, plaats en voorzitter van het gehouden \
        gesprek zijn niet meer bekend.
        """
}

extension App {
    /// The booked conversation of `r` as it stands now, to keep with a verslag version.
    func conversationNow(_ tx: StoreTransaction, _ r: Registration) throws -> ConversationSnapshot? {
        guard let booking = try tx.booking(r.reference) else { return nil }
        let roster = try tx.roster()
        let day = booking.date
        let (sessions, _) = TableCalendar.sessions(regions: regions, roster: roster, from: day, through: day)
        let data = DocumentData(regions: regions, roster: roster, hooks: hooks)
        return data.snapshot(r, booking: booking, sessions: sessions)
    }

    /// A conversation with a verslag has been held: it is not cancelled or moved (a follow-up is a
    /// conversation of its own).
    func refuseIfHeld(_ tx: StoreTransaction, reference: String, action: String) throws {
        let versions = try tx.recordVersions(reference: reference, kind: RecordKind.verslag.rawValue, as: Verslag.self)
        guard let last = versions.last else { return }
        throw ServiceError.conflict(
            """
            \(reference) kan niet \(action) worden: het gesprek is gehouden op \(last.record.date.dutchShort) en heeft \
            een verslag (versie \(last.version)). Een vervolg is een nieuw gesprek: leg een evaluatie vast in het \
            verslag (jbt verslag \(reference) --from BESTAND) of meld een nieuwe zaak aan.
            """)
    }
}

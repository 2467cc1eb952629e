import Foundation
import JBTCore
import JBTCalendar
import JBTDocuments
import JBTStorage

// The typed results of the use cases. A front end (the command line, the web board) presents
// them; nothing here is finished text for one front end.

/// A region with what is in force today and the dated changes still to come.
public struct RegionDetail: Sendable {
    /// One labelled rule of a region, as a person reads it ("Norm": "14 dagen na …").
    public struct Fact: Sendable, Hashable {
        public var label: String
        public var text: String
    }

    /// From `from` on, these facts differ from the version before; or, with `ended`, the table no
    /// longer sits because these rules have no value.
    public struct Change: Sendable, Hashable {
        public var from: CivilDate
        public var facts: [Fact]
        public var ended: [String]?
    }

    public var rules: RegionRules
    public var facts: [Fact]
    /// The rules that have no value today, when the region's table does not sit now.
    public var currentlyEnded: [String]?
    public var changes: [Change]
}

/// The aanmeldingen one intake registered, in the order given.
public struct IntakeResult: Sendable {
    public var registered: [Registration]

    /// How many per home region, in region id order.
    public var perRegion: [(region: RegionID, count: Int)] {
        var counts: [RegionID: Int] = [:]
        for r in registered { counts[r.homeRegion, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// The roster with the changes its absences and substitutes make to the table days of a period.
public struct RosterOverview: Sendable {
    public var roster: Roster
    public var from: CivilDate
    public var through: CivilDate
    /// Substitutes and tables that cannot sit (closures left out: they are the region's own).
    public var notes: [TableNote]
}

/// A cancelled registration and the place its booking freed, if it had one.
public struct Cancellation: Sendable {
    public var reference: String
    public var freed: StoredBooking?
}

/// One region's wachttijdsignalering: its cases that miss the norm, by deadline.
public struct RegionSignals: Sendable {
    public var region: RegionID
    /// The region's rules (its name, norm and escalation contact), when it is still loaded.
    public var rules: RegionRules?
    public var signals: [NormSignal]
}

/// One reason why a case misses the norm, as the planner found it. `text` is the Dutch a
/// voorzitter reads; the cases are what a report counts (no table, full, unavailable, …).
public enum MissReason: Sendable, Hashable, Codable {
    /// The case can only start (complete plus preparation) after its norm date.
    case startsAfterNorm(earliest: CivilDate, deadline: CivilDate)
    /// The home region has no table in the window; `closures` say why ("di 22 dec: gesloten").
    case noTable(region: String, from: CivilDate, through: CivilDate, closures: [String])
    /// The home region does not hold this type of conversation.
    case typeNotHeld(region: String, type: String)
    /// The family or the aanmelder cannot on these table days.
    case unavailable(days: [CivilDate])
    /// No place leaves room for the child conversation before it.
    case noRoomForChildConversation
    /// Every fitting place at home in the window is taken.
    case homeFull(region: String, places: Int, from: CivilDate, through: CivilDate)
    /// The home region has no neighbour to take its overflow.
    case noNeighbour
    /// The neighbours have no fitting table in the window either.
    case neighboursNoTable(neighbours: [String], from: CivilDate, through: CivilDate)
    /// The neighbours' fitting places are taken too.
    case neighboursFull(neighbours: [String], places: Int)
    /// Booked after the norm date.
    case bookedLate(on: CivilDate, daysLate: Int)
    /// Not booked within the planning horizon.
    case notBooked(through: CivilDate)
    /// A region's own rule (`region`: its name, or "de buurregio's") failed, so its decision counted as "no" for these places: `hook` is
    /// `toelaten`, or `*` when the rules' budget for the command was used up; `failure` says where
    /// and what ("…/regels.lua:3: tabel kwijt").
    case ruleFailed(region: String, hook: String, places: Int, failure: String)
    /// The home region's `normdagen` rule failed: the usual norm of `normDays` days applied.
    case normRuleFailed(region: String, normDays: Int, failure: String)

    /// The reason in Dutch.
    public var text: String {
        switch self {
        case .startsAfterNorm(let earliest, let deadline):
            "kan pas vanaf \(earliest.dutchShort), na de normdatum \(deadline.dutchShort)"
        case .noTable(let region, let from, let through, let closures):
            "geen tafel in \(region) tussen \(from.dutchShort) en \(through.dutchShort)"
                + (closures.isEmpty ? "" : " (" + closures.joined(separator: "; ") + ")")
        case .typeNotHeld(let region, let type):
            "\(region) houdt geen \(type)"
        case .unavailable(let days):
            "gezin of aanmelder verhinderd op " + days.map(\.dutchShort).joined(separator: ", ")
        case .noRoomForChildConversation:
            "geen plek met ruimte voor het kindgesprek vooraf"
        case .homeFull(let region, let places, let from, let through):
            "alle \(places) passende plekken in \(region) tussen \(from.dutchShort) en \(through.dutchShort) zijn bezet"
        case .noNeighbour:
            "geen buurregio ingesteld om uit te wijken"
        case .neighboursNoTable(let neighbours, let from, let through):
            "ook bij de buurregio's (\(neighbours.joined(separator: ", "))) geen passende tafel "
                + "tussen \(from.dutchShort) en \(through.dutchShort)"
        case .neighboursFull(let neighbours, let places):
            "de \(places) passende plekken bij de buurregio's (\(neighbours.joined(separator: ", "))) zijn ook bezet"
        case .bookedLate(let date, let late):
            "geboekt op \(date.dutchShort), \(late) \(late == 1 ? "dag" : "dagen") na de normdatum"
        case .notBooked(let through):
            "niet geboekt binnen de planperiode (t/m \(through.dutchShort))"
        case .ruleFailed(let region, let hook, let places, let failure) where hook == "*":
            "de eigen regels van \(region) hadden hun rekengrens bereikt, daardoor \(places == 1 ? "telde" : "telden") "
                + "\(MissReason.places(places)) als 'nee' (\(failure))"
        case .ruleFailed(let region, let hook, let places, let failure):
            "de eigen regel '\(hook)' van \(region) faalde, daardoor \(places == 1 ? "telde" : "telden") "
                + "\(MissReason.places(places)) als 'nee' (\(failure))"
        case .normRuleFailed(let region, let normDays, let failure):
            "de eigen norm (normdagen) van \(region) faalde, daardoor geldt de gewone norm van \(normDays) dagen (\(failure))"
        }
    }

    private static func places(_ count: Int) -> String {
        "\(count) \(count == 1 ? "plek" : "plekken")"
    }

    /// The reasons of one case, as one sentence.
    public static func sentence(_ reasons: [MissReason]) -> String {
        reasons.map(\.text).joined(separator: "; ")
    }
}

/// A region's table days of one ISO week, as the voorzitter reads them.
public struct AgendaWeek: Sendable {
    /// A child at the child conversation: initials and age only.
    public struct Child: Sendable, Hashable {
        public var initials: String
        public var age: Int
    }

    /// The child conversation before a conversation, without the parents.
    public struct ChildConversation: Sendable, Hashable {
        public var start: TimeOfDay
        public var children: [Child]
    }

    /// A booked conversation: the case by reference, who is expected, how the invites were answered.
    public struct Conversation: Sendable {
        public var booking: StoredBooking
        public var type: MeetingType
        public var homeRegion: RegionID
        /// The case comes from another region (this table takes its overflow).
        public var fromNeighbour: Bool
        public var shielded: Bool
        public var child: ChildConversation?
        /// Who is expected, in words ("voorzitter", "2 ouders", "aanmelder (Lokaal team)").
        public var expected: [String]
        /// Where it is held, when a region's rule put it elsewhere than the table's own place.
        public var location: String?
        /// "2 geaccepteerd, 1 geen antwoord", when invites were sent.
        public var answers: String?
    }

    /// A start time: free, or a conversation.
    public enum Slot: Sendable {
        case free(TimeOfDay)
        case booked(Conversation)
    }

    /// One table on one day.
    public struct Table: Sendable {
        public var number: Int
        /// The table sits (has a session) that day; a booking on a table that no longer sits shows
        /// without chair and officer.
        public var sitting: Bool
        public var chair: String?
        public var boardOfficer: String?
        public var slots: [Slot]
    }

    public struct Day: Sendable {
        public var date: CivilDate
        public var tables: [Table]
    }

    /// The region's rules in force that week.
    public var rules: RegionRules
    /// The week as written, upper case (`2026-W49`).
    public var week: String
    public var monday: CivilDate
    public var sunday: CivilDate
    /// Substitutes, closures and tables that cannot sit, in this region.
    public var notes: [TableNote]
    /// Written evaluations (from a verslag) due this week.
    public var writtenEvaluations: [FollowUp]
    public var days: [Day]
    /// The region rules that failed while the agenda was made (a `locatie` or `deelnemers` hook),
    /// each with file and line: the places and participants above then fell back to the defaults.
    public var ruleFailures: [String] = []
}

/// A version of a record that was just stored.
public struct RecordedVersion: Sendable {
    /// What an evaluation moment in a verslag became.
    public enum FollowUpCreated: Sendable, Hashable {
        /// A written evaluation, due then.
        case written(due: CivilDate)
        /// An evaluatiegesprek, registered to be planned between `earliest` and `due`.
        case conversation(reference: String, earliest: CivilDate, due: CivilDate)
    }

    public var reference: String
    public var kind: App.RecordKind
    public var version: Int
    public var followUp: FollowUpCreated?
    /// For a veiligheidsplan: whether the parents agree.
    public var parentsAgree: Bool?
    /// For a reactie: the reaction that made this version.
    public var reaction: Reaction?
    /// For a reactie to the verslag of a shielded (LET JB) case: what the family gets.
    public var shielding: ReactionShielding?
    /// For a family version (`jbt reactie REF --gezinsversie N`): the number of the reaction.
    public var familyVersionOf: Int?

    public init(reference: String, kind: App.RecordKind, version: Int) {
        self.reference = reference
        self.kind = kind
        self.version = version
    }
}

/// Every version of a record: who added what when, and the follow-ups a verslag asked for.
public struct RecordHistory: Sendable {
    public struct Entry: Sendable, Hashable {
        public var version: Int
        public var change: String
        public var addedAt: String
    }

    public var reference: String
    public var kind: App.RecordKind
    /// Oldest first; empty when the case has no such record yet.
    public var versions: [Entry]
    public var followUps: [FollowUp]
}

/// A rendered document: its bytes, a file name made from the case (no names of people) and its type.
public struct RenderedDocument: Sendable {
    public var name: String
    public var format: DocumentFormat
    public var data: Data
    /// The region rules that failed while it was filled (a `locatie` hook, say), each with file and
    /// line: the document then holds the default (the table's own place).
    public var ruleFailures: [String] = []

    /// The media type for a download or an e-mail part.
    public var mediaType: String {
        switch format {
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .pdf: "application/pdf"
        case .html: "text/html; charset=utf-8"
        case .md: "text/markdown; charset=utf-8"
        }
    }
}

/// Who receives which document of a case.
public struct DocumentRecipients: Sendable {
    public var reference: String
    /// The region whose rules decide (the home region).
    public var regionName: String
    public var receivers: [(kind: DocumentKind, audiences: [DocumentAudience])]
    /// A LET JB case: family copies never name the GI worker.
    public var shielded: Bool
}

/// What one run of the invites did: files written to the folder, what was enqueued for delivery
/// and, after the commit, what was delivered.
public struct InviteRun: Sendable {
    /// The week, upper case (`2026-W49`).
    public var week: String
    /// The folder the `.ics` and `.eml` files went to.
    public var folder: String
    /// The `.ics` files written, by name.
    public var written: [String]
    /// Invites whose content had not changed: not written again.
    public var unchanged: Int
    public var warnings: [String]
    /// E-mail delivery was asked for and is configured.
    public var sendsMail: Bool
    /// Calendar publishing was asked for and is configured.
    public var sendsCalendar: Bool
    public var queuedMail: Int
    public var queuedCalendar: Int
    /// What the delivery after the commit did (also to messages waiting from earlier runs).
    public var delivery: App.OutboxDelivery?
}

/// An absence just recorded, and the table days it changes: a substitute takes over, or the table
/// cannot sit (then its conversations need another place).
public struct AbsenceChange: Sendable {
    public var absence: Roster.Absence
    public var affected: [TableNote]
}

/// What an import of iTIP replies did: how many answers were recorded, and for every message or
/// answer that was not, why ("file: reason"), never dropped silently.
public struct ReplyImport: Sendable {
    public var recorded: Int
    public var files: Int
    public var notes: [String]
}

/// Busy times read for a rostered person or a case's family, and the booked conversations they hit.
public struct AvailabilityImport: Sendable {
    /// The person's id or the case's reference.
    public var owner: String
    public var busy: [BusyInterval]
    public var hits: [StoredBooking]
}

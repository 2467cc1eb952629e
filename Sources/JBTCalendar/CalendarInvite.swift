import JBTCore

/// One iTIP message for one audience of one booking: what is sent, and to whom.
public struct CalendarInvite: Sendable, Hashable {
    public enum Method: String, Sendable { case request = "REQUEST", cancel = "CANCEL" }

    public struct Participant: Sendable, Hashable {
        public enum Role: Sendable { case chair, required, optional }
        public var email: String
        public var name: String
        public var role: Role
        public init(email: String, name: String, role: Role = .required) {
            self.email = email; self.name = name; self.role = role
        }
    }

    public var method: Method
    /// Stable for the same booking and audience; never changes on updates.
    public var uid: String
    /// Rises on every change the organizer makes.
    public var sequence: Int
    public var date: CivilDate
    /// Minutes after midnight, Europe/Amsterdam.
    public var start: Int
    public var end: Int
    public var summary: String
    public var description: String
    public var location: String
    public var organizer: Participant
    public var attendees: [Participant]

    public init(method: Method, uid: String, sequence: Int, date: CivilDate, start: Int, end: Int, summary: String,
                description: String, location: String, organizer: Participant, attendees: [Participant]) {
        self.method = method; self.uid = uid; self.sequence = sequence; self.date = date; self.start = start
        self.end = end; self.summary = summary; self.description = description; self.location = location
        self.organizer = organizer; self.attendees = attendees
    }

    /// Every text in the message a recipient can read.
    public var readableTexts: [String] {
        [summary, description, location, organizer.name] + attendees.map(\.name)
    }
}

/// A person outside the table's own staff: a parent, the referrer, the GI worker.
public struct ContactPerson: Sendable, Hashable, Codable {
    public var name: String
    public var organisation: String?
    public var email: String?
    /// Phone number, as written (the GI worker's, for shielding).
    public var phone: String?
    /// Addresses of the organisation and the workplace (the GI worker's, for shielding).
    public var addresses: [String]?
    public init(name: String, organisation: String? = nil, email: String? = nil, phone: String? = nil,
                addresses: [String]? = nil) {
        self.name = name; self.organisation = organisation; self.email = email
        self.phone = phone
        self.addresses = addresses
    }
}

/// A child of the family, by initials and birth date only: the toolkit never stores a child's name.
public struct ChildRecord: Sendable, Hashable, Codable {
    public var initials: String
    public var birthDate: CivilDate
    public init(initials: String, birthDate: CivilDate) { self.initials = initials; self.birthDate = birthDate }

    /// Age in whole years on `date`.
    public func age(on date: CivilDate) -> Int {
        let b = birthDate.components, d = date.components
        var age = d.year - b.year
        if (d.month, d.day) < (b.month, b.day) { age -= 1 }
        return age
    }
}

/// An aanmelding: a request by a professional to discuss a family at the table.
public struct Registration: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        case open = "open"
        case booked = "geboekt"
        case cancelled = "geannuleerd"
    }

    /// The case reference: the only identifier that leaves the system.
    public var reference: String
    public var municipality: String
    public var homeRegion: RegionID
    public var type: MeetingType
    public var registered: CivilDate
    /// The day the aanmelding was complete: the norm counts from here.
    public var complete: CivilDate
    /// The earliest table date; nil means `complete + preparationDays` of the home region.
    public var earliest: CivilDate?
    public var children: [ChildRecord]
    /// Dates the family or the referrer cannot make.
    public var unavailable: [CivilDate]
    public var referrer: ContactPerson
    public var parents: [ContactPerson]
    public var childProtectionWorker: ContactPerson?
    /// The vertrouwensfiguur the parents bring, if any; family-facing, like the parents.
    public var confidant: ContactPerson?
    /// LET JB: the GI worker's identity must never reach the family.
    public var shielded: Bool
    public var status: Status
    /// Booked by hand at a chosen place (`pin`): the planner keeps it and a reschedule refuses it
    /// until it is let go. Nil (not false) when it never was, so that stored records stay as they were.
    public var pinned: Bool?

    public init(reference: String, municipality: String, homeRegion: RegionID, type: MeetingType,
                registered: CivilDate, complete: CivilDate, earliest: CivilDate? = nil,
                children: [ChildRecord] = [], unavailable: [CivilDate] = [],
                referrer: ContactPerson, parents: [ContactPerson] = [],
                childProtectionWorker: ContactPerson? = nil, confidant: ContactPerson? = nil, shielded: Bool = false,
                status: Status = .open) {
        self.reference = reference; self.municipality = municipality; self.homeRegion = homeRegion
        self.type = type; self.registered = registered; self.complete = complete; self.earliest = earliest
        self.children = children; self.unavailable = unavailable; self.referrer = referrer
        self.parents = parents; self.childProtectionWorker = childProtectionWorker; self.confidant = confidant
        self.shielded = shielded; self.status = status
    }

    public func earliestDate(in rules: RegionRules) -> CivilDate {
        max(earliest ?? complete.adding(days: rules.preparationDays), complete)
    }

    public func deadline(in rules: RegionRules) -> CivilDate { complete.adding(days: rules.normDays) }

    /// Children at or over the region's threshold age on `date` get a separate conversation.
    public func needsChildConversation(on date: CivilDate, threshold: Int) -> Bool {
        children.contains { $0.age(on: date) >= threshold }
    }
}

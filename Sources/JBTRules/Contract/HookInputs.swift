/// A hook argument that is a Lua table: its fields one by one (what the memo walks with) and whole.
public protocol HookArgument: Sendable {
    /// The Lua table, as the script gets it.
    var ruleValue: RuleValue { get }
    /// `ruleValue`'s field `key` (nil when absent), without building the table.
    func field(_ key: String) -> RuleValue?
}

/// The case as a hook sees it (the Lua table `zaak`). Contract v1 passes no dates, names or
/// anything personal, which is what makes memoising the hooks' answers safe.
public struct HookCase: HookArgument, Hashable {
    /// "vijf-voor-twaalf", "kwart-voor-twaalf", "evaluatie", "ots-beeindiging",
    /// "warme-overdracht-start", "warme-overdracht-einde"
    public var soort: String
    public var regio: String
    public var gemeente: String
    public var kinderen: Int
    /// Ages in years at the table date; nil when unknown (then absent in Lua).
    public var oudsteKind: Int?
    public var jongsteKind: Int?
    public var letJB: Bool
    /// "vast" | "op_afroep"
    public var gi: String

    public init(soort: String, regio: String, gemeente: String, kinderen: Int, oudsteKind: Int? = nil,
                jongsteKind: Int? = nil, letJB: Bool = false, gi: String = "vast") {
        self.soort = soort
        self.regio = regio
        self.gemeente = gemeente
        self.kinderen = kinderen
        self.oudsteKind = oudsteKind
        self.jongsteKind = jongsteKind
        self.letJB = letJB
        self.gi = gi
    }

    /// The Lua table `zaak`.
    public var ruleValue: RuleValue {
        var fields: [String: RuleValue] = [
            "soort": .text(soort), "regio": .text(regio), "gemeente": .text(gemeente),
            "kinderen": .number(Double(kinderen)), "let_jb": .bool(letJB), "gi": .text(gi),
        ]
        if let oudsteKind { fields["oudste_kind"] = .number(Double(oudsteKind)) }
        if let jongsteKind { fields["jongste_kind"] = .number(Double(jongsteKind)) }
        return .table(fields)
    }

    public func field(_ key: String) -> RuleValue? {
        switch key {
        case "soort": return .text(soort)
        case "regio": return .text(regio)
        case "gemeente": return .text(gemeente)
        case "kinderen": return .number(Double(kinderen))
        case "let_jb": return .bool(letJB)
        case "gi": return .text(gi)
        case "oudste_kind": return oudsteKind.map { .number(Double($0)) }
        case "jongste_kind": return jongsteKind.map { .number(Double($0)) }
        default: return nil
        }
    }
}

/// A place at a table as a hook sees it (the Lua table `plek`).
public struct HookSlot: HookArgument, Hashable {
    public var regio: String
    /// "maandag" … "vrijdag"
    public var weekdag: String
    /// "09:30"
    public var begintijd: String
    /// 1-based, for parallel tables
    public var tafel: Int
    public var locatie: String

    public init(regio: String, weekdag: String, begintijd: String, tafel: Int = 1, locatie: String) {
        self.regio = regio
        self.weekdag = weekdag
        self.begintijd = begintijd
        self.tafel = tafel
        self.locatie = locatie
    }

    /// The Lua table `plek`.
    public var ruleValue: RuleValue {
        .table(["regio": .text(regio), "weekdag": .text(weekdag), "begintijd": .text(begintijd),
                "tafel": .number(Double(tafel)), "locatie": .text(locatie)])
    }

    public func field(_ key: String) -> RuleValue? {
        switch key {
        case "regio": return .text(regio)
        case "weekdag": return .text(weekdag)
        case "begintijd": return .text(begintijd)
        case "tafel": return .number(Double(tafel))
        case "locatie": return .text(locatie)
        default: return nil
        }
    }
}

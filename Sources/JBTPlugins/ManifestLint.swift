import JBTCore
import JBTInput

/// What a region manifest may say but cannot mean, found while it is read and shown by
/// `jbt plugins lint` as warnings with file, line and field (loading goes on: nothing here makes
/// the rules unusable, but each is almost certainly a mistake).
public enum ManifestLint {
    static func warnings(_ rules: RegionRules, manifest m: StrictMapping, municipalities: [StrictNode], letJB: Bool,
                         root: StrictNode) -> [InputError] {
        var out: [InputError] = []
        // Preparation that takes the whole norm: no case can ever be planned within it.
        if rules.preparationDays >= rules.normDays {
            let node = m["voorbereiding_dagen"] ?? m["norm_dagen"] ?? root
            out.append(node.error("de voorbereiding (\(rules.preparationDays) dagen) is even lang als of langer dan de norm "
                                  + "(\(rules.normDays) dagen): geen aanmelding kan binnen de norm aan tafel"))
        }
        // Warm handovers belong to the LET JB practice: listed without it, the region half-offers them.
        if !letJB, let typesNode = m["gesprekstypen"], let items = try? typesNode.sequence() {
            for item in items {
                guard let text = try? item.string(), let type = MeetingType(rawValue: text), type.isLetJBHandover else { continue }
                out.append(item.error("\(text) staat in gesprekstypen, maar let_jb staat niet aan; een warme overdracht hoort "
                                      + "bij de LET JB-werkwijze: zet let_jb: true (dan horen beide overdrachten er vanzelf bij)"))
            }
        }
        if let contact = try? m["escalatiecontact"]?.mapping(allowed: ["naam", "functie", "email"]),
           let node = contact["email"], let email = try? node.string(), !isEmailAddress(email) {
            out.append(node.error("\"\(email)\" is geen e-mailadres (naam@domein.nl); de signalering kan er niet heen"))
        }
        // One municipality twice, in the same or another spelling: a typo, or a copy.
        var seen: [String: String] = [:]
        for node in municipalities {
            guard let name = try? node.string() else { continue }
            let key = RegionCatalog.key(name)
            if let first = seen[key] {
                let how = first == name ? "staat twee keer in gemeenten" : "is dezelfde gemeente als \"\(first)\" (andere schrijfwijze)"
                out.append(node.error("gemeente \"\(name)\" \(how); noem elke gemeente één keer"))
            } else {
                seen[key] = name
            }
        }
        return out
    }

    /// Whether `text` has the form of one e-mail address: a local part and a domain with a dot,
    /// no spaces, no second `@`, no empty labels.
    public static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, local.count <= 64,
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
        guard local.allSatisfy(localAllowed.contains) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.count <= 253 else { return false }
        let labelAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        for label in labels {
            guard !label.isEmpty, label.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.allSatisfy(labelAllowed.contains) else { return false }
        }
        return labels.last!.count >= 2 && labels.last!.allSatisfy(\.isLetter)
    }
}

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
}

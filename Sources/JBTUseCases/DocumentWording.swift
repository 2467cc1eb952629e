import Foundation
import JBTCore

/// How people and places read in documents: a town for a letter's place line, and an invite's
/// attendee by name and role instead of an e-mail address and an invite key ("(gezin-1)").
enum DocumentWording {
    /// The town of an address for a letter's place line: after a Dutch postcode ("Stadhuis Tiel,
    /// Kalverbogt 25, 4001 MV Tiel" gives "Tiel"), else a municipality of the region named in the
    /// address ("Raadhuis Westdorp" gives "Westdorp"). Empty when neither is there.
    static func town(fromAddress address: String, municipalities: [String] = []) -> String {
        let parts = address.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if let last = parts.last {
            let words = last.split(separator: " ")
            // A postcode is four digits, then (after an optional space) two capital letters.
            if words.count >= 3, words[0].count == 4, words[0].allSatisfy(\.isNumber), words[1].count == 2,
               words[1].allSatisfy({ $0.isUppercase }) {
                return words.dropFirst(2).joined(separator: " ")
            }
            if words.count >= 2, let first = words.first, first.count == 6, first.prefix(4).allSatisfy(\.isNumber),
               first.suffix(2).allSatisfy({ $0.isUppercase }) {
                return words.dropFirst().joined(separator: " ")
            }
        }
        let folded = " " + address.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) + " "
        let named = municipalities.filter { name in
            let n = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            return [" ", ","].contains { before in [" ", ",", "."].contains { after in folded.contains(before + n + after) } }
        }
        return named.max { $0.count < $1.count } ?? ""
    }

    /// An invite's attendee as the chair reads them: the name and role of the case's person or the
    /// roster's person with that address, else the address itself.
    static func attendee(email: String, audience: String, registration r: Registration, roster: Roster) -> (name: String, role: String) {
        let address = email.lowercased()
        func matches(_ p: ContactPerson?) -> Bool { p?.email?.lowercased() == address }
        if let parent = r.parents.first(where: { matches($0) }) { return (parent.name, "ouder") }
        if matches(r.confidant) { return (r.confidant!.name, "vertrouwensfiguur") }
        if matches(r.childProtectionWorker) {
            let gi = r.childProtectionWorker!
            return (gi.name, r.shielded ? "jeugdbeschermer, LET JB" : "jeugdbeschermer")
        }
        if matches(r.referrer) { return (r.referrer.name, "aanmelder") }
        if let person = roster.people.first(where: { $0.email.lowercased() == address }) {
            return (person.name, person.role.dutchName)
        }
        switch audience {
        case _ where audience.hasPrefix("gezin"): return (email, "ouder")
        case "vertrouwensfiguur": return (email, "vertrouwensfiguur")
        case "kindgesprek": return (email, "kindgesprek")
        default: return (email, "professional")
        }
    }
}

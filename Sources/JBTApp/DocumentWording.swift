import Foundation
import JBTCore

/// How people and places read in documents: a town for a letter's place line, and an invite's
/// attendee by name and role instead of an e-mail address and an invite key ("(gezin-1)").
enum DocumentWording {
    /// The town of an address written the Dutch way ("Stadhuis Tiel, Kalverbogt 25, 4001 MV Tiel"
    /// gives "Tiel"): the last part after a comma, without its postcode. Empty when there is none.
    static func town(fromAddress address: String) -> String {
        guard let last = address.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        else { return "" }
        let words = last.split(separator: " ")
        // A postcode is four digits, then (after an optional space) two capital letters.
        if words.count >= 3, words[0].count == 4, words[0].allSatisfy(\.isNumber), words[1].count == 2,
           words[1].allSatisfy({ $0.isUppercase }) {
            return words.dropFirst(2).joined(separator: " ")
        }
        if let first = words.first, first.count == 6, first.prefix(4).allSatisfy(\.isNumber),
           first.suffix(2).allSatisfy({ $0.isUppercase }), words.count >= 2 {
            return words.dropFirst().joined(separator: " ")
        }
        return last
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

import Foundation
import JBTCore
import JBTStorage

extension PlanBuilder {
    /// The keys of a case's own people for the scheduler's person rule: the family (one key for a
    /// case and every follow-up of it, and each parent's and the confidant's e-mail address), the
    /// referrer and the GI worker by e-mail address. Professionals without an address are not
    /// tracked: a name alone is no stable key. Keys never collide with roster ids (`gezin:`,
    /// `email:`).
    static func ownPeople(_ r: Registration, origins: [String: String]) -> [String] {
        var keys = ["gezin:" + familyReference(r.reference, origins: origins)]
        let addresses = r.parents.map(\.email) + [r.confidant?.email, r.referrer.email, r.childProtectionWorker?.email]
        for address in addresses.compactMap({ $0 }) {
            let key = "email:" + address.trimmingCharacters(in: .whitespaces).lowercased()
            if key != "email:" && !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// The first conversation of a family: follows follow-ups (`REF-E1` → `REF`) back to where
    /// they started, at most a hundred steps (a cycle cannot hang planning).
    static func familyReference(_ reference: String, origins: [String: String]) -> String {
        var current = reference
        for _ in 0..<100 {
            guard let origin = origins[current], origin != current else { break }
            current = origin
        }
        return current
    }
}

extension App {
    /// Per follow-up conversation, the case it follows (`REF-E1` → `REF`).
    static func followUpOrigins(_ tx: StoreTransaction) throws -> [String: String] {
        let links = try tx.followUps().compactMap { f in f.followReference.map { ($0, f.reference) } }
        return Dictionary(links) { first, _ in first }
    }
}

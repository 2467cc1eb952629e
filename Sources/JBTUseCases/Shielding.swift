import Foundation
import JBTCalendar
import JBTCore
import JBTDocuments
import JBTInput

/// LET JB shielding at the edge of the system: every family-facing output of a shielded case
/// (documents in every format, the uitnodiging letter, the family's invites and their e-mails) is
/// checked against the GI worker's identity with `ShieldingMatcher` before it is written.
extension App {
    /// Text jbt itself writes into family copies that is not the worker: the regions' and
    /// municipalities' names and the secretariats. Their words never hit on their own.
    var shieldingCommonWords: Set<String> {
        var words = Set<String>()
        for region in regions.regions {
            words.insert(region.name)
            words.insert(region.id)
            words.formUnion(region.municipalities)
            if let secretariat = region.secretariat {
                words.insert(secretariat.name)
                words.insert(secretariat.email)
            }
        }
        return words
    }

    /// The matcher of a shielded case; nil when the case is not shielded or has no GI worker.
    func shieldingMatcher(_ r: Registration, cleared: [String] = []) -> ShieldingMatcher? {
        guard r.shielded, let worker = r.childProtectionWorker else { return nil }
        return ShieldingMatcher(
            identity: ShieldedIdentity(worker), cleared: cleared + [DocumentData.shieldedName],
            commonWords: shieldingCommonWords)
    }

    /// A family-facing copy of a shielded case must not name or point to the GI worker anywhere,
    /// free text included: refuse to render rather than leak. `cleared` are phrases a reviewer
    /// cleared as false alarms (`--vrijgeven`).
    static func checkShielding(
        _ value: DocumentValue, registration r: Registration, kind: DocumentKind,
        cleared: [String] = [], commonWords: Set<String> = []
    ) throws {
        guard let worker = r.childProtectionWorker else { return }
        let matcher = ShieldingMatcher(
            identity: ShieldedIdentity(worker), cleared: cleared + [DocumentData.shieldedName],
            commonWords: commonWords)
        for (path, text) in value.texts() {
            if let hit = matcher.hits(in: text).first {
                throw ServiceError.notAllowed(shieldingRefusal(r, kind: kind, field: path, hit: hit))
            }
        }
    }

    /// The whole rendered text of a copy (the template's own words included): the same check.
    static func checkShielding(
        rendered text: String, registration r: Registration, kind: DocumentKind,
        matcher: ShieldingMatcher
    ) throws {
        if let hit = matcher.hits(in: text).first {
            throw ServiceError.notAllowed(shieldingRefusal(r, kind: kind, field: "sjabloon (vaste tekst)", hit: hit))
        }
    }

    static func shieldingRefusal(_ r: Registration, kind: DocumentKind, field: String, hit: ShieldingHit) -> String {
        let ref = r.reference
        var fix: String
        if field.hasPrefix("reacties["), let n = Int(field.dropFirst("reacties[".count).prefix { $0.isNumber }) {
            fix = "leg een gezinsversie van die reactie vast (jbt reactie \(ref) --gezinsversie \(n) --from BESTAND)"
        } else if kind == .verslag || kind == .veiligheidsplan {
            fix = "pas het \(kind.rawValue) aan (jbt \(kind.rawValue) \(ref) --from BESTAND)"
        } else {
            fix = "pas de tekst of de regio-plugin aan"
        }
        fix += "; is het niet de jeugdbeschermer, geef het dan vrij met --vrijgeven \"\(hit.found)\""
        return "\(ref) is een afgeschermde zaak (LET JB): het exemplaar voor het gezin van het \(kind.rawValue) zou de "
            + "jeugdbeschermer noemen in veld \(field): \(hit.kind.dutchName) (\"\(hit.found)\"); \(fix)"
    }

    /// A family invite (and so its e-mail) of a shielded case: summary, description, place,
    /// organiser and attendees are checked.
    static func checkShielding(_ invite: CalendarInvite, registration r: Registration, matcher: ShieldingMatcher) throws
    {
        let fields: [(String, String)] =
            [
                ("SUMMARY", invite.summary), ("DESCRIPTION", invite.description), ("LOCATION", invite.location),
                ("ORGANIZER", invite.organizer.name + " " + invite.organizer.email),
            ] + invite.attendees.map { ("ATTENDEE", $0.name + " " + $0.email) }
        for (field, text) in fields {
            if let hit = matcher.hits(in: text).first {
                throw ServiceError.notAllowed(
                    "\(r.reference) is een afgeschermde zaak (LET JB): de uitnodiging voor het gezin "
                        + "(\(invite.uid)) zou de jeugdbeschermer noemen in \(field): "
                        + "\(hit.kind.dutchName) (\"\(hit.found)\"); die uitnodiging is niet geschreven of verstuurd; "
                        + "pas de regio-plugin of de aanmelding aan, of, is het niet de jeugdbeschermer, geef het dan "
                        + "vrij met --vrijgeven \"\(hit.found)\"")
            }
        }
    }
}

extension App {
    /// For a family copy of a shielded case: the check of the rendered text, template words included.
    func familyCopyInspection(_ request: DocumentRequest) throws -> ((String) throws -> Void)? {
        guard let reference = request.reference, [.verslag, .veiligheidsplan, .uitnodiging].contains(request.kind)
        else {
            return nil
        }
        let audience = request.audience ?? (request.kind == .uitnodiging ? .ouder : .professionals)
        guard audience.isFamily, let r = try workspace.openStore().read({ try $0.registration(reference) }),
            let matcher = shieldingMatcher(r, cleared: request.cleared)
        else { return nil }
        let kind = request.kind
        return { text in try App.checkShielding(rendered: text, registration: r, kind: kind, matcher: matcher) }
    }

    /// The audit log's note of what a reviewer cleared.
    static func clearedNote(_ cleared: [String]) -> String {
        guard !cleared.isEmpty else { return "" }
        return "; LET JB-controle: vrijgegeven " + cleared.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

extension App {
    /// A reaction to the verslag of a shielded case: its family version must not name the worker;
    /// an original that does is kept for the professionals, and the result says what the family needs.
    func reactionShielding(
        _ r: Registration, _ reaction: Reaction, number: Int, file: String
    ) throws -> ReactionShielding? {
        guard let matcher = shieldingMatcher(r) else { return nil }
        if let familyText = reaction.familyText {
            if let hit = matcher.hits(in: familyText).first {
                throw ServiceError.notAllowed(
                    "\(file), veld gezinsversie: de gezinsversie noemt nog de jeugdbeschermer: "
                        + "\(hit.kind.dutchName) (\"\(hit.found)\"); er is niets vastgelegd")
            }
            return .familyVersion
        }
        guard let hit = matcher.hits(in: reaction.text).first else { return nil }
        return .namesWorker(number: number, hit: hit)
    }

    /// Records the voorzitter's redacted version of reaction `number` for the family's copies, as
    /// a new version of the verslag; the reaction itself, and every earlier version, stay as they were.
    public func recordReactionFamilyVersion(reference: String, number: Int, path: String) throws -> RecordedVersion {
        let (text, line, field) = try RecordFile.familyVersion(path: path)
        let file = (path as NSString).lastPathComponent
        return try workspace.openStore().write(command: "reactie \(reference) --gezinsversie \(number) \(file)") { tx in
            guard let r = try tx.registration(reference) else { throw ServiceError.unknownReference(reference) }
            guard let matcher = shieldingMatcher(r) else {
                throw ServiceError.notAllowed(
                    "\(reference) is geen afgeschermde zaak (LET JB): het gezin krijgt de reacties zoals ze zijn")
            }
            let versions = try tx.recordVersions(
                reference: reference, kind: RecordKind.verslag.rawValue, as: Verslag.self)
            guard var record = versions.last?.record, !record.reactions.isEmpty else {
                throw ServiceError.notFound("het verslag van \(reference) heeft nog geen reacties")
            }
            guard (1...record.reactions.count).contains(number) else {
                throw ServiceError.notFound(
                    "het verslag van \(reference) heeft geen reactie \(number); "
                        + "er zijn reacties 1 t/m \(record.reactions.count)")
            }
            if let hit = matcher.hits(in: text).first {
                throw InputError(
                    file: path, line: line, field: field,
                    message: "de gezinsversie noemt nog de jeugdbeschermer: \(hit.kind.dutchName) (\"\(hit.found)\")")
            }
            record.reactions[number - 1].familyText = text
            let version = try tx.addRecordVersion(
                reference: reference, kind: RecordKind.verslag.rawValue, record,
                change: "gezinsversie van reactie \(number) vastgelegd")
            var result = RecordedVersion(reference: reference, kind: .verslag, version: version)
            result.familyVersionOf = number
            return (result, "gezinsversie van reactie \(number) → verslag versie \(version)")
        }
    }
}

/// What the family gets of a reaction to the verslag of a shielded (LET JB) case.
public enum ReactionShielding: Sendable, Hashable {
    /// The reaction came with a family version: the family's copies show that.
    case familyVersion
    /// The reaction names the worker: the family's copies are refused until the voorzitter records
    /// a family version of reaction `number`.
    case namesWorker(number: Int, hit: ShieldingHit)
}

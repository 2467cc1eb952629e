import Foundation
import JBTCore
import JBTInput
import JBTStorage

/// The records of a conversation: the verslag, the veiligheidsplan and reactions to the verslag.
/// Each is stored as versions; a version is never changed, so every earlier version stays renderable.
extension App {
    public enum RecordKind: String, Sendable, CaseIterable {
        case verslag, veiligheidsplan
    }

    /// Records (or corrects) the verslag of a booked conversation. An evaluation moment becomes a
    /// follow-up: an evaluatiegesprek registered for the scheduler, or a written evaluation due then.
    public func recordVerslag(reference: String, path: String) throws -> RecordedVersion {
        let verslag = try RecordFile.verslag(path: path)
        let file = (path as NSString).lastPathComponent
        return try workspace.openStore().write(command: "verslag \(reference) \(file)") { tx in
            let registration = try heldConversation(tx, reference: reference, date: verslag.date, file: path)
            var previous = try tx.recordVersions(reference: reference, kind: RecordKind.verslag.rawValue, as: Verslag.self)
            var record = verslag
            // A correction keeps the reactions already added: they belong to the record's history.
            record.reactions = previous.last?.record.reactions ?? []
            // The conversation as held goes with every version (a correction keeps the first one's).
            record.conversation = try previous.last?.record.conversation ?? conversationNow(tx, registration)
            let version = try tx.addRecordVersion(reference: reference, kind: RecordKind.verslag.rawValue, record,
                                                  change: previous.isEmpty ? "verslag vastgelegd" : "verslag gecorrigeerd")
            var result = RecordedVersion(reference: reference, kind: .verslag, version: version)
            let earlier = previous.popLast()?.record.evaluation
            if let evaluation = record.evaluation, evaluation != earlier {
                result.followUp = try followUp(tx, registration: registration, evaluation: evaluation, version: version,
                                               file: path)
            }
            let change = "verslag versie \(version)"
                + (record.evaluation.map { "; evaluatie \($0.form.rawValue) \($0.date.iso)" } ?? "")
            return (result, change)
        }
    }

    public func recordVeiligheidsplan(reference: String, path: String) throws -> RecordedVersion {
        let plan = try RecordFile.veiligheidsplan(path: path)
        let file = (path as NSString).lastPathComponent
        return try workspace.openStore().write(command: "veiligheidsplan \(reference) \(file)") { tx in
            guard let registration = try tx.registration(reference) else { throw ServiceError.unknownReference(reference) }
            guard registration.status != .cancelled else { throw ServiceError.conflict("\(reference) is geannuleerd") }
            let count = try tx.recordVersions(reference: reference, kind: RecordKind.veiligheidsplan.rawValue, as: Veiligheidsplan.self).count
            let version = try tx.addRecordVersion(reference: reference, kind: RecordKind.veiligheidsplan.rawValue, plan,
                                                  change: count == 0 ? "veiligheidsplan vastgelegd" : "veiligheidsplan bijgewerkt")
            var result = RecordedVersion(reference: reference, kind: .veiligheidsplan, version: version)
            result.parentsAgree = plan.parentsAgree
            return (result, "veiligheidsplan versie \(version)")
        }
    }

    /// Adds a reaction to the verslag as a new version; the earlier versions stay as they were.
    public func recordReaction(reference: String, path: String) throws -> RecordedVersion {
        let reaction = try RecordFile.reaction(path: path)
        let file = (path as NSString).lastPathComponent
        return try workspace.openStore().write(command: "reactie \(reference) \(file)") { tx in
            guard let registration = try tx.registration(reference) else { throw ServiceError.unknownReference(reference) }
            let versions = try tx.recordVersions(reference: reference, kind: RecordKind.verslag.rawValue, as: Verslag.self)
            guard var record = versions.last?.record else {
                throw ServiceError.conflict("\(reference) heeft nog geen verslag; een reactie hoort bij een verslag")
            }
            if reaction.date < record.date {
                throw ServiceError.invalid("\(file), veld datum: de reactie (\(reaction.date.iso)) is van vóór het gesprek (\(record.date.iso))")
            }
            let shielding = try reactionShielding(registration, reaction, number: record.reactions.count + 1, file: file)
            record.reactions.append(reaction)
            let version = try tx.addRecordVersion(reference: reference, kind: RecordKind.verslag.rawValue, record,
                                                  change: "reactie toegevoegd van \(reaction.from) (\(reaction.role))")
            var result = RecordedVersion(reference: reference, kind: .verslag, version: version)
            result.reaction = reaction
            result.shielding = shielding
            return (result, "reactie (\(reaction.role)) → verslag versie \(version)"
                        + (reaction.familyText == nil ? "" : " (met gezinsversie)"))
        }
    }

    /// Who added what when: every version of a record.
    public func recordHistory(reference: String, kind: RecordKind) throws -> RecordHistory {
        try workspace.openStore().read { tx in
            guard try tx.registration(reference) != nil else { throw ServiceError.unknownReference(reference) }
            let versions: [(Int, String, String)] = kind == .verslag
                ? try tx.recordVersions(reference: reference, kind: kind.rawValue, as: Verslag.self).map { ($0.version, $0.change, $0.addedAt) }
                : try tx.recordVersions(reference: reference, kind: kind.rawValue, as: Veiligheidsplan.self).map { ($0.version, $0.change, $0.addedAt) }
            let followUps = kind == .verslag ? try tx.followUps(reference: reference) : []
            return RecordHistory(reference: reference, kind: kind,
                                 versions: versions.map { .init(version: $0.0, change: $0.1, addedAt: $0.2) },
                                 followUps: followUps)
        }
    }

    /// The registration of a conversation that was held on `date` (its booking is on that day).
    func heldConversation(_ tx: StoreTransaction, reference: String, date: CivilDate, file: String) throws -> Registration {
        guard let registration = try tx.registration(reference) else { throw ServiceError.unknownReference(reference) }
        guard registration.status != .cancelled else { throw ServiceError.conflict("\(reference) is geannuleerd") }
        guard let booking = try tx.booking(reference) else {
            throw ServiceError.conflict("\(reference) heeft geen geboekt gesprek; een verslag hoort bij een gehouden gesprek")
        }
        if booking.date != date {
            throw ServiceError.invalid("\((file as NSString).lastPathComponent), veld datum: het gesprek van \(reference) was op \(booking.date.iso), het verslag noemt \(date.iso)")
        }
        return registration
    }

    /// Turns an evaluation moment into the planning: a table evaluation is a registration of its
    /// own (type evaluatie, due on the evaluation date: the scheduler books it within that norm);
    /// a written one is a follow-up with a due date on the region's signalering lists.
    func followUp(_ tx: StoreTransaction, registration: Registration, evaluation: EvaluationMoment, version: Int,
                  file: String) throws -> RecordedVersion.FollowUpCreated {
        let name = (file as NSString).lastPathComponent
        switch evaluation.form {
        case .written:
            try tx.insertFollowUp(FollowUp(reference: registration.reference, version: version, form: .written,
                                           due: evaluation.date, followReference: nil))
            return .written(due: evaluation.date)
        case .table:
            guard let rules = regions.rules(registration.homeRegion, near: evaluation.date) else {
                throw ServiceError.invalid("\(name), veld evaluatie: geen regels van \(registration.homeRegion) rond \(evaluation.date.iso)")
            }
            guard rules.meetingTypes.contains(.evaluatie) else {
                throw ServiceError.invalid("\(name), veld evaluatie.vorm: \(rules.name) houdt geen evaluatiegesprekken aan tafel; kies vorm: schriftelijk")
            }
            let n = try tx.followUps(reference: registration.reference).count + 1
            let reference = "\(registration.reference)-E\(n)"
            let earliest = max(evaluation.date.adding(days: -7), today)
            var follow = Registration(
                reference: reference, municipality: registration.municipality, homeRegion: registration.homeRegion,
                type: .evaluatie, registered: today, complete: evaluation.date.adding(days: -rules.normDays),
                earliest: earliest, children: registration.children, unavailable: [], referrer: registration.referrer,
                parents: registration.parents, childProtectionWorker: registration.childProtectionWorker,
                confidant: registration.confidant, shielded: registration.shielded)
            follow.status = .open
            if try tx.registration(reference) != nil { throw StoreError.duplicateReference(reference) }
            try tx.insert(follow)
            try tx.insertFollowUp(FollowUp(reference: registration.reference, version: version, form: .table,
                                           due: evaluation.date, followReference: reference))
            return .conversation(reference: reference, earliest: earliest, due: evaluation.date)
        }
    }
}

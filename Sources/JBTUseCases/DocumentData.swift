import Foundation
import JBTCore
import JBTDocuments
import JBTStorage

/// Who a copy of a document is for. Family-facing copies of a shielded (LET JB) case never name
/// the GI worker, their organisation or address.
public enum DocumentAudience: String, Sendable, CaseIterable {
    case professionals = "professionals"
    case ouder = "ouder"
    case vertrouwensfiguur = "vertrouwensfiguur"
    case kind = "kind"

    public var isFamily: Bool { self != .professionals }
}

/// Turns records and planning into the value trees the templates are filled with (the schema is
/// `DocumentSamples.full`). Only initials and ages of children; never a child's name.
struct DocumentData {
    let regions: RegionCatalog
    let roster: Roster
    let hooks: RuleHooks

    static let shieldedName = "jeugdbeschermer (LET JB)"

    func common(_ registration: Registration, booking: StoredBooking?, title: String, date: CivilDate, version: Int?,
                audience: DocumentAudience, sessions: [TableSession]) -> [String: DocumentValue] {
        let rules = regions.rules(registration.homeRegion, near: booking?.date ?? date)
        var d: [String: DocumentValue] = [
            "zaak": .text(registration.reference),
            "regio": .object(["naam": .text(rules?.name ?? registration.homeRegion)]),
            "document": .object(["titel": .text(title), "datum": .text(date.dutchLong), "versie": .text(version.map(String.init) ?? "1")]),
            "afgeschermd": .bool(registration.shielded),
            "gezinsexemplaar": .bool(audience.isFamily),
            "ontvanger": .object(["naam": .text(recipientName(registration, audience, on: date)), "rol": .text(audience.dutchName)]),
        ]
        // The conversation's own table (a neighbouring region's, when it is booked there) holds it:
        // its chair, secretariat and town are the letter's, not the home region's.
        let table = booking.flatMap { regions.rules($0.region, near: $0.date) } ?? rules
        let tableName = table?.name ?? registration.homeRegion
        var gesprek: [String: DocumentValue] = ["soort": .text(registration.type.dutchName),
                                                "secretaris": .text("Secretariaat Jeugdbeschermingstafel \(tableName)"),
                                                "regio": .text(tableName)]
        var town = DocumentWording.town(fromAddress: table?.location ?? "", municipalities: table?.municipalities ?? [])
        if let booking, let region = regions.rules(booking.region, near: booking.date) {
            let session = sessions.first { $0.region == booking.region && $0.date == booking.date && $0.table == booking.table }
            gesprek["datum"] = .text(booking.date.dutchLong)
            gesprek["tijd"] = .text(booking.start.description)
            gesprek["eindtijd"] = .text(booking.end.description)
            gesprek["locatie"] = .text(regions.rules(registration.homeRegion, near: registration.complete).map {
                hooks.location(registration, home: $0, table: region, date: booking.date, start: booking.start, tableNumber: booking.table)
            } ?? region.location)
            // Where it is held (a region rule may choose another place than the table's default).
            if case .text(let place)? = gesprek["locatie"] {
                let held = DocumentWording.town(fromAddress: place, municipalities: region.municipalities)
                if !held.isEmpty { town = held }
            }
            gesprek["voorzitter"] = .text(session?.chair.flatMap { roster.person($0)?.name } ?? "")
            gesprek["heeft_kindgesprek"] = .bool(booking.childStart != nil)
            gesprek["kindgesprek_tijd"] = .text(booking.childStart?.description ?? "")
        } else {
            gesprek["heeft_kindgesprek"] = .bool(false)
        }
        d["gesprek"] = .object(gesprek)
        d["document"] = .object(["titel": .text(title), "datum": .text(date.dutchLong), "versie": .text(version.map(String.init) ?? "1"),
                                 "plaats": .text(town.isEmpty ? tableName : town)])
        return d
    }

    func recipientName(_ r: Registration, _ audience: DocumentAudience, on date: CivilDate) -> String {
        switch audience {
        case .professionals: return "de betrokken professionals"
        case .ouder: return r.parents.map(\.name).joined(separator: " en ")
        case .vertrouwensfiguur: return r.confidant?.name ?? "de vertrouwensfiguur"
        case .kind:
            let from = regions.rules(r.homeRegion, near: date)?.documents.childFromAge ?? 16
            return r.children.filter { $0.age(on: date) >= from }.map(\.initials).joined(separator: " en ")
        }
    }

    /// The children in running text: "S.K. (13 jaar) en L.K. (8 jaar)".
    func childrenText(_ r: Registration, on date: CivilDate) -> DocumentValue {
        .text(DutchList.joined(r.children.map { "\($0.initials) (\($0.age(on: date)) jaar)" }))
    }

    func children(_ r: Registration, on date: CivilDate) -> DocumentValue {
        .list(r.children.map { .object(["initialen": .text($0.initials), "leeftijd": .text("\($0.age(on: date))")]) })
    }

    /// A person as the family may see them: a shielded case's GI worker by role only.
    func person(_ p: RecordPerson, shield: Bool) -> DocumentValue {
        if shield && p.isChildProtectionWorker {
            // The shielded name already says the role; "jeugdbeschermer (LET JB), jeugdbeschermer" said it twice.
            return .object(["naam": .text(DocumentData.shieldedName), "rol": .text(""), "organisatie": .text("")])
        }
        return .object(["naam": .text(p.name), "rol": .text(p.role), "organisatie": .text(p.organisation ?? "")])
    }

    func referrer(_ r: Registration, shield: Bool) -> DocumentValue {
        let gi = r.childProtectionWorker
        let isGI = gi.map { $0.name == r.referrer.name || ($0.organisation != nil && $0.organisation == r.referrer.organisation) } ?? false
        if shield && isGI { return .object(["naam": .text(DocumentData.shieldedName), "organisatie": .text("")]) }
        return .object(["naam": .text(r.referrer.name), "organisatie": .text(r.referrer.organisation ?? "")])
    }

    func verslag(_ r: Registration, _ v: Verslag, version: Int, booking: StoredBooking?, audience: DocumentAudience,
                 sessions: [TableSession]) -> DocumentValue {
        let shield = r.shielded && audience.isFamily
        var d = common(r, booking: booking, title: "Verslag van de Jeugdbeschermingstafel", date: v.date, version: version,
                       audience: audience, sessions: sessions)
        d["gesprek"] = heldConversation(r, v, booking: booking, sessions: sessions, base: d["gesprek"])
        d["kinderen"] = children(r, on: v.date)
        d["kinderen_tekst"] = childrenText(r, on: v.date)
        d["aanwezigen"] = .list(v.attendees.map { person($0, shield: shield) })
        d["verwijzer"] = referrer(r, shield: shield)
        d["gaat_goed"] = .text(v.goesWell)
        d["zorgen"] = .text(v.concerns)
        d["visie_ouders"] = .text(v.viewParents)
        d["visie_kind"] = .text(v.viewChild)
        var uitkomst: [String: DocumentValue] = ["tekst": .text(v.outcome.dutchName)]
        for o in Outcome.allCases { uitkomst[o.rawValue.replacingOccurrences(of: "-", with: "_")] = .bool(o == v.outcome) }
        d["uitkomst"] = .object(uitkomst)
        d["besluiten"] = .object(["route": .text(v.decisionRoute), "hulp": .text(v.decisionHelp), "veiligheid": .text(v.decisionSafety)])
        d["afspraken"] = .list(v.agreements.map { .object(["wat": .text($0.what), "wie": .text($0.who), "wanneer": .text($0.when)]) })
        d["monitoring"] = .text(v.monitoring)
        d["heeft_evaluatie"] = .bool(v.evaluation != nil)
        d["evaluatie"] = .object(["datum": .text(v.evaluation?.date.dutchLong ?? ""), "vorm": .text(v.evaluation?.form.dutchName ?? "")])
        d["consequentie"] = .text(v.consequence)
        d["heeft_reacties"] = .bool(!v.reactions.isEmpty)
        d["reacties"] = .list(v.reactions.map { reaction($0, shield: shield) })
        return .object(d)
    }

    /// A reaction as the family may see it: the voorzitter's family version, and a GI worker's
    /// reaction by role only.
    func reaction(_ reaction: Reaction, shield: Bool) -> DocumentValue {
        let fromGI = RecordPerson(name: reaction.from, role: reaction.role).isChildProtectionWorker
        let from = shield && fromGI ? DocumentData.shieldedName : reaction.from
        let text = shield ? (reaction.familyText ?? reaction.text) : reaction.text
        return .object(["van": .text(from), "rol": .text(reaction.role), "datum": .text(reaction.date.dutchLong),
                        "tekst": .text(text)])
    }

    func veiligheidsplan(_ r: Registration, _ p: Veiligheidsplan, version: Int, booking: StoredBooking?, audience: DocumentAudience,
                         sessions: [TableSession], today: CivilDate) -> DocumentValue {
        let shield = r.shielded && audience.isFamily
        var d = common(r, booking: booking, title: "Veiligheidsplan", date: today, version: version, audience: audience, sessions: sessions)
        d["opgesteld_door"] = .text(p.madeBy)
        d["kinderen"] = children(r, on: today)
        d["kinderen_tekst"] = childrenText(r, on: today)
        d["aanwezigen"] = .list(p.attendees.map { person($0, shield: shield) })
        d["netwerk"] = .list(p.network.map { .object(["naam": .text($0.name), "rol": .text($0.role)]) })
        d["zorgen"] = .text(p.concerns)
        d["risico"] = .text(p.risk)
        d["doelen"] = .list(p.goals.map { .object(["tekst": .text($0)]) })
        d["afspraken"] = .list(p.agreements.map {
            .object(["doel": .text($0.goal), "gedrag": .text($0.behaviour), "wie": .text($0.who), "wanneer": .text($0.when), "steun": .text($0.support)])
        })
        d["ondersteuning"] = .text(p.support)
        d["monitoring"] = .text(p.monitoring)
        d["signalen"] = .list(p.signals.map { .object(["tekst": .text($0)]) })
        d["escalatie"] = .list(p.escalation.map { .object(["stap": .text($0)]) })
        d["evaluatie"] = .object(["datum": .text(p.evaluationDate.dutchLong)])
        d["instemming_ouders"] = .bool(p.parentsAgree)
        d["instemming_tekst"] = .text(p.parentsStatement)
        return .object(d)
    }

    func uitnodiging(_ r: Registration, booking: StoredBooking, audience: DocumentAudience, sessions: [TableSession],
                     today: CivilDate) -> DocumentValue {
        let rules = regions.rules(booking.region, near: booking.date)
        var d = common(r, booking: booking, title: "Uitnodiging voor de Jeugdbeschermingstafel", date: today, version: nil,
                       audience: audience, sessions: sessions)
        d["kinderen"] = children(r, on: booking.date)
        d["kinderen_tekst"] = childrenText(r, on: booking.date)
        d["map_link"] = .text(rules?.texts["map_link"] ?? "")
        let introduction = rules?.texts["uitnodiging_inleiding"] ?? """
            U bent uitgenodigd voor een gesprek aan de Jeugdbeschermingstafel. Aan tafel bespreken we samen met u \
            wat er goed gaat, welke zorgen er zijn en welke afspraken nodig zijn voor de veiligheid van uw kind(eren). \
            U mag iemand meenemen die u vertrouwt.
            """
        d["tekst"] = .object(["inleiding": .text(introduction)])
        // The region's secretariat (a functional address) is the family's contact, never a person.
        let fallbackName = rules?.texts["secretariaat"] ?? "het secretariaat van de Jeugdbeschermingstafel \(rules?.name ?? "")"
        let contactName = rules?.secretariat.map { "\($0.name) (\($0.email))" } ?? fallbackName
        let contactPhone = rules?.secretariat?.phone ?? rules?.texts["secretariaat_telefoon"] ?? ""
        d["contact"] = .object(["naam": .text(contactName), "telefoon": .text(contactPhone)])
        let gi = r.childProtectionWorker
        let showGI = gi != nil && !r.shielded
        d["heeft_gi"] = .bool(showGI)
        d["gi"] = .object(["naam": .text(showGI ? gi!.name : ""), "organisatie": .text(showGI ? (gi!.organisation ?? "") : "")])
        return .object(d)
    }

    func wachttijdsignalering(region: RegionRules, signals: [NormSignal], registrations: [String: Registration],
                              bookings: [String: StoredBooking], today: CivilDate) -> DocumentValue {
        let dates = signals.map(\.deadline)
        return .object([
            "zaak": .text(""),
            "regio": .object(["naam": .text(region.name)]),
            "document": .object(["titel": .text("Wachttijdsignalering"), "datum": .text(today.dutchLong), "versie": .text("1"),
                                 "plaats": .text(DocumentWording.town(fromAddress: region.location, municipalities: region.municipalities))]),
            "afgeschermd": .bool(false), "gezinsexemplaar": .bool(false),
            "ontvanger": .object(["naam": .text(region.escalationContact.name), "rol": .text(region.escalationContact.role)]),
            "contact": .object(["naam": .text(region.texts["secretariaat"] ?? "het secretariaat van de Jeugdbeschermingstafel \(region.name)"),
                                "telefoon": .text(region.texts["secretariaat_telefoon"] ?? "")]),
            "escalatie": .object(["naam": .text(region.escalationContact.name), "organisatie": .text(region.escalationContact.role)]),
            "periode": .object(["van": .text(dates.min()?.dutchLong ?? ""), "tot": .text(dates.max()?.dutchLong ?? "")]),
            "aantal": .text("\(signals.count)"),
            "zaken": .list(signals.map { s in
                let r = registrations[s.reference]
                let b = bookings[s.reference]
                return .object(["zaak": .text(s.reference), "gemeente": .text(r?.municipality ?? ""),
                                "aangemeld": .text(r?.complete.dutchShort ?? ""), "uiterlijk": .text(s.deadline.dutchShort),
                                "geboekt": .text(b.map { "\($0.date.dutchShort) \($0.start)" } ?? ""), "reden": .text(s.explanation)])
            }),
        ])
    }
}

extension DocumentAudience {
    var dutchName: String {
        switch self {
        case .professionals: "professional"
        case .ouder: "ouder"
        case .vertrouwensfiguur: "vertrouwensfiguur"
        case .kind: "kind"
        }
    }
}

extension DocumentValue {
    /// Every text in the tree with its dotted path (`aanwezigen[2].naam`), for privacy checks.
    func texts(path: String = "") -> [(path: String, text: String)] {
        switch self {
        case .text(let t): return [(path, t)]
        case .bool: return []
        case .list(let items): return items.enumerated().flatMap { $1.texts(path: "\(path)[\($0 + 1)]") }
        case .object(let d): return d.sorted { $0.key < $1.key }.flatMap { $1.texts(path: path.isEmpty ? $0 : path + "." + $0) }
        }
    }
}

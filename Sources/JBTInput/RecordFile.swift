import Foundation
import JBTCore

/// Reads the records of a conversation that a voorzitter or secretary writes after it: the verslag,
/// the veiligheidsplan and a reaction. Strict like every file people write: an unknown key, an
/// outcome that is not one of the four routes or a missing decision is an error naming file, line
/// and field. Documented in docs/formats.md.
public enum RecordFile {
    public static func verslag(path: String) throws -> Verslag {
        let root = try StrictNode.load(path: path)
        let m = try root.mapping(allowed: ["datum", "aanwezigen", "gaat_goed", "zorgen", "visie_ouders", "visie_kind",
                                           "uitkomst", "besluiten", "afspraken", "monitoring", "evaluatie", "consequentie"])
        let decisions = try m.required("besluiten").mapping(allowed: ["route", "hulp", "veiligheid"])
        let outcome = try m.required("uitkomst").oneOf(Dictionary(uniqueKeysWithValues: Outcome.allCases.map { ($0.rawValue, $0) }))
        var evaluation: EvaluationMoment?
        if let node = m["evaluatie"] {
            let e = try node.mapping(allowed: ["datum", "vorm"])
            evaluation = EvaluationMoment(date: try e.required("datum").date(),
                                          form: try e.required("vorm").oneOf(["tafel": .table, "schriftelijk": .written]))
        }
        let date = try m.required("datum").date()
        if let evaluation, evaluation.date <= date, let node = m["evaluatie"] {
            throw node.error("de evaluatie (\(evaluation.date.iso)) moet na het gesprek (\(date.iso)) liggen")
        }
        let agreementsNode = try m.required("afspraken")
        let agreements = try agreementsNode.sequence().map { node -> Agreement in
            let a = try node.mapping(allowed: ["wat", "wie", "wanneer"])
            return Agreement(what: try text(a.required("wat")), who: try text(a.required("wie")),
                             when: try text(a.required("wanneer")))
        }
        if agreements.isEmpty { throw agreementsNode.error("noem ten minste één afspraak (wat, wie, wanneer)") }
        return Verslag(
            date: date, attendees: try people(m.required("aanwezigen")),
            goesWell: try text(m.required("gaat_goed")), concerns: try text(m.required("zorgen")),
            viewParents: try text(m.required("visie_ouders")), viewChild: try m["visie_kind"].map(text) ?? "",
            outcome: outcome,
            decisionRoute: try text(decisions.required("route")), decisionHelp: try text(decisions.required("hulp")),
            decisionSafety: try text(decisions.required("veiligheid")),
            agreements: agreements, monitoring: try text(m.required("monitoring")), evaluation: evaluation,
            consequence: try text(m.required("consequentie")))
    }

    public static func veiligheidsplan(path: String) throws -> Veiligheidsplan {
        let root = try StrictNode.load(path: path)
        let m = try root.mapping(allowed: ["opgesteld_door", "aanwezigen", "netwerk", "zorgen", "risico", "doelen", "afspraken",
                                           "ondersteuning", "monitoring", "signalen", "escalatie", "evaluatie_datum",
                                           "instemming_ouders", "toelichting_ouders"])
        let agreementsNode = try m.required("afspraken")
        let agreements = try agreementsNode.sequence().map { node -> SafetyAgreement in
            let a = try node.mapping(allowed: ["doel", "gedrag", "wie", "wanneer", "steun"])
            return SafetyAgreement(goal: try text(a.required("doel")), behaviour: try text(a.required("gedrag")),
                                   who: try text(a.required("wie")), when: try text(a.required("wanneer")),
                                   support: try a["steun"].map(text) ?? "")
        }
        if agreements.isEmpty { throw agreementsNode.error("noem ten minste één afspraak voor de directe veiligheid") }
        let goalsNode = try m.required("doelen"), escalationNode = try m.required("escalatie")
        let goals = try goalsNode.sequence().map(text)
        if goals.isEmpty { throw goalsNode.error("noem ten minste één veiligheidsdoel") }
        let escalation = try escalationNode.sequence().map(text)
        if escalation.isEmpty { throw escalationNode.error("noem ten minste één stap als de afspraken niet lukken") }
        return Veiligheidsplan(
            madeBy: try text(m.required("opgesteld_door")), attendees: try people(m.required("aanwezigen")),
            network: try m["netwerk"].map(people) ?? [], concerns: try text(m.required("zorgen")),
            risk: try text(m.required("risico")), goals: goals, agreements: agreements,
            support: try text(m.required("ondersteuning")), monitoring: try text(m.required("monitoring")),
            signals: try m["signalen"]?.sequence().map(text) ?? [], escalation: escalation,
            evaluationDate: try m.required("evaluatie_datum").date(),
            parentsAgree: try m.required("instemming_ouders").bool(),
            parentsStatement: try m["toelichting_ouders"].map(text) ?? "")
    }

    public static func reaction(path: String) throws -> Reaction {
        let root = try StrictNode.load(path: path)
        let m = try root.mapping(allowed: ["van", "rol", "datum", "tekst", "gezinsversie"])
        var reaction = Reaction(from: try m.required("van").singleLine(), role: try m.required("rol").singleLine(),
                                date: try m.required("datum").date(), text: try text(m.required("tekst")))
        reaction.familyText = try m["gezinsversie"].map(text)
        return reaction
    }

    /// The family version of a reaction already recorded (`jbt reactie REF --gezinsversie N`):
    /// a file with only `gezinsversie`, since the reaction itself never changes.
    public static func familyVersion(path: String) throws -> (text: String, line: Int?, field: String) {
        let root = try StrictNode.load(path: path)
        let m = try root.mapping(allowed: ["gezinsversie"])
        let node = try m.required("gezinsversie")
        return (try text(node), node.line, node.path)
    }

    static func text(_ node: StrictNode) throws -> String {
        let value = try node.string().trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { throw node.error("mag niet leeg zijn") }
        if value.count > 20_000 { throw node.error("tekst is te lang (meer dan 20.000 tekens)") }
        return value
    }

    static func people(_ node: StrictNode) throws -> [RecordPerson] {
        let list = try node.sequence().map { item -> RecordPerson in
            let p = try item.mapping(allowed: ["naam", "rol", "organisatie"])
            return RecordPerson(name: try p.required("naam").singleLine(), role: try p.required("rol").singleLine(),
                                organisation: try p["organisatie"]?.singleLine())
        }
        if list.isEmpty { throw node.error("noem ten minste één persoon") }
        return list
    }
}

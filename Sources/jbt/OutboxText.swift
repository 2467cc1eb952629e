import Foundation
import JBTUseCases
import JBTCore

extension Text {
    static func invites(_ run: InviteRun) -> String {
        var out = [
            "Uitnodigingen week \(run.week) naar \(run.folder): \(run.written.count) geschreven, "
                + "\(run.unchanged) ongewijzigd (niet opnieuw)."
        ]
        if run.sendsCalendar { out.append("Tafelagenda (CalDAV): \(run.delivery?.calendarDelivered ?? 0) bijgewerkt.") }
        if run.sendsMail { out.append("E-mail (SMTP): \(run.delivery?.mailDelivered ?? 0) verstuurd.") }
        out += run.written.map { "  " + $0 }
        out += run.warnings.map { "Let op: " + $0 }
        if let delivery = run.delivery { out += deliveryProblems(delivery) }
        return out.joined(separator: "\n")
    }

    /// The failures and what still waits, after a round of delivery.
    static func deliveryProblems(_ d: App.OutboxDelivery) -> [String] {
        var out: [String] = []
        if !d.failed.isEmpty {
            out.append(
                "Niet afgeleverd: \(d.failed.count) bericht(en); ze blijven in de outbox en gaan later opnieuw "
                    + "(jbt outbox, jbt outbox verstuur):")
            out += d.failed.map { "  \(App.describeTarget($0)) (\($0.reference)): \($0.lastAnswer ?? "")" }
        }
        out += d.notFound.map {
            let (region, uid) = App.calendarTarget($0.target)
            return "Let op: \($0.reference): \(uid) stond niet (meer) in de tafelagenda van \(region) (CalDAV 404); "
                + "controleer die agenda"
        }
        if d.waiting > 0 { out.append("In de outbox wachten nog \(d.waiting) bericht(en) (jbt outbox).") }
        return out
    }

    static func delivery(_ d: App.OutboxDelivery) -> String {
        var out = ["Afgeleverd: \(d.mailDelivered) e-mail(s), \(d.calendarDelivered) agendawijziging(en)."]
        out += deliveryProblems(d)
        return out.joined(separator: "\n")
    }

    static func outbox(_ o: App.OutboxOverview) -> String {
        var out = [
            "Outbox: \(o.pending.count) wachtend, \(o.failed.count) mislukt (wacht op een nieuwe poging), "
                + "\(o.delivered) afgeleverd."
        ]
        let time = DateFormatter()
        time.locale = Locale(identifier: "nl_NL")
        time.timeZone = TimeZone(identifier: "Europe/Amsterdam")
        time.dateFormat = "d MMM HH:mm"
        for m in o.failed {
            out.append(
                "  mislukt  \(App.describeTarget(m)) (\(m.reference)), \(m.attempts) poging(en), volgende vanaf "
                    + "\(time.string(from: m.nextAttemptAt)): \(m.lastAnswer ?? "")")
        }
        for m in o.pending { out.append("  wachtend \(App.describeTarget(m)) (\(m.reference))") }
        return out.joined(separator: "\n")
    }
}

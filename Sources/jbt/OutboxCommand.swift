import ArgumentParser
import Foundation
import JBTUseCases

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract:
            "Wat nog verstuurd moet worden (e-mail, tafelagenda) en wat mislukte, met het antwoord van de server.",
        subcommands: [Show.self, Deliver.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "toon", abstract: "Toon de outbox.")
        @OptionGroup var common: Common
        func run() throws { try reportingErrors { print(Text.outbox(try common.app().outbox())) } }
    }

    struct Deliver: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verstuur",
            abstract:
                "Verstuur wat klaarstaat (wat mislukte pas na de wachttijd, met --nu meteen); elk bericht hooguit één keer."
        )
        @OptionGroup var common: Common
        @Flag(
            name: .customLong("nu"), help: "Probeer ook wat mislukte meteen opnieuw, zonder de wachttijd af te wachten."
        )
        var now = false
        func run() throws {
            try reportingErrors {
                let delivery = try common.app().deliverOutbox(retryNow: now)
                print(Text.delivery(delivery))
                if !delivery.failed.isEmpty { throw deliveryFailure(delivery) }
                if delivery.unconfigured > 0 {
                    throw ServiceError.unavailable(
                        "\(delivery.unconfigured) bericht(en) wachten op een e-mail- of agendaserver die hier niet is ingesteld "
                            + "(zet JBT_SMTP_URL en/of JBT_CALDAV_URL, zie README)")
                }
            }
        }
    }
}

/// A round with failures ends with exit code 1 and the server's answer on standard error.
func deliveryFailure(_ d: App.OutboxDelivery) -> ServiceError {
    let first = d.failed[0]
    return ServiceError.unavailable(
        "\(d.failed.count) bericht(en) niet verstuurd (bijvoorbeeld \(App.describeTarget(first)): "
            + "\(first.lastAnswer ?? "")); ze blijven in de outbox", answer: first.lastAnswer)
}

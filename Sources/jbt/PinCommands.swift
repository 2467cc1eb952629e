import ArgumentParser
import Foundation
import JBTUseCases
import JBTCore

struct PlacesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plekken",
        abstract: "De plekken waar een zaak kan: binnen de norm eerst; met --alle ook waarom andere niet kunnen.")
    @OptionGroup var common: Common
    @Argument(help: "Referentie van de zaak.") var reference: String
    @Option(help: "Vanaf datum (JJJJ-MM-DD), standaard vandaag.") var from: String?
    @Option(help: "Aantal weken vooruit.") var weeks = 8
    @Flag(name: .customLong("alle"), help: "Ook de plekken die niet kunnen, met de reden.") var all = false
    func run() throws {
        try reportingErrors {
            let start = try from.map { try parseDate($0, flag: "--from") } ?? today()
            let app = try common.app()
            let options = try app.places(for: reference, from: start, weeks: weeks, all: all)
            print(Text.places(options, reference: reference, regions: app.regions))
        }
    }
}

struct PinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Zet één gesprek met de hand op een vrije plek vast; verder verschuift niets (--los: laat het weer los).")
    @OptionGroup var common: Common
    @Argument(help: "Referentie van de zaak.") var reference: String
    @Option(name: .customLong("datum"), help: "De dag (JJJJ-MM-DD).") var date: String?
    @Option(name: .customLong("tijd"), help: "Begintijd (UU:MM).") var time: String?
    @Option(name: .customLong("tafel"), help: "Tafelnummer.") var table = 1
    @Option(help: "Regio van de tafel, standaard de eigen regio van de zaak.") var region: String?
    @Option(help: "Zoek vanaf (JJJJ-MM-DD), standaard vandaag.") var from: String?
    @Option(help: "Aantal weken vooruit.") var weeks = 8
    @Flag(name: .customLong("los"), help: "Maak het gesprek weer los.") var release = false
    func run() throws {
        try reportingErrors {
            let app = try common.app()
            if release {
                _ = try app.unpin(reference: reference)
                print("\(reference) losgemaakt: de planning mag het weer verplaatsen.")
                return
            }
            guard let date, let time else { throw ValidationError("geef --datum en --tijd (of --los)") }
            let day = try parseDate(date, flag: "--datum")
            guard let start = TimeOfDay(text: time) else {
                throw ValidationError("--tijd: \"\(time)\" is geen geldige tijd; schrijf UU:MM")
            }
            let start0 = try from.map { try parseDate($0, flag: "--from") } ?? min(today(), day)
            let home = try region ?? app.homeRegion(of: reference)
            let result = try app.pin(reference: reference, at: .init(region: home, date: day, table: table, start: start),
                                     from: start0, weeks: weeks)
            print(Text.pinned(result, regions: app.regions))
        }
    }
}

import Foundation
import JBTCalendar
import JBTCore

extension App {
    /// Reads busy times (busy VEVENTs or VFREEBUSY) from an `.ics` for a rostered person or for a
    /// case's family, replacing what was read for them before; the planner plans around them.
    public func importAvailability(path: String, person: String?, reference: String?) throws -> String {
        guard (person == nil) != (reference == nil) else { throw AppError.invalid("geef precies één van --person of --case") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw AppError.invalid("\(path): bestand bestaat niet of is geen UTF-8-tekst")
        }
        guard let (busy, problems) = ICalendar.busyTimes(in: text) else {
            throw AppError.invalid("\(path): geen iCalendar-gegevens")
        }
        guard problems.isEmpty else { throw AppError.invalid("\(path): \(problems.joined(separator: "; "))") }
        return try workspace.openStore().write(command: "availability import \((path as NSString).lastPathComponent)") { tx in
            let owner: String
            if let person {
                guard try tx.roster().person(person) != nil else { throw AppError.invalid("onbekende persoon \"\(person)\" (niet in het rooster)") }
                owner = "persoon:" + person
            } else {
                guard try tx.registration(reference!) != nil else { throw AppError.unknownReference(reference!) }
                owner = "zaak:" + reference!
            }
            try tx.replaceBusy(owner: owner, busy.map { ($0.date, $0.start, $0.end) })
            let days = Set(busy.map(\.date)).sorted()
            let span = days.isEmpty ? "" : " (\(days.first!.dutchShort) t/m \(days.last!.dutchShort))"
            let text = "\(busy.count) bezette tijd(en) ingelezen voor \(person ?? reference!)\(span); de planning houdt er rekening mee."
            return (text, text)
        }
    }
}

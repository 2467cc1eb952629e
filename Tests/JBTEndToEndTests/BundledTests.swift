import Foundation
import Testing

/// The bundled plugins and sample data, as a new user meets them with `make demo`.
@Suite("Bundled plugins and demo", .serialized)
struct BundledTests {
    func jbt(_ arguments: String...) throws -> JBTRun {
        let store = NSTemporaryDirectory() + "jbt-bundled-" + UUID().uuidString + "/jbt.sqlite"
        defer { try? FileManager.default.removeItem(atPath: (store as NSString).deletingLastPathComponent) }
        return try Harness.run(arguments + ["--store", store], cwd: NSTemporaryDirectory())
    }

    @Test("Eight regions load from any working directory, with the neighbours on the map")
    func regions() throws {
        let run = try jbt("regions")
        #expect(run.status == 0, "\(run.stderr)")
        let ids = run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(ids == ["achterhoek", "centraal-gelderland", "flevoland", "food-valley", "midden-ijssel-oost-veluwe",
                        "noord-veluwe", "rijk-van-nijmegen", "rivierenland"])
        let fv = try jbt("regions", "show", "food-valley").stdout
        #expect(fv.contains("Buurregio's die overloop opvangen: Centraal Gelderland"))
        let cg = try jbt("regions", "show", "centraal-gelderland").stdout
        #expect(cg.contains("Food Valley"))
        let rvn = try jbt("regions", "show", "rijk-van-nijmegen").stdout
        #expect(!rvn.contains("OTS"), "Rijk van Nijmegen holds no OTS reviews")
        #expect(try jbt("regions", "show", "achterhoek").stdout.contains("GI: vaste deelnemer"))
        #expect(try jbt("regions", "show", "food-valley").stdout.contains("GI: op afroep"))
    }

    @Test("The demo plans the sample and prints each region's agenda and the norm summary")
    func demo() throws {
        let run = try Harness.run(["demo"], cwd: NSTemporaryDirectory())
        #expect(run.status == 0, "\(run.stderr)")
        let out = run.stdout
        #expect(out.contains("303 aanmelding(en) geregistreerd"))
        #expect(out.contains("== Normoverzicht =="))
        for name in ["Achterhoek", "Centraal Gelderland", "Flevoland", "Food Valley", "Midden-IJssel/Oost-Veluwe",
                     "Noord-Veluwe", "Rijk van Nijmegen", "Rivierenland"] {
            #expect(out.contains("Agenda \(name), week 2026-W49"), "\(name)")
        }
        // The sick voorzitter's table is taken over; the Christmas closures explain late cases.
        #expect(out.contains("afwezig (ziek); vervangen door"))
        #expect(out.contains("Kerstsluiting"))
        // Most cases are booked within the norm, some through a neighbouring region.
        let total = out.split(separator: "\n").first { $0.hasPrefix("totaal") }?.split(separator: " ").compactMap { Int($0) } ?? []
        #expect(total.count == 4)
        if total.count == 4 {
            #expect(total[1] >= 250, "within the norm: \(total[1])")
            #expect(total[2] >= 20, "in a neighbouring region: \(total[2])")
        }
    }
}

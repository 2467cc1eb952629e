import Foundation
import JBTUseCases
import JBTCore
import JBTDocuments
import JBTInput
import JBTStorage

// The Dutch text `jbt` prints, made from the use cases' typed results.

enum Text {
    static func regionList(_ list: [RegionRules]) -> String {
        var out = ["Regio's (\(list.count)):"]
        for r in list {
            let weekdays = r.tableWeekdays.map(\.dutchName).joined(separator: ", ")
            let neighbours = r.neighbours.isEmpty ? "geen" : r.neighbours.joined(separator: ", ")
            out.append(
                "  \(r.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(r.name): \(weekdays), "
                    + "\(r.startTimes.count) gesprek(ken) per tafel, \(r.parallelTables) tafel(s); "
                    + "\(r.municipalities.count) gemeenten; buurregio's: \(neighbours)")
        }
        return out.joined(separator: "\n")
    }

    static func regionDetail(_ d: RegionDetail) -> String {
        var out = ["\(d.rules.name) (\(d.rules.id))"]
        out += d.facts.map { "\($0.label): \($0.text)" }
        for c in d.rules.closures {
            out.append("Gesloten: \(c.span.first.dutchShort) t/m \(c.span.last.dutchShort) (\(c.reason))")
        }
        var changes: [String] = []
        if let ended = d.currentlyEnded {
            changes.append("  nu: geen tafel (geen waarde voor \(ended.joined(separator: ", ")))")
        }
        for change in d.changes {
            if let ended = change.ended {
                changes.append(
                    "  vanaf \(change.from.dutchShort): geen tafel meer (geen waarde voor "
                        + "\(ended.joined(separator: ", ")))")
            } else {
                let facts = change.facts.map { "\($0.label.lowercased()) \($0.text)" }.joined(separator: "; ")
                changes.append("  vanaf \(change.from.dutchShort): " + facts)
            }
        }
        if !changes.isEmpty {
            out.append("Wijzigingen die gepland staan:")
            out += changes
        }
        return out.joined(separator: "\n")
    }

    static func intake(_ result: IntakeResult, regions: RegionCatalog) -> String {
        let lines = result.perRegion.map { "  \(regions[$0.region]?.name ?? $0.region): \($0.count)" }
        return (["\(result.registered.count) aanmelding(en) geregistreerd:"] + lines).joined(separator: "\n")
    }

    static func rosterImported(_ roster: Roster) -> String {
        "Rooster ingelezen: \(roster.people.count) personen, \(roster.assignments.count) vaste inzetten, "
            + "\(roster.absences.count) afwezigheden."
    }

    static func roster(_ overview: RosterOverview, regions: RegionCatalog) -> String {
        let roster = overview.roster
        if roster.isEmpty { return "Geen rooster geladen (jbt roster import BESTAND)." }
        var out = ["Personen:"]
        for p in roster.people.sorted(by: { $0.id < $1.id }) {
            out.append("  \(p.id): \(p.name), \(p.role.dutchName); regio's: \(p.regions.joined(separator: ", "))")
        }
        out.append("Vaste inzet:")
        let assignments = roster.assignments.sorted {
            ($0.region, $0.weekday.rawValue, $0.table, $0.person) < (
                $1.region, $1.weekday.rawValue, $1.table, $1.person
            )
        }
        for a in assignments {
            out.append(
                "  \(a.region) \(a.weekday.dutchName) tafel \(a.table): \(roster.person(a.person)?.name ?? a.person)")
        }
        if !roster.absences.isEmpty {
            out.append("Afwezig:")
            for a in roster.absences {
                let name = roster.person(a.person)?.name ?? a.person
                out.append("  \(name): \(a.span.first.dutchShort) t/m \(a.span.last.dutchShort) (\(a.reason))")
            }
        }
        if !overview.notes.isEmpty {
            out.append("Gevolgen \(overview.from.dutchShort) t/m \(overview.through.dutchShort):")
            for n in overview.notes {
                out.append("  \(n.date.dutchShort) \(regions[n.region]?.name ?? n.region) tafel \(n.table): \(n.text)")
            }
        }
        return out.joined(separator: "\n")
    }

    static func cancellation(_ c: Cancellation, regions: RegionCatalog) -> String {
        let freed =
            c.freed.map {
                " De plek op \($0.date.dutchShort) \($0.start) (\(regions[$0.region]?.name ?? $0.region), tafel \($0.table)) is vrij."
            } ?? ""
        return "\(c.reference) geannuleerd.\(freed)"
    }

    static func signalering(_ groups: [RegionSignals]) -> String {
        guard !groups.isEmpty else { return "Geen wachttijdsignalering: alle geplande aanmeldingen halen de norm." }
        var out: [String] = []
        for group in groups {
            let r = group.rules
            let contact =
                r.map { "\($0.escalationContact.name), \($0.escalationContact.role) <\($0.escalationContact.email)>" }
                ?? "?,  <>"
            out.append("Wachttijdsignalering \(r?.name ?? group.region) — aan \(contact)")
            out.append("\(group.signals.count) aanmelding(en) halen de norm van \(r?.normDays ?? 14) dagen niet:")
            for s in group.signals { out.append("  \(s.reference) (norm \(s.deadline.dutchShort)): \(s.explanation)") }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    static func auditLog(_ entries: [AuditEntry]) -> String {
        entries.map { "\($0.at)  \($0.command): \($0.change)" }.joined(separator: "\n")
    }
}

extension Text {
    static func agenda(_ a: AgendaWeek, regions: RegionCatalog) -> String {
        var out = [
            "Agenda \(a.rules.name), week \(a.week) (\(a.monday.dutchShort) t/m \(a.sunday.dutchShort))",
            "Locatie: \(a.rules.location)",
        ]
        for note in a.notes { out.append("  \(note.date.dutchShort) tafel \(note.table): \(note.text)") }
        for f in a.writtenEvaluations {
            out.append(
                "Schriftelijke evaluatie \(f.reference) uiterlijk \(f.due.dutchShort) (uit verslag versie \(f.version))"
            )
        }
        if a.days.isEmpty {
            out.append("Geen tafel deze week.")
            return out.joined(separator: "\n")
        }
        for day in a.days {
            for table in day.tables {
                out.append("")
                var header = "\(day.date.dutchShort) — tafel \(table.number)"
                if table.sitting {
                    header += ": voorzitter \(table.chair ?? "(niet ingeroosterd)")"
                    header += ", RvdK \(table.boardOfficer ?? "(niet ingeroosterd)")"
                }
                out.append(header)
                for slot in table.slots {
                    switch slot {
                    case .free(let start):
                        out.append("  \(start)  — vrij —")
                    case .booked(let c):
                        let b = c.booking
                        if let child = c.child {
                            let children = child.children.map { "\($0.initials) (\($0.age))" }.joined(separator: ", ")
                            out.append(
                                "  \(child.start)  \(b.reference)  kindgesprek zonder ouders: \(children); voorzitter en RvdK"
                            )
                        }
                        let home = c.fromNeighbour ? " [uit \(regions[c.homeRegion]?.name ?? c.homeRegion)]" : ""
                        out.append(
                            "  \(b.start)–\(b.end)  \(b.reference)  \(c.type.dutchName)\(home); "
                                + "verwacht: \(c.expected.joined(separator: ", "))")
                        if let summary = c.answers { out.append("               uitnodigingen: \(summary)") }
                    }
                }
            }
        }
        if !a.ruleFailures.isEmpty { out += [""] + a.ruleFailures.map { "Let op: " + $0 } }
        return out.joined(separator: "\n")
    }
}

extension Text {
    static func demo(_ run: App.DemoRun) -> String {
        let regions = run.regions
        var out = [
            "== jbt demo: tijdelijke opslag, \(regions.regions.count) regio-plugins, meegeleverde voorbeeldgegevens ==",
            "",
        ]
        out.append(rosterImported(run.roster))
        out.append(intake(run.intake, regions: regions))
        out.append("")
        out.append(plan(run.report, regions: regions, listBookings: false))
        for agenda in run.agendas {
            out.append("")
            out.append(Text.agenda(agenda, regions: regions))
        }
        out.append("")
        out.append("== Normoverzicht ==")
        func row(_ cells: [String]) -> String {
            cells[0].padding(toLength: 28, withPad: " ", startingAt: 0)
                + cells.dropFirst().map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined()
        }
        let report = run.report
        out.append(row(["regio", "geboekt", "in norm", "buurregio", "buiten"]))
        for region in regions.regions {
            let booked = report.booked.filter { $0.homeRegion == region.id }
            let misses = report.misses.filter { $0.region == region.id }.count
            out.append(
                row([
                    region.name, "\(booked.count)", "\(booked.filter(\.withinNorm).count)",
                    "\(booked.filter { $0.region != region.id }.count)", "\(misses)",
                ]))
        }
        out.append(
            row([
                "totaal", "\(report.booked.count)", "\(report.withinNorm)", "\(report.inNeighbour)",
                "\(report.misses.count)",
            ]))
        return out.joined(separator: "\n")
    }
}

extension Text {
    static func recorded(_ r: RecordedVersion) -> String {
        if let reaction = r.reaction {
            return "Reactie van \(reaction.from) (\(reaction.role)) toegevoegd aan het verslag van \(r.reference) "
                + "(versie \(r.version))." + shielding(r)
        }
        if let n = r.familyVersionOf {
            return "Gezinsversie van reactie \(n) vastgelegd bij het verslag van \(r.reference) (versie \(r.version)); "
                + "de professionals houden de oorspronkelijke reactie."
        }
        if let agree = r.parentsAgree {
            let agreed = agree ? "de ouders stemmen in" : "de ouders stemmen (nog) niet in"
            return "Veiligheidsplan van \(r.reference) vastgelegd (versie \(r.version)); \(agreed)."
        }
        var lines = ["Verslag van \(r.reference) vastgelegd (versie \(r.version))."]
        switch r.followUp {
        case .written(let due):
            lines.append("Schriftelijke evaluatie uiterlijk \(due.dutchShort) genoteerd.")
        case .conversation(let reference, let earliest, let due):
            lines.append(
                "Evaluatiegesprek \(reference) aangemeld: het wordt gepland tussen \(earliest.dutchShort) en "
                    + "\(due.dutchShort) (jbt plan).")
        case nil:
            break
        }
        return lines.joined(separator: "\n")
    }

    /// What the family of a shielded (LET JB) case gets of a reaction.
    static func shielding(_ r: RecordedVersion) -> String {
        switch r.shielding {
        case .familyVersion:
            return "\nLET JB: de exemplaren voor het gezin tonen de gezinsversie van deze reactie."
        case .namesWorker(let number, let hit):
            return "\nLet op: \(r.reference) is een afgeschermde zaak (LET JB) en deze reactie noemt de jeugdbeschermer "
                + "(\(hit.kind.dutchName) \"\(hit.found)\"). De professionals krijgen haar zoals ze is; het gezin krijgt het "
                + "verslag pas weer als de voorzitter een gezinsversie vastlegt: jbt reactie \(r.reference) --gezinsversie "
                + "\(number) --from BESTAND (met gezinsversie: \"…\")."
        case nil:
            return ""
        }
    }

    static func history(_ h: RecordHistory) -> String {
        guard !h.versions.isEmpty else { return "\(h.reference) heeft nog geen \(h.kind.rawValue)." }
        var out = ["Geschiedenis van het \(h.kind.rawValue) van \(h.reference):"]
        for v in h.versions { out.append("  versie \(v.version)  \(v.addedAt)  \(v.change)") }
        for f in h.followUps {
            out.append(
                "  vervolg uit versie \(f.version): \(f.form.dutchName) uiterlijk \(f.due.dutchShort)"
                    + (f.followReference.map { " (aanmelding \($0))" } ?? ""))
        }
        return out.joined(separator: "\n")
    }
}

extension Text {
    static func recipients(_ r: DocumentRecipients) -> String {
        var out = ["Ontvangers van de documenten van \(r.reference) (regels van \(r.regionName)):"]
        for (kind, who) in r.receivers {
            out.append("  \(kind.rawValue): " + (who.isEmpty ? "niemand" : who.map(\.rawValue).joined(separator: ", ")))
        }
        if r.shielded {
            out.append(
                "  LET JB: de exemplaren voor het gezin noemen de jeugdbeschermer niet (naam, organisatie, adres).")
        }
        return out.joined(separator: "\n")
    }
}

extension Text {
    /// The command line's flag for a request's field.
    static let flags = [
        "weken": "--weeks", "week": "--week", "regio": "--region", "referentie": "REF",
        "persoon": "--person", "zaak": "--case", "verzenden": "--send",
    ]

    /// "fout: …" as jbt prints it: one problem on one line, several as a list.
    static func error(_ e: ServiceError) -> String {
        if e.problems.count > 1 {
            // A file with a million mistakes gets a readable answer: the first ones and a count.
            let shown = e.problems.prefix(InputErrors.maxShown).map { "  " + problem($0) }
            let more = e.problems.count > InputErrors.maxShown
                ? ["  en nog \(e.problems.count - InputErrors.maxShown) fout(en); herstel eerst deze"] : []
            return "fout (\(e.problems.count)):\n" + (shown + more).joined(separator: "\n")
        }
        if let only = e.problems.first, only.file == nil { return "fout: " + problem(only) }
        return "fout: \(e.message)"
    }

    static func problem(_ p: ServiceError.Problem) -> String {
        guard p.file == nil, let field = p.field else { return p.description }
        let name = flags[field] ?? field
        return p.message.hasPrefix("moet ") ? "\(name) \(p.message)" : "\(name): \(p.message)"
    }
}

extension Text {
    static func templateReport(_ report: TemplateReport, path: String) -> String {
        var out = [
            "\(path)" + (report.kind.map { " (\($0.rawValue))" } ?? "")
                + ": \(report.placeholders.count) plaatshouder(s)"
        ]
        for p in report.placeholders { out.append("  \(p)") }
        if report.problems.isEmpty {
            out.append("In orde: proefweergave met een volledig en een leeg voorbeeld gelukt.")
        } else {
            out.append("\(report.problems.count) probleem/problemen:")
            for p in report.problems { out.append("  " + PluginTools.describe(p, file: path)) }
        }
        return out.joined(separator: "\n")
    }
}

extension Text {
    static func absence(_ c: AbsenceChange, regions: RegionCatalog) -> String {
        let a = c.absence
        var out = ["Afwezigheid vastgelegd: \(a.person) \(a.reason), \(a.span.first.dutchShort) t/m \(a.span.last.dutchShort)."]
        if c.affected.isEmpty {
            out.append("Geen tafeldag geraakt.")
        } else {
            out.append("Geraakte tafeldagen:")
            for n in c.affected {
                out.append("  \(n.date.dutchShort) \(regions[n.region]?.name ?? n.region) tafel \(n.table): \(n.text)")
            }
        }
        return out.joined(separator: "\n")
    }
}

extension Text {
    static func replies(_ r: ReplyImport) -> String {
        (["\(r.recorded) antwoord(en) verwerkt uit \(r.files) bestand(en)."] + r.notes).joined(separator: "\n")
    }

    static func availability(_ a: AvailabilityImport) -> String {
        let days = Set(a.busy.map(\.date)).sorted()
        let span = days.isEmpty ? "" : " (\(days.first!.dutchShort) t/m \(days.last!.dutchShort))"
        var lines = ["\(a.busy.count) bezette tijd(en) ingelezen voor \(a.owner)\(span); de planning houdt er rekening mee."]
        if !a.hits.isEmpty {
            lines.append("Let op: bezet tijdens \(a.hits.count) geboekt(e) gesprek(ken); verzet ze met jbt reschedule:")
            lines += a.hits.map {
                "  \($0.reference) op \($0.date.dutchShort) \($0.start)–\($0.end) (\($0.region), tafel \($0.table))"
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension Text {
    static func places(_ options: [App.PlaceOption], reference: String, regions: RegionCatalog) -> String {
        guard !options.isEmpty else { return "Geen vrije plek voor \(reference) in deze periode." }
        var out = ["Plekken voor \(reference):"]
        for o in options {
            let place = o.place
            let name = regions[place.region]?.name ?? place.region
            var line = "  \(place.date.dutchShort) \(place.start)–\(o.end)  \(name)\(o.neighbour ? " (buurregio)" : ""), "
                + "tafel \(place.table); wachttijd \(o.waitingDays) dagen"
            if !o.withinNorm { line += " — BUITEN DE NORM" }
            if o.current { line += " (huidige plek)" }
            if let why = o.refusal { line += " — kan niet: \(why)" }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    static func pinned(_ r: App.PinResult, regions: RegionCatalog) -> String {
        let b = r.booking
        let was = r.previous.map { " (was \($0.date.dutchShort) \($0.start), \(regions[$0.region]?.name ?? $0.region))" } ?? ""
        return "\(r.reference) vastgezet op \(b.date.dutchShort) \(b.start), \(regions[b.region]?.name ?? b.region) tafel "
            + "\(b.table)\(was)\(r.withinNorm ? "" : " — BUITEN DE NORM")."
    }
}

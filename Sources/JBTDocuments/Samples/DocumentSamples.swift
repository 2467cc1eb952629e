/// Example values for every kind of document: `full` has every field the templates may use
/// (fictional people and cases, with line breaks and `& < >` in the texts), `empty` has the same
/// fields with empty text, false and empty lists. The template checker renders both, and
/// `full(kind)` is the list of fields a template may name.
public enum DocumentSamples {
    public static func full(_ kind: DocumentKind) -> DocumentValue {
        var fields = common(kind)
        switch kind {
        case .verslag: merge(&fields, verslag)
        case .veiligheidsplan: merge(&fields, veiligheidsplan)
        case .uitnodiging: merge(&fields, uitnodiging)
        case .wachttijdsignalering: merge(&fields, wachttijdsignalering)
        case .weekagenda: merge(&fields, weekagenda)
        }
        return DocumentValue.object(fields).withPresenceFlags()
    }

    public static func empty(_ kind: DocumentKind) -> DocumentValue { emptied(full(kind)) }

    private static func emptied(_ value: DocumentValue) -> DocumentValue {
        switch value {
        case .text: .text("")
        case .bool: .bool(false)
        case .list: .list([])
        case .object(let fields): .object(fields.mapValues(emptied))
        }
    }

    private static func merge(_ fields: inout [String: DocumentValue], _ more: DocumentValue) {
        if case .object(let extra) = more { fields.merge(extra) { _, new in new } }
    }

    private static func t(_ s: String) -> DocumentValue { .text(s) }

    private static func common(_ kind: DocumentKind) -> [String: DocumentValue] {
        let titles: [DocumentKind: String] = [
            .verslag: "Verslag Jeugdbeschermingstafel", .veiligheidsplan: "Veiligheidsplan",
            .uitnodiging: "Uitnodiging Jeugdbeschermingstafel", .wachttijdsignalering: "Signalering wachttijd Jeugdbeschermingstafel",
            .weekagenda: "Weekagenda Jeugdbeschermingstafel",
        ]
        guard case .object(let fields) = DocumentValue.fields([
            "zaak": t("JBT-2026-0042"),
            "regio": .fields(["naam": t("Gelderland-Zuid")]),
            "document": .fields(["titel": t(titles[kind]!), "datum": t("3 december 2026"), "versie": t("2"), "plaats": t("Nijmegen")]),
            "afgeschermd": .bool(false),
            "gezinsexemplaar": .bool(true),
            "ontvanger": .fields(["naam": t("mevrouw A. de Vries"), "rol": t("moeder")]),
            "gesprek": .fields([
                "datum": t("8 december 2026"), "tijd": t("09:30"), "eindtijd": t("11:00"),
                "locatie": t("Stadskantoor Nijmegen, Korte Nieuwstraat 6, zaal 2.14"),
                "soort": t("Vijf voor twaalf"), "voorzitter": t("mr. J. Bakker"), "secretaris": t("S. Yilmaz"),
                "regio": t("Gelderland-Zuid"),
                "heeft_kindgesprek": .bool(true), "kindgesprek_tijd": t("09:00"),
                // A verslag version stored before the conversation was kept with it says so here.
                "niet_vastgelegd": t(""),
            ]),
        ]) else { return [:] }
        return fields
    }

    private static let kinderen: DocumentValue = .list([
        .fields(["initialen": t("L.V."), "leeftijd": t("9")]),
        .fields(["initialen": t("M.V."), "leeftijd": t("14")]),
    ])

    private static let aanwezigen: DocumentValue = .list([
        .fields(["naam": t("A. de Vries"), "rol": t("moeder"), "organisatie": t("")]),
        .fields(["naam": t("R. de Vries"), "rol": t("vader"), "organisatie": t("")]),
        .fields(["naam": t("P. Jansen"), "rol": t("jeugdprofessional"), "organisatie": t("Sociaal Wijkteam Nijmegen-Oost")]),
        .fields(["naam": t("K. Smits"), "rol": t("raadsonderzoeker"), "organisatie": t("Raad voor de Kinderbescherming")]),
    ])

    private static let kinderenTekst = t("L.V. (9 jaar) en M.V. (14 jaar)")

    private static let verslag: DocumentValue = .fields([
        "kinderen": kinderen,
        "kinderen_tekst": kinderenTekst,
        "aanwezigen": aanwezigen,
        "verwijzer": .fields(["naam": t("P. Jansen"), "organisatie": t("Sociaal Wijkteam Nijmegen-Oost")]),
        "gaat_goed": t("De kinderen gaan naar school en hebben een goede band met hun oma.\nMoeder zoekt hulp & houdt contact met het wijkteam."),
        "zorgen": t("Spanningen tussen ouders lopen op; de politie is twee keer gebeld.\nL.V. slaapt slecht (< 6 uur per nacht) en M.V. verzuimt > 20% van de lessen."),
        "visie_ouders": t("Ouders willen hulp, maar zonder “maatregel”; zij vinden dat de zorgen overdreven zijn."),
        "visie_kind": t("M.V. wil dat de ruzies stoppen en wil bij vader én moeder kunnen wonen."),
        "uitkomst": .fields([
            "tekst": t("Verplicht vrijwillig kader: hulp in het vrijwillig kader met duidelijke afspraken en een vaste termijn."),
            "vrijwillig": .bool(false), "verplicht_vrijwillig": .bool(true),
            "verplicht_vrijwillig_en_raadsonderzoek": .bool(false), "raadsonderzoek": .bool(false),
        ]),
        "besluiten": .fields([
            "route": t("Verplicht vrijwillig kader, evaluatie over 3 maanden."),
            "hulp": t("Systeemtherapie via Karakter; opvoedondersteuning thuis."),
            "veiligheid": t("Veiligheidsplan met ouders opgesteld; geen fysiek geweld in bijzijn van de kinderen."),
        ]),
        "afspraken": .list([
            .fields(["wat": t("Ouders melden zich aan bij Karakter voor systeemtherapie"), "wie": t("ouders"), "wanneer": t("15 december 2026")]),
            .fields(["wat": t("Wekelijks contact met ouders & school over verzuim"), "wie": t("P. Jansen"), "wanneer": t("elke maandag")]),
            .fields(["wat": t("Veiligheidsplan bespreken met oma <netwerk>"), "wie": t("moeder"), "wanneer": t("20 december 2026")]),
        ]),
        "monitoring": t("De jeugdprofessional bewaakt de afspraken en meldt aan de voorzitter als afspraken niet worden nagekomen."),
        "heeft_evaluatie": .bool(true),
        "evaluatie": .fields(["datum": t("9 maart 2027"), "vorm": t("vervolggesprek aan de tafel")]),
        "consequentie": t("Als de afspraken niet worden nagekomen, volgt een verzoek tot onderzoek aan de Raad voor de Kinderbescherming."),
        "heeft_reacties": .bool(true),
        "reacties": .list([
            .fields(["van": t("R. de Vries"), "rol": t("vader"), "datum": t("10 december 2026"),
                     "tekst": t("Ik ben het niet eens met de zin over de politie.\nDat was één keer, niet twee keer.")]),
        ]),
    ])

    private static let veiligheidsplan: DocumentValue = .fields([
        "opgesteld_door": t("A. de Vries en R. de Vries, met P. Jansen (Sociaal Wijkteam Nijmegen-Oost)"),
        "kinderen": kinderen,
        "kinderen_tekst": kinderenTekst,
        "aanwezigen": aanwezigen,
        "netwerk": .list([
            .fields(["naam": t("J. de Vries"), "rol": t("oma (moederskant)")]),
            .fields(["naam": t("H. Peters"), "rol": t("buurvrouw")]),
        ]),
        "zorgen": t("Ruzies tussen ouders lopen op tot schreeuwen & duwen.\nDe kinderen zijn er soms bij."),
        "risico": t("Als er niets verandert, lopen L.V. en M.V. risico op emotionele schade (< veilig opgroeien)."),
        "doelen": .list([
            .fields(["tekst": t("De kinderen zijn nooit getuige van geweld tussen ouders.")]),
            .fields(["tekst": t("Ouders kunnen een ruzie stoppen voordat die uit de hand loopt.")]),
        ]),
        "afspraken": .list([
            .fields(["doel": t("Geen geweld waar de kinderen bij zijn"), "gedrag": t("Bij oplopende spanning verlaat vader het huis en belt oma"),
                     "wie": t("vader"), "wanneer": t("direct, altijd"), "steun": t("oma J. de Vries")]),
            .fields(["doel": t("Rust in huis"), "gedrag": t("Moeder brengt de kinderen naar de buurvrouw als ruzie dreigt"),
                     "wie": t("moeder"), "wanneer": t("direct, altijd"), "steun": t("buurvrouw H. Peters")]),
        ]),
        "ondersteuning": t("P. Jansen (wijkteam) ondersteunt ouders wekelijks; oma is bereikbaar op 06-12345678."),
        "monitoring": t("P. Jansen belt wekelijks met ouders en school en legt vast hoe de afspraken gaan."),
        "signalen": .list([
            .fields(["tekst": t("De kinderen vertellen op school over ruzie thuis.")]),
            .fields(["tekst": t("Een van de ouders belt de politie.")]),
        ]),
        "escalatie": .list([
            .fields(["stap": t("Gesprek met ouders en de jeugdprofessional binnen een week.")]),
            .fields(["stap": t("Melding bij Veilig Thuis.")]),
            .fields(["stap": t("Verzoek tot onderzoek aan de Raad voor de Kinderbescherming.")]),
        ]),
        "evaluatie": .fields(["datum": t("9 maart 2027")]),
        "instemming_ouders": .bool(true),
        "instemming_tekst": t("Wij hebben dit plan samen gemaakt en doen mee.\nA. de Vries & R. de Vries"),
    ])

    private static let uitnodiging: DocumentValue = .fields([
        "kinderen": kinderen,
        "kinderen_tekst": kinderenTekst,
        "map_link": t("https://jbt-gelderland-zuid.example.nl/gezinnen"),
        "contact": .fields(["naam": t("S. Yilmaz, secretariaat"), "telefoon": t("024 - 123 45 67")]),
        "tekst": .fields(["inleiding": t("U bent uitgenodigd voor een gesprek aan de Jeugdbeschermingstafel over uw kinderen.\nWe bespreken samen wat er goed gaat, wat de zorgen zijn en welke hulp nodig is.")]),
        "heeft_gi": .bool(true),
        "gi": .fields(["naam": t("B. Mulder"), "organisatie": t("Jeugdbescherming Gelderland")]),
    ])

    private static let wachttijdsignalering: DocumentValue = .fields([
        "escalatie": .fields(["naam": t("drs. E. van Dam"), "organisatie": t("Gemeente Nijmegen, afdeling Jeugd & Gezin")]),
        "contact": .fields(["naam": t("S. Yilmaz, secretariaat"), "telefoon": t("024 - 123 45 67")]),
        "periode": .fields(["van": t("30 november 2026"), "tot": t("13 december 2026")]),
        "aantal": t("2"),
        "zaken": .list([
            .fields(["zaak": t("JBT-2026-0042"), "gemeente": t("Nijmegen"), "aangemeld": t("23 november 2026"),
                     "uiterlijk": t("7 december 2026"), "geboekt": t("15 december 2026"), "reden": t("Geen tafel vrij met raadsonderzoeker")]),
            .fields(["zaak": t("JBT-2026-0045"), "gemeente": t("Wijchen"), "aangemeld": t("25 november 2026"),
                     "uiterlijk": t("9 december 2026"), "geboekt": t(""), "reden": t("Ouders niet beschikbaar < 2 weken & tolk nodig")]),
        ]),
    ])

    private static let weekagenda: DocumentValue = .fields([
        "week": t("2026-W49"),
        "dagen": .list([
            .fields([
                "datum": t("dinsdag 1 december 2026"),
                "tafels": .list([
                    .fields([
                        "tafel": t("Tafel 1"), "voorzitter": t("mr. J. Bakker"), "rvdk": t("K. Smits"),
                        "locatie": t("Stadskantoor Nijmegen, zaal 2.14"),
                        "gesprekken": .list([
                            .fields([
                                "tijd": t("09:30"), "eindtijd": t("11:00"), "zaak": t("JBT-2026-0042"), "soort": t("Vijf voor twaalf"),
                                "heeft_kindgesprek": .bool(true), "kindgesprek_tijd": t("09:00"),
                                "aanwezigen": .list([
                                    .fields(["naam": t("A. de Vries"), "rol": t("moeder"), "antwoord": t("geaccepteerd")]),
                                    .fields(["naam": t("P. Jansen"), "rol": t("jeugdprofessional"), "antwoord": t("geaccepteerd")]),
                                ]),
                                "aanwezigen_tekst": t("A. de Vries (moeder): geaccepteerd; P. Jansen (jeugdprofessional): geaccepteerd"),
                            ]),
                            .fields([
                                "tijd": t("11:30"), "eindtijd": t("13:00"), "zaak": t("JBT-2026-0047"), "soort": t("Regulier"),
                                "heeft_kindgesprek": .bool(false), "kindgesprek_tijd": t(""),
                                "aanwezigen": .list([
                                    .fields(["naam": t("T. Bos"), "rol": t("vader"), "antwoord": t("nog geen antwoord")]),
                                ]),
                                "aanwezigen_tekst": t("T. Bos (vader): nog geen antwoord"),
                            ]),
                        ]),
                    ]),
                ]),
            ]),
            .fields([
                "datum": t("donderdag 3 december 2026"),
                "tafels": .list([
                    .fields([
                        "tafel": t("Tafel 1"), "voorzitter": t("mr. J. Bakker"), "rvdk": t("D. Hendriks"),
                        "locatie": t("Gemeentehuis Wijchen"),
                        "gesprekken": .list([
                            .fields([
                                "tijd": t("13:30"), "eindtijd": t("15:00"), "zaak": t("JBT-2026-0051"), "soort": t("Regulier"),
                                "heeft_kindgesprek": .bool(false), "kindgesprek_tijd": t(""),
                                "aanwezigen": .list([
                                    .fields(["naam": t("S. Kaya"), "rol": t("moeder"), "antwoord": t("afgewezen")]),
                                ]),
                                "aanwezigen_tekst": t("S. Kaya (moeder): afgewezen"),
                            ]),
                        ]),
                    ]),
                ]),
            ]),
        ]),
    ])
}

#!/usr/bin/env python3
"""Generates Samples/aanmeldingen.yaml: about 300 fictional aanmeldingen for the bundled plugins.

Deterministic: a seeded random.Random and fixed orders, so the same plugins give the same file.
Needs Python 3 and PyYAML (only to read the manifests). Run from anywhere:

    python3 Samples/make_sample.py            # writes Samples/aanmeldingen.yaml
    python3 Samples/make_sample.py -o FILE    # writes FILE instead

How much each region gets follows from its manifest: the weekly table capacity (positions per
table day x table days x parallel tables) times the number of weeks of intake times a chosen load
(LOAD below). Food Valley is overloaded (it needs its neighbours, Centraal Gelderland first),
Noord-Veluwe is clearly under-loaded, Flevoland gets a handful.

Everything is invented: names, e-mail addresses (all @example.org), children (initials and birth
dates only) and cases.
"""

import argparse
import datetime as dt
import glob
import json
import os
import random
import unicodedata

import yaml

SEED = 20261123
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIRST_DAY = dt.date(2026, 11, 23)     # first aangemeld date
LAST_DAY = dt.date(2027, 1, 8)        # last aangemeld date
AGE_REFERENCE = dt.date(2026, 12, 1)  # "12 or older" is reported against this date

# Load = aanmeldingen / (weekly capacity x weeks of intake).
LOAD = {
    "achterhoek": 0.90,
    "centraal-gelderland": 0.80,
    "food-valley": 1.25,
    "midden-ijssel-oost-veluwe": 1.00,
    "noord-veluwe": 0.50,
    "rijk-van-nijmegen": 0.95,
    "rivierenland": 0.90,
    "flevoland": 0.60,
}
ABBREVIATION = {
    "achterhoek": "ACH", "centraal-gelderland": "CG", "food-valley": "FV",
    "midden-ijssel-oost-veluwe": "MOV", "noord-veluwe": "NV", "rijk-van-nijmegen": "RVN",
    "rivierenland": "RIV", "flevoland": "FL",
}
# Inhabitants (thousands, rounded): how the cases spread over a region's municipalities.
POPULATION = {
    "Aalten": 27, "Berkelland": 44, "Bronckhorst": 37, "Doetinchem": 59, "Montferland": 36,
    "Oost Gelre": 30, "Oude IJsselstreek": 40, "Winterswijk": 29,
    "Arnhem": 165, "Doesburg": 11, "Duiven": 26, "Lingewaard": 48, "Overbetuwe": 50, "Renkum": 32,
    "Rheden": 44, "Rozendaal": 2, "Westervoort": 15, "Zevenaar": 45,
    "Barneveld": 62, "Ede": 122, "Nijkerk": 45, "Renswoude": 6, "Scherpenzeel": 10, "Veenendaal": 68,
    "Wageningen": 41,
    "Apeldoorn": 167, "Brummen": 21, "Epe": 33, "Heerde": 19, "Lochem": 34, "Voorst": 25, "Zutphen": 48,
    "Elburg": 23, "Ermelo": 27, "Harderwijk": 49, "Hattem": 12, "Nunspeet": 29, "Oldebroek": 24, "Putten": 25,
    "Berg en Dal": 36, "Beuningen": 26, "Druten": 19, "Heumen": 17, "Mook en Middelaar": 8, "Nijmegen": 182,
    "Wijchen": 42,
    "Buren": 27, "Culemborg": 29, "Maasdriel": 25, "Neder-Betuwe": 25, "Tiel": 43, "West Betuwe": 52,
    "West Maas en Waal": 20, "Zaltbommel": 30,
    "Almere": 220, "Dronten": 43, "Lelystad": 82, "Noordoostpolder": 49, "Urk": 22, "Zeewolde": 23,
}
# How the local team is called, per region ({g} = municipality).
LOCAL_TEAM = {
    "achterhoek": "Sociaal team {g}", "centraal-gelderland": "Wijkteam {g}", "food-valley": "Lokaal team {g}",
    "midden-ijssel-oost-veluwe": "CJG {g}", "noord-veluwe": "CJG {g}",
    "rijk-van-nijmegen": "Sociaal wijkteam {g}", "rivierenland": "Sociaal team {g}", "flevoland": "Lokaal team {g}",
}
VEILIG_THUIS = {
    "achterhoek": "Veilig Thuis Noord- en Oost-Gelderland (fictief)",
    "midden-ijssel-oost-veluwe": "Veilig Thuis Noord- en Oost-Gelderland (fictief)",
    "noord-veluwe": "Veilig Thuis Noord- en Oost-Gelderland (fictief)",
    "centraal-gelderland": "Veilig Thuis Gelderland-Midden (fictief)",
    "food-valley": "Veilig Thuis Gelderland-Midden (fictief)",
    "rijk-van-nijmegen": "Veilig Thuis Gelderland-Zuid (fictief)",
    "rivierenland": "Veilig Thuis Gelderland-Zuid (fictief)",
    "flevoland": "Veilig Thuis Flevoland (fictief)",
}
GI_GELDERLAND = [("Jeugdbescherming Gelderland (fictief)", 70), ("William Schrikker Stichting (fictief)", 15),
                 ("Leger des Heils Jeugdbescherming & Reclassering (fictief)", 15)]
GI_FLEVOLAND = [("Samen Veilig Midden-Nederland (fictief)", 70), ("William Schrikker Stichting (fictief)", 15),
                ("Leger des Heils Jeugdbescherming & Reclassering (fictief)", 15)]
LET_JB = "Landelijk Expertise Team Jeugdbescherming (fictief)"

TYPES = [("vijf-voor-twaalf", 46), ("kwart-voor-twaalf", 38), ("evaluatie", 11), ("ots-beeindiging", 5)]
LET_JB_TYPES = [("ots-beeindiging", 45), ("evaluatie", 40), ("vijf-voor-twaalf", 15)]
LET_JB_SHARE = 0.035
LATER_SHARE = 0.04   # cases whose family cannot come until later: an explicit 'vroegst'
RVN_OTS = 2   # ots-beeindiging in Rijk van Nijmegen, which does not hold it: the planner must report them
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
HOLIDAYS = {dt.date(2026, 12, 25), dt.date(2026, 12, 26), dt.date(2027, 1, 1)}

MALE = ["Jan", "Peter", "Mark", "Dennis", "Kevin", "Bas", "Tom", "Rick", "Jeroen", "Martijn", "Sander", "Erik",
        "Niels", "Ruud", "Wouter", "Bart", "Jasper", "Roy", "Stefan", "Marco", "Vincent", "Hans", "Ronald",
        "Mohamed", "Youssef", "Ahmed", "Mehmet", "Emre", "Ricardo", "Dimitri", "Tomasz", "Gerrit", "Henk",
        "Wim", "Jochem", "Thijs", "Arjen", "Maarten", "Patrick", "Johan"]
FEMALE = ["Anna", "Sanne", "Lisa", "Linda", "Esther", "Marieke", "Femke", "Ilse", "Kim", "Petra", "Monique",
          "Sandra", "Anouk", "Eva", "Laura", "Naomi", "Jolanda", "Ingrid", "Marloes", "Wendy", "Chantal",
          "Fatima", "Khadija", "Samira", "Ayse", "Elif", "Shanti", "Priscilla", "Agnieszka", "Gerda", "Hanneke",
          "Joyce", "Mirjam", "Rianne", "Suzanne", "Tamara", "Yvonne", "Nathalie", "Judith", "Annemiek"]
SURNAMES = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
            "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
            "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
            "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Jong", "Schouten",
            "van Beek", "Willems", "van Dijk", "Hoekstra", "Maas", "Verhoeven", "Koster", "Prins", "Blom",
            "Huisman", "Peeters", "Kuipers", "van Vliet", "Post", "Kuiper", "Veenstra", "Wolters", "Gerritsen",
            "Arts", "Hermsen", "ten Brinke", "Nijhof", "Kamphuis", "Wiegerinck", "Lammers", "Heijink",
            "Roelofs", "Klein Gunnewiek", "van 't Hof", "Jonker", "Hak", "Romkes", "Koopman",
            "el Amrani", "Bouzid", "el Idrissi", "Yilmaz", "Kaya", "Demir", "Ramdin", "Biharie", "Martina",
            "Kowalski", "Nowak", "Nguyen", "Haddou", "Öztürk"]
CHILD_FIRST_LETTERS = "AABBCDDEEFGHIJJKLLMMNNOPRSSTTVWYZ"


def read_manifests():
    regions = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "Plugins", "*", "regio.yaml"))):
        with open(path, encoding="utf-8") as f:
            m = yaml.safe_load(f)
        regions[m["id"]] = m
    return regions


def minutes(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def starts_per_day(m):
    t = m["tafel"]
    if "begintijden" in t:
        return len(t["begintijden"])
    opens, closes = minutes(t["van"]), minutes(t["tot"])
    length, pause = t["gesprek_minuten"], t.get("pauze_minuten", 15)
    n, s = 0, opens
    while s + length <= closes:
        n, s = n + 1, s + length + pause
    return n


def weekly_capacity(m):
    return starts_per_day(m) * len(m["tafel"]["dagen"]) * m["tafel"].get("parallel", 1)


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


def closed(m, d):
    if d in HOLIDAYS:
        return True
    for c in m.get("sluitingen", []):
        if c["van"] <= d <= c["tot"]:
            return True
    return False


def table_dates(m, first, last):
    days = set(m["tafel"]["dagen"])
    out, d = [], first
    while d <= last:
        if WEEKDAYS[d.weekday()] in days and not closed(m, d):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def arrival_weight(d):
    """Referrals come on working days; fewer around Christmas, a catch-up in the first week of January."""
    if d.weekday() >= 5 or d in HOLIDAYS:
        return 0.0
    if dt.date(2026, 12, 24) <= d <= dt.date(2026, 12, 31):
        return 0.35
    if dt.date(2026, 12, 21) <= d <= dt.date(2026, 12, 23):
        return 0.8
    if dt.date(2027, 1, 4) <= d <= dt.date(2027, 1, 8):
        return 1.15
    return 1.0


def ascii_fold(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class People:
    """Invents names and unique example.org addresses."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def email(self, first, surname):
        local = (first[0] + "." + ascii_fold(surname)).lower().replace(" ", "").replace("'", "")
        candidate, n = local, 1
        while candidate in self.used:
            n += 1
            candidate = f"{local}{n}"
        self.used.add(candidate)
        return candidate + "@example.org"

    def person(self, surname=None, female=None):
        if female is None:
            female = self.rng.random() < 0.5
        first = self.rng.choice(FEMALE if female else MALE)
        surname = surname or self.rng.choice(SURNAMES)
        return {"naam": f"{first} {surname}", "email": self.email(first, surname)}, surname

    def professional(self, organisation):
        p, _ = self.person()
        return {"naam": p["naam"], "organisatie": organisation, "email": p["email"]}


def main():
    global LAST_DAY
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", default=os.path.join(HERE, "aanmeldingen.yaml"))
    parser.add_argument("--until", help="last aangemeld date (ISO); default 2027-01-08. A later date makes a "
                        "longer intake at the same load (Benchmarks/hooks.sh: a year)")
    args = parser.parse_args()
    if args.until:
        LAST_DAY = dt.date.fromisoformat(args.until)

    rng = random.Random(SEED)
    regions = read_manifests()
    people = People(rng)
    weeks = ((LAST_DAY - FIRST_DAY).days + 1) / 7

    # Dates referrals may arrive, with their weights.
    arrival_days, d = [], FIRST_DAY
    while d <= LAST_DAY:
        if arrival_weight(d) > 0:
            arrival_days.append((d, arrival_weight(d)))
        d += dt.timedelta(days=1)

    # Pools of professionals, so that the same worker registers several cases, as in practice.
    local_pool, vt_pool, gi_pool = {}, {}, {}
    for rid, m in regions.items():
        for g in m["gemeenten"]:
            size = 1 + min(4, POPULATION[g] // 30)
            local_pool[g] = [people.professional(LOCAL_TEAM[rid].format(g=g)) for _ in range(size)]
        vt = VEILIG_THUIS[rid]
        if vt not in vt_pool:
            vt_pool[vt] = [people.professional(vt) for _ in range(5)]
        gis = GI_FLEVOLAND if rid == "flevoland" else GI_GELDERLAND
        for name, _ in gis:
            if name not in gi_pool:
                gi_pool[name] = [people.professional(name) for _ in range(12 if "Gelderland" in name else 6)]
    let_pool = [people.professional(LET_JB) for _ in range(4)]

    counts = {rid: round(weekly_capacity(m) * weeks * LOAD[rid]) for rid, m in regions.items()}
    plan = [rid for rid in sorted(regions) for _ in range(counts[rid])]
    total = len(plan)
    let_count = round(total * LET_JB_SHARE)
    let_indices = set(rng.sample(range(total), let_count))
    rvn_indices = [i for i, rid in enumerate(plan) if rid == "rijk-van-nijmegen" and i not in let_indices]
    rvn_ots = set(rng.sample(rvn_indices, RVN_OTS))
    later_indices = set(rng.sample(range(total), round(total * LATER_SHARE)))   # a later 'vroegst'

    # Registration dates: systematic sampling over the weighted working days, per region, so that
    # every region's referrals are spread evenly over the weeks (with fewer around Christmas).
    total_weight = sum(w for _, w in arrival_days)
    dates_for = {}
    for rid in sorted(regions):
        n, u = counts[rid], rng.random()
        targets = [(k + u) * total_weight / n for k in range(n)]
        picked, acc, j = [], 0.0, 0
        for day, w in arrival_days:
            acc += w
            while j < n and targets[j] <= acc:
                picked.append(day)
                j += 1
        picked += [arrival_days[-1][0]] * (n - len(picked))
        dates_for[rid] = picked
    # Flevoland: Dronten and Urk, where the local-team worker already convenes the table, are in.
    forced_municipality = {}
    fl = [i for i, rid in enumerate(plan) if rid == "flevoland"]
    for i, g in zip(fl[:2], ["Dronten", "Urk"]):
        forced_municipality[i] = g

    cases = []
    for i, rid in enumerate(plan):
        m = regions[rid]
        gemeente = forced_municipality.get(i) or weighted(rng, [(g, POPULATION[g]) for g in m["gemeenten"]])
        let_jb = i in let_indices
        if i in rvn_ots:
            kind = "ots-beeindiging"
        elif let_jb:
            kind = weighted(rng, LET_JB_TYPES)
        else:
            kind = weighted(rng, TYPES)
        if rid == "rijk-van-nijmegen" and kind == "ots-beeindiging" and i not in rvn_ots:
            kind = "evaluatie" if let_jb else weighted(rng, TYPES[:3])

        aangemeld = dates_for[rid].pop(rng.randrange(len(dates_for[rid])))
        r = rng.random()
        if r < 0.88:
            offset = weighted(rng, [(0, 35), (1, 30), (2, 18), (3, 17)])
        else:
            offset = rng.randint(4, 9)   # the voorzitter had to ask for the veiligheidsplan or consent
        compleet = aangemeld + dt.timedelta(days=offset)
        while compleet.weekday() >= 5 or compleet in HOLIDAYS:
            compleet -= dt.timedelta(days=1)
        compleet = max(compleet, aangemeld)
        vroegst, vroegst_reason = None, None
        if i in later_indices:
            vroegst = compleet + dt.timedelta(days=rng.randint(8, 16))
            while vroegst.weekday() >= 5:
                vroegst += dt.timedelta(days=1)
            vroegst_reason = rng.choice([
                "ouder is tot dan in het buitenland", "ouder ligt in het ziekenhuis",
                "gezin wacht op uitslag van een diagnostisch onderzoek", "nieuwe jeugdhulp start pas dan",
                "ouders willen eerst een vertrouwensfiguur regelen"])

        # Family: parents and children. Children carry a parent's surname initial.
        two_parents = rng.random() < 0.72
        p1, s1 = people.person(female=True)
        parents = [p1]
        family_surname = s1
        if two_parents:
            separated = rng.random() < 0.4
            together_same = (not separated) and rng.random() < 0.5
            p2, s2 = people.person(surname=s1 if together_same else None, female=False)
            parents.append(p2)
            if rng.random() < 0.65:
                family_surname = s2
        if rng.random() < 0.5:
            parents.reverse()
        n_children = weighted(rng, [(1, 50), (2, 33), (3, 14), (4, 3)])
        eldest_age = weighted(rng, [(a, 1.0 + (0.6 if a >= 8 else 0)) for a in range(0, 18)])
        letter = [w for w in family_surname.split() if w[0].isupper()]
        surname_initial = ascii_fold((letter[-1] if letter else family_surname)[0]).upper()
        children, age = [], eldest_age
        for k in range(n_children):
            if k > 0:
                age -= rng.randint(1, 4)
                if age < 0:
                    break
            born = dt.date(AGE_REFERENCE.year - age - 1, 12, 2) + dt.timedelta(days=rng.randint(0, 364))
            born = min(born, aangemeld - dt.timedelta(days=60))
            children.append({"initialen": f"{rng.choice(CHILD_FIRST_LETTERS)}.{surname_initial}.",
                             "geboortedatum": born})

        # Who is involved.
        worker = None
        gis = GI_FLEVOLAND if rid == "flevoland" else GI_GELDERLAND
        if let_jb:
            worker = rng.choice(let_pool)
        elif kind == "ots-beeindiging" or (kind == "evaluatie" and rng.random() < 0.4) or rng.random() < 0.07:
            worker = rng.choice(gi_pool[weighted(rng, gis)])
        if kind == "ots-beeindiging" and worker is not None:
            referrer = worker                      # the GI registers its own intention to end the OTS
        elif worker is not None and rng.random() < 0.3:
            referrer = worker
        elif kind in ("vijf-voor-twaalf", "kwart-voor-twaalf") and rng.random() < 0.12:
            referrer = rng.choice(vt_pool[VEILIG_THUIS[rid]])
        else:
            referrer = rng.choice(local_pool[gemeente])

        # Days the family or referrer cannot make: mostly the home region's table days.
        earliest = vroegst or compleet + dt.timedelta(days=m.get("voorbereiding_dagen", 3))
        verhinderd = []
        if rng.random() < 0.20:
            window = table_dates(m, earliest, compleet + dt.timedelta(days=m.get("norm_dagen", 14) + 7))
            for _ in range(weighted(rng, [(1, 65), (2, 35)])):
                if window and rng.random() < 0.85:
                    verhinderd.append(rng.choice(window))
                else:
                    day = earliest + dt.timedelta(days=rng.randint(0, 14))
                    while day.weekday() >= 5:
                        day += dt.timedelta(days=1)
                    verhinderd.append(day)
            verhinderd = sorted(set(verhinderd))

        cases.append({
            "region": rid, "gemeente": gemeente, "type": kind, "aangemeld": aangemeld, "compleet": compleet,
            "omit_compleet": offset == 0 and compleet == aangemeld and rng.random() < 0.5,
            "vroegst": vroegst, "vroegst_reason": vroegst_reason, "kinderen": children, "verhinderd": verhinderd,
            "aanmelder": referrer, "ouders": parents, "jeugdbeschermer": worker, "let_jb": let_jb, "order": i,
        })

    # References: per region and year of registration, numbered in order of registration.
    cases.sort(key=lambda c: (c["aangemeld"], c["order"]))
    serial = {}
    for c in cases:
        key = (c["region"], c["aangemeld"].year)
        serial[key] = serial.get(key, 0) + 1
        c["referentie"] = f"JBT-{ABBREVIATION[c['region']]}-{c['aangemeld'].year}-{serial[key]:04d}"

    write(args.output, cases, regions, counts, weeks)


def q(text):
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def contact(c, organisation=True):
    parts = [f"naam: {q(c['naam'])}"]
    if organisation and c.get("organisatie"):
        parts.append(f"organisatie: {q(c['organisatie'])}")
    parts.append(f"email: {q(c['email'])}")
    return "{" + ", ".join(parts) + "}"


def write(path, cases, regions, counts, weeks):
    lines = [
        "# Fictief: alle namen, e-mailadressen, organisatiemedewerkers, kinderen en zaken in dit bestand zijn",
        "# verzonnen. Namen van ouders lijken Nederlands maar horen bij niemand; alle e-mail is @example.org.",
        "# Kinderen staan er alleen met initialen en geboortedatum in, nooit met hun naam.",
        "#",
        "# Gegenereerd door Samples/make_sample.py (seed %d); niet met de hand bewerken, maar het script" % SEED,
        "# aanpassen en opnieuw draaien. Aanmeldingen van %s t/m %s (%.1f weken)." % (FIRST_DAY, LAST_DAY, weeks),
        "#",
        "# regio                        capaciteit/week  aanmeldingen  belasting",
    ]
    for rid in sorted(regions):
        cap = weekly_capacity(regions[rid])
        lines.append("#   %-28s %8d %15d %9.0f%%" % (rid, cap, counts[rid], 100 * counts[rid] / (cap * weeks)))
    lines += [
        "# (capaciteit = gesprekken per tafeldag x tafeldagen per week x parallelle tafels; feestdagen en",
        "#  sluitingen, zoals de kerstweek, gaan daar in de planning nog af)",
        "# Rijk van Nijmegen toetst geen OTS-beëindigingen: de twee aanmeldingen van dat type daar plant",
        "# de planner binnen de norm aan de tafel van een buurregio, of meldt ze als dat niet lukt.",
        "",
        "aanmeldingen:",
    ]
    for c in cases:
        lines.append(f"  - referentie: {c['referentie']}")
        lines.append(f"    gemeente: {c['gemeente']}")
        lines.append(f"    type: {c['type']}")
        lines.append(f"    aangemeld: {c['aangemeld']}")
        if not c["omit_compleet"]:
            lines.append(f"    compleet: {c['compleet']}")
        if c["vroegst"]:
            lines.append(f"    vroegst: {c['vroegst']}   # {c['vroegst_reason']}")
        lines.append("    kinderen:")
        for k in c["kinderen"]:
            lines.append(f"      - initialen: {k['initialen']}")
            lines.append(f"        geboortedatum: {k['geboortedatum']}")
        if c["verhinderd"]:
            lines.append("    verhinderd: [" + ", ".join(str(d) for d in c["verhinderd"]) + "]")
        lines.append(f"    aanmelder: {contact(c['aanmelder'])}")
        lines.append("    ouders:")
        for p in c["ouders"]:
            lines.append(f"      - {contact(p, organisation=False)}")
        if c["jeugdbeschermer"]:
            lines.append(f"    jeugdbeschermer: {contact(c['jeugdbeschermer'])}")
        if c["let_jb"]:
            lines.append("    let_jb: true   # LET JB: naam, organisatie en werkplek van de jeugdbeschermer nooit naar het gezin")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{path}: {len(cases)} aanmeldingen")


if __name__ == "__main__":
    main()

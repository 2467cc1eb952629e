#!/usr/bin/env python3
"""Seeded generator of benchmark instances in the exchange format of docs/formats.md
("Benchmark exchange format (JSON)").

Standard library only. The same arguments always give the same file, byte for byte: all
randomness comes from one random.Random(seed), and every loop runs over sorted data.

What an instance contains (all fictitious):

* Regions in a neighbour graph: the seven Gelderland youth-care regions with their real
  neighbour relations (7 regions), two of them (2 regions), or a planar-ish grid of regions with
  2-4 neighbours each (any other number, e.g. 42 for the national preset).
* Per region 1-2 table days a week and 1-2 parallel tables. Positions come either from the hours
  of the table day (09:00-16:30, 90-minute conversations, 15-minute pause: starts 540, 645, 750,
  855) or from fixed start times with larger gaps. The 30-minute child conversation comes right
  before the table conversation (childStart = start - 30); in hours mode the first position has no
  room for it (it would fall before the table day opens), and at the later ones it overlaps the
  previous conversation, which the same people sit.
* People: every table has a voorzitter and an RvdK officer; every position's people are
  [voorzitter, RvdK officer]. Some RvdK officers are rostered at tables of two neighbouring
  regions on the same weekday with overlapping hours (a split day around noon; under
  --sharing heavy the whole day, chained over up to three tables, voorzitters too; see
  make_roster), and for one week a sick voorzitter is replaced by a neighbouring region's
  voorzitter who also sits their own table that day.
* One holiday week without positions (Christmas when the horizon contains it), and no positions
  on Dutch public holidays.
* Cases: arrivals per week = load x weekly table capacity, spread over the generated weeks; the
  horizon has 3 extra weeks so late cases can still be booked. ~40 % with a child conversation,
  mostly vijf-voor-twaalf / kwart-voor-twaalf, ~20 % with 1-3 unavailable dates, ~2 % pinned to
  an "already confirmed" position (pinned bookings are mutually feasible). One region does not
  hold ots-beeindiging.

Usage:
  generate.py --frozen [--dir Benchmarks/instances]          # write the committed set
  generate.py --preset national --seed 1 --out /tmp/national.json     # 42 regions, 52 weeks
  generate.py --regions 7 --weeks 8 --load 1.0 --seed 1 --name gld-8w-load100-s1 --out FILE
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import sys

DAY = dt.timedelta(days=1)
WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri"]
ALL_TYPES = ["vijf-voor-twaalf", "kwart-voor-twaalf", "evaluatie", "ots-beeindiging"]
TYPE_WEIGHTS = [45, 40, 10, 5]
WEIGHTS = {"late": 1000000, "neighbour": 1000, "unbookedExtra": 10000}

CHILD_MINUTES = 30
EXTRA_WEEKS = 3            # horizon = generated weeks + this, so late cases can still be booked
PREPARATION_DAYS = 3       # earliest = complete + 3
NORM_DAYS = 14             # deadline = complete + 14

# Table-day layouts. "hours": laid out from opening hours; "fixed": fixed start times.
HOURS_LAYOUT = {"mode": "hours", "open": 540, "close": 990, "length": 90, "pause": 15}
FIXED_LAYOUTS = [
    {"mode": "fixed", "starts": [540, 660, 810], "length": 90},        # 09:00 11:00 13:30
    {"mode": "fixed", "starts": [570, 675, 810], "length": 75},        # 09:30 11:15 13:30
    {"mode": "fixed", "starts": [540, 645, 780, 885], "length": 75},   # 09:00 10:45 13:00 14:45
]

# The seven Gelderland regions: abbreviation, table days (0 = Monday), parallel tables, layout,
# and the neighbour relations on the map (the same as in Plugins/*/regio.yaml).
GELDERLAND = {
    "achterhoek": ("ach", [2], 1, HOURS_LAYOUT),
    "centraal-gelderland": ("cg", [1, 3], 2, FIXED_LAYOUTS[0]),
    "food-valley": ("fv", [1], 2, HOURS_LAYOUT),
    "midden-ijssel-oost-veluwe": ("miov", [0, 3], 1, FIXED_LAYOUTS[1]),
    "noord-veluwe": ("nv", [3], 1, HOURS_LAYOUT),
    "rijk-van-nijmegen": ("rvn", [0, 2], 1, FIXED_LAYOUTS[2]),
    "rivierenland": ("riv", [4], 1, HOURS_LAYOUT),
}
GELDERLAND_EDGES = [
    ("achterhoek", "centraal-gelderland"), ("achterhoek", "midden-ijssel-oost-veluwe"),
    ("centraal-gelderland", "food-valley"), ("centraal-gelderland", "midden-ijssel-oost-veluwe"),
    ("centraal-gelderland", "rijk-van-nijmegen"), ("centraal-gelderland", "rivierenland"),
    ("food-valley", "midden-ijssel-oost-veluwe"), ("food-valley", "noord-veluwe"),
    ("food-valley", "rivierenland"), ("midden-ijssel-oost-veluwe", "noord-veluwe"),
    ("rijk-van-nijmegen", "rivierenland"),
]
GELDERLAND_NO_OTS = "rijk-van-nijmegen"   # holds no ots-beeindiging (as its plugin)
SMALL_PAIR = ["centraal-gelderland", "food-valley"]  # neighbours, both sit on Tuesday


class Region:
    def __init__(self, rid, abbr, days, parallel, layout):
        self.id = rid
        self.abbr = abbr
        self.days = sorted(days)
        self.parallel = parallel
        self.layout = layout
        self.neighbours = []
        self.types = list(ALL_TYPES)

    def slots(self):
        """[(start, end, childAllowed)] of one table on one table day."""
        lay = self.layout
        if lay["mode"] == "hours":
            out, s = [], lay["open"]
            while s + lay["length"] <= lay["close"]:
                out.append((s, s + lay["length"], s - CHILD_MINUTES >= lay["open"]))
                s += lay["length"] + lay["pause"]
            return out
        return [(s, s + lay["length"], True) for s in lay["starts"]]

    def weekly_capacity(self):
        return len(self.days) * self.parallel * len(self.slots())


# ---------------------------------------------------------------------------------------------
# Calendar

def easter(year):
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def public_holidays(year):
    """Dutch public holidays on which no table sits."""
    e = easter(year)
    kings = dt.date(year, 4, 27)
    if kings.weekday() == 6:
        kings -= DAY
    days = {dt.date(year, 1, 1), e - 2 * DAY, e + DAY, kings, e + 39 * DAY, e + 50 * DAY,
            dt.date(year, 12, 25), dt.date(year, 12, 26)}
    if year % 5 == 0:
        days.add(dt.date(year, 5, 5))
    return days


# ---------------------------------------------------------------------------------------------
# Regions

def make_regions(n, rng):
    """The regions with their neighbour lists (sorted), in sorted id order."""
    if n == 7:
        regions = {rid: Region(rid, *spec) for rid, spec in sorted(GELDERLAND.items())}
        for a, b in GELDERLAND_EDGES:
            regions[a].neighbours.append(b)
            regions[b].neighbours.append(a)
        regions[GELDERLAND_NO_OTS].types.remove("ots-beeindiging")
    elif n == 2:
        regions = {rid: Region(rid, *GELDERLAND[rid]) for rid in SMALL_PAIR}
        a, b = SMALL_PAIR
        regions[a].neighbours.append(b)
        regions[b].neighbours.append(a)
    else:
        regions = make_grid(n, rng)
    for r in regions.values():
        r.neighbours = sorted(set(r.neighbours))
    return [regions[k] for k in sorted(regions)]


def make_grid(n, rng):
    """A planar-ish grid of n regions with 2-4 neighbours each and random table profiles."""
    cols = math.ceil(math.sqrt(n))
    width = len(str(n))
    ids = ["regio-%0*d" % (width, i + 1) for i in range(n)]
    regions = {}
    for i, rid in enumerate(ids):
        days = sorted(rng.sample(range(5), 1 if rng.random() < 0.55 else 2))
        parallel = 1 if rng.random() < 0.35 else 2
        layout = HOURS_LAYOUT if rng.random() < 0.5 else FIXED_LAYOUTS[rng.randrange(len(FIXED_LAYOUTS))]
        regions[rid] = Region(rid, "r%0*d" % (width, i + 1), days, parallel, layout)

    def cell(i):
        return divmod(i, cols)

    edges = set()
    for i in range(n):
        r, c = cell(i)
        if c + 1 < cols and i + 1 < n:
            edges.add((i, i + 1))
        if i + cols < n:
            edges.add((i, i + cols))
    degree = [0] * n
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    # Cells on the border get a diagonal now and then (one per grid square, so still planar),
    # as long as both ends stay at 4 neighbours or fewer.
    for i in range(n):
        r, c = cell(i)
        if c + 1 >= cols or i + cols + 1 >= n or rng.random() >= 0.3:
            continue
        a, b = (i, i + cols + 1) if rng.random() < 0.5 else (i + 1, i + cols)
        if degree[a] < 4 and degree[b] < 4:
            edges.add((a, b))
            degree[a] += 1
            degree[b] += 1
    # A region with a single neighbour (a short last row) gets its upper-right cell too.
    for i in range(n):
        if degree[i] < 2 and n > 2:
            for j in (i - cols + 1, i - cols - 1, i - 1, i + 1):
                if 0 <= j < n and j != i and (min(i, j), max(i, j)) not in edges and degree[j] < 4:
                    edges.add((min(i, j), max(i, j)))
                    degree[i] += 1
                    degree[j] += 1
                    break
    for a, b in sorted(edges):
        regions[ids[a]].neighbours.append(ids[b])
        regions[ids[b]].neighbours.append(ids[a])
    no_ots = ids[rng.randrange(n)]
    regions[no_ots].types.remove("ots-beeindiging")
    return regions


# ---------------------------------------------------------------------------------------------
# Roster: who sits which table on which weekday

def make_roster(regions, rng, sharing):
    """roster[(region, table, weekday)] = one [voorzitter, rvdk] per slot of the table day.

    RvdK officers are shared between tables of neighbouring regions that sit on the same weekday:
    * normal: a split day. Officer X of table A sits A's morning and, from late morning on, B's
      table; B's own officer Y sits B's early morning and A's afternoon. Around noon X is rostered
      at both tables (overlapping hours), so the solver must choose. About half of the eligible
      (region pair, weekday) combinations, at least two.
    * heavy: the whole day. A's officer is rostered at B's table too (both days' slots), for every
      common table index, chained when regions share with several neighbours; in half of the
      pairs A's voorzitter also chairs B's table 1.
    Returns (roster, shared) with shared a list of (person, lender, borrower, weekday) for the log.
    """
    roster = {}
    for r in regions:
        for t in range(1, r.parallel + 1):
            for d in r.days:
                roster[(r.id, t, d)] = [["vz-%s-%d" % (r.abbr, t), "rvdk-%s-%d" % (r.abbr, t)] for _ in r.slots()]
    by_id = {r.id: r for r in regions}
    # (a, b, weekday) for neighbouring regions with a common table day, a < b.
    eligible = [(a.id, b, d) for a in regions for b in a.neighbours if a.id < b
                for d in a.days if d in by_id[b].days]
    shared = []
    if not eligible:
        return roster, shared
    if sharing == "heavy":
        chosen = eligible
    else:
        # About half of the eligible pairs, at least two (when there are two).
        chosen = [e for e in eligible if rng.random() < 0.5]
        while len(chosen) < min(2, len(eligible)):
            e = eligible[rng.randrange(len(eligible))]
            if e not in chosen:
                chosen.append(e)
        chosen.sort()
    split_tables = set()   # (region, table, weekday) already split: split each table once
    for a, b, d in chosen:
        if rng.random() < 0.5:
            a, b = b, a  # who lends the officer
        ra, rb = by_id[a], by_id[b]
        if sharing == "heavy":
            for t in range(1, min(ra.parallel, rb.parallel) + 1):
                officer = roster[(a, t, d)][0][1]
                for ppl in roster[(b, t, d)]:
                    ppl[1] = officer
                shared.append((officer, a, b, WEEKDAY_NAMES[d]))
            if rng.random() < 0.5:
                chair = roster[(a, 1, d)][0][0]
                for ppl in roster[(b, 1, d)]:
                    ppl[0] = chair
                shared.append((chair, a, b, WEEKDAY_NAMES[d]))
            continue
        ta, tb = rng.randint(1, ra.parallel), rng.randint(1, rb.parallel)
        if (a, ta, d) in split_tables or (b, tb, d) in split_tables:
            continue
        split_tables |= {(a, ta, d), (b, tb, d)}
        x, y = roster[(a, ta, d)][0][1], roster[(b, tb, d)][0][1]
        slots_a, slots_b = ra.slots(), rb.slots()
        morning = (len(slots_a) + 1) // 2          # X sits A's first half ...
        last_start = slots_a[morning - 1][0]
        first_end = slots_a[0][1]
        for i, (s, e, _) in enumerate(slots_a):
            roster[(a, ta, d)][i][1] = x if i < morning else y     # ... and Y A's afternoon
        for i, (s, e, _) in enumerate(slots_b):
            # X takes B's positions from the one overlapping A's last morning position on.
            roster[(b, tb, d)][i][1] = x if (e > last_start and s >= first_end) else y
        shared.append((x, a, b, WEEKDAY_NAMES[d]))
        shared.append((y, b, a, WEEKDAY_NAMES[d]))
    return roster, shared


# ---------------------------------------------------------------------------------------------
# Instance

def generate(regions_n, weeks, load, seed, name, start=dt.date(2026, 11, 30), child_fraction=0.4,
             sharing="normal", cases_n=None, sick_weeks=1):
    rng = random.Random(seed)
    if start.weekday() != 0:
        raise ValueError("start must be a Monday")
    regions = make_regions(regions_n, rng)
    by_id = {r.id: r for r in regions}
    total_weeks = weeks + EXTRA_WEEKS
    horizon_end = start + (7 * total_weeks - 1) * DAY
    holidays = set()
    for y in range(start.year, horizon_end.year + 1):
        holidays |= public_holidays(y)

    # The holiday week: the one with Christmas in it, else one in the middle of the weeks.
    holiday_week = None
    for w in range(total_weeks):
        monday = start + 7 * w * DAY
        if monday <= dt.date(monday.year, 12, 25) <= monday + 6 * DAY:
            holiday_week = w
            break
    if holiday_week is None:
        holiday_week = weeks // 2

    roster, shared = make_roster(regions, rng, sharing)

    # Sick voorzitter(s): for one week, a region's table-1 voorzitter is replaced by the
    # table-1 voorzitter of a neighbouring region that sits on a common weekday (so that person
    # sits two overlapping tables on that day).
    overrides = {}   # (region, table, date) -> people
    sick = []
    pairs = [(a.id, b, d) for a in regions for b in a.neighbours
             for d in a.days if d in by_id[b].days
             if roster[(b, 1, d)][0][0] != roster[(a.id, 1, d)][0][0]]   # not already the same chair
    weeks_ok = [w for w in range(weeks) if w != holiday_week]
    for _ in range(sick_weeks if pairs and weeks_ok else 0):
        x, y, d = pairs[rng.randrange(len(pairs))]
        w = weeks_ok[rng.randrange(len(weeks_ok))]
        substitute = roster[(y, 1, d)][0][0]
        for xd in by_id[x].days:
            date = start + (7 * w + xd) * DAY
            day_people = [list(ppl) for ppl in roster[(x, 1, xd)]]
            sick.append((day_people[0][0], substitute, x, date.isoformat()))
            for ppl in day_people:
                ppl[0] = substitute
            overrides[(x, 1, date)] = day_people

    # Positions, in (date, region, table, start) order.
    positions = []
    for w in range(total_weeks):
        if w == holiday_week:
            continue
        for wd in range(5):
            date = start + (7 * w + wd) * DAY
            if date in holidays:
                continue
            for r in regions:
                if wd not in r.days:
                    continue
                for t in range(1, r.parallel + 1):
                    day_people = overrides.get((r.id, t, date), roster[(r.id, t, wd)])
                    for (s, e, child_ok), ppl in zip(r.slots(), day_people):
                        positions.append({
                            "id": len(positions), "region": r.id, "date": date.isoformat(),
                            "table": t, "start": s, "end": e, "childStart": s - CHILD_MINUTES,
                            "childAllowed": child_ok, "people": list(ppl), "types": list(r.types)})

    # Cases. Demand per region ~ its capacity, with some imbalance so neighbours matter.
    weekly_capacity = sum(r.weekly_capacity() for r in regions)
    n_cases = cases_n if cases_n is not None else int(round(load * weekly_capacity * weeks))
    shares = [r.weekly_capacity() * rng.uniform(0.7, 1.35) for r in regions]
    # Completion dates: working days from one week before the start to one week before the
    # end of the generated weeks, so the first table week already has work.
    first = start - 7 * DAY
    complete_days = [first + i * DAY for i in range(7 * weeks) if (first + i * DAY).weekday() < 5]
    raw = []
    for _ in range(n_cases):
        home = rng.choices(regions, weights=shares)[0].id
        complete = complete_days[rng.randrange(len(complete_days))]
        ctype = rng.choices(ALL_TYPES, weights=TYPE_WEIGHTS)[0]
        child = rng.random() < child_fraction
        earliest = complete + PREPARATION_DAYS * DAY
        deadline = complete + NORM_DAYS * DAY
        unavailable = []
        if rng.random() < 0.2:
            window = [earliest + i * DAY for i in range((deadline - earliest).days + 1)
                      if (earliest + i * DAY).weekday() < 5]
            unavailable = sorted(rng.sample(window, min(len(window), rng.randint(1, 3))))
        raw.append((complete, home, rng.random(), ctype, child, earliest, deadline, unavailable))
    raw.sort()
    width = max(4, len(str(n_cases)))
    cases = [{"ref": "C%0*d" % (width, i + 1), "home": home, "type": ctype,
              "complete": complete.isoformat(), "earliest": earliest.isoformat(),
              "deadline": deadline.isoformat(), "child": child,
              "unavailable": [u.isoformat() for u in unavailable], "pinned": None}
             for i, (complete, home, _, ctype, child, earliest, deadline, unavailable) in enumerate(raw)]

    pin_cases(cases, positions, rng, fraction=0.02)

    instance = {
        "name": name,
        "horizonStart": start.isoformat(),
        "horizonEnd": horizon_end.isoformat(),
        "weights": dict(WEIGHTS),
        "regions": [{"id": r.id, "neighbours": list(r.neighbours)} for r in regions],
        "positions": positions,
        "cases": cases,
    }
    info = {
        "weeklyCapacity": weekly_capacity, "cases": n_cases, "positions": len(positions),
        "holidayWeek": (start + 7 * holiday_week * DAY).isoformat(),
        "shared": shared, "sick": sick,
    }
    return instance, info


def pin_cases(cases, positions, rng, fraction):
    """Pin ~fraction of the cases to a position as an already confirmed booking: in the home
    region, within the norm, all case rules met, and mutually feasible (no position twice, no
    person in two places at once)."""
    by_region = {}
    for p in positions:
        by_region.setdefault(p["region"], []).append(p)
    used = set()
    busy = {}   # (person, date) -> [(from, to)]
    count = int(round(fraction * len(cases)))
    for i in sorted(rng.sample(range(len(cases)), count)):
        c = cases[i]
        options = []
        for p in by_region.get(c["home"], []):
            if p["id"] in used or not (c["earliest"] <= p["date"] <= c["deadline"]):
                continue
            if p["date"] in c["unavailable"] or c["type"] not in p["types"]:
                continue
            if c["child"] and not p["childAllowed"]:
                continue
            lo = p["childStart"] if c["child"] else p["start"]
            if any(a < p["end"] and lo < b for person in p["people"]
                   for a, b in busy.get((person, p["date"]), [])):
                continue
            options.append(p)
        if not options:
            continue
        p = options[rng.randrange(len(options))]
        c["pinned"] = p["id"]
        used.add(p["id"])
        lo = p["childStart"] if c["child"] else p["start"]
        for person in p["people"]:
            busy.setdefault((person, p["date"]), []).append((lo, p["end"]))


def dump(instance, path):
    """Write the instance as JSON with one position / case per line (readable diffs)."""
    def one(x):
        return json.dumps(x, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{"]
    keys = list(instance)
    for k in keys:
        v = instance[k]
        end = "," if k != keys[-1] else ""
        if isinstance(v, list):
            lines.append('  "%s": [' % k)
            lines.extend("    " + one(x) + ("," if i + 1 < len(v) else "") for i, x in enumerate(v))
            lines.append("  ]" + end)
        else:
            lines.append('  "%s": %s%s' % (k, one(v), end))
    lines.append("}")
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------
# Presets

def preset_args(preset, seed, load=None):
    """Keyword arguments of generate() for a named preset."""
    if preset == "small":
        load = 1.0 if load is None else load
        return dict(regions_n=2, weeks=4, load=load, name="small-4w-load%03d-s%d" % (round(100 * load), seed))
    if preset == "gelderland":
        load = 1.0 if load is None else load
        return dict(regions_n=7, weeks=8, load=load, name="gld-8w-load%03d-s%d" % (round(100 * load), seed))
    if preset == "hard":
        # Heavy sharing of officers between neighbouring tables, 70 % child conversations,
        # two sick-voorzitter weeks.
        return dict(regions_n=7, weeks=8, load=1.0 if load is None else load, child_fraction=0.7,
                    sharing="heavy", sick_weeks=2, name="gld-8w-hard-s%d" % seed)
    if preset == "national":
        # 42 regions (a grid), 52 weeks, load 0.8 (~14,500 cases for seed 1). Child conversations
        # in hours-mode regions cost capacity (see make_roster / Region.slots), so 0.8 nominal is
        # close to the effective capacity: a busy but sustainable year, not a backlog that grows.
        return dict(regions_n=42, weeks=52, load=0.8 if load is None else load,
                    name="national-52w-s%d" % seed)
    raise ValueError("unknown preset " + preset)


FROZEN = [("small", 0.8), ("small", 1.0), ("small", 1.15),
          ("gelderland", 0.8), ("gelderland", 1.0), ("gelderland", 1.15),
          ("hard", None)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frozen", action="store_true", help="write the committed benchmark set to --dir")
    ap.add_argument("--dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "instances"))
    ap.add_argument("--preset", choices=["small", "gelderland", "hard", "national"])
    ap.add_argument("--regions", type=int, default=7)
    ap.add_argument("--weeks", type=int, default=8)
    ap.add_argument("--load", type=float, help="arrivals per week as a fraction of weekly table capacity (default 1.0)")
    ap.add_argument("--cases", type=int, help="number of cases (overrides --load)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--name")
    ap.add_argument("--start", default="2026-11-30", help="first Monday of the horizon")
    ap.add_argument("--child-fraction", type=float, default=0.4)
    ap.add_argument("--sharing", choices=["normal", "heavy"], default="normal")
    ap.add_argument("--out", help="output file (default: NAME.json in --dir)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    jobs = []
    if args.frozen:
        for preset, load in FROZEN:
            kw = preset_args(preset, 1, load)
            jobs.append((kw, os.path.join(args.dir, kw["name"] + ".json")))
    else:
        if args.preset:
            kw = preset_args(args.preset, args.seed, args.load)
        else:
            load = 1.0 if args.load is None else args.load
            kw = dict(regions_n=args.regions, weeks=args.weeks, load=load,
                      child_fraction=args.child_fraction, sharing=args.sharing, cases_n=args.cases,
                      name=args.name or "r%d-%dw-load%03d-s%d" % (args.regions, args.weeks, round(100 * load), args.seed))
        if args.name:
            kw["name"] = args.name
        jobs.append((kw, args.out or os.path.join(args.dir, kw["name"] + ".json")))

    start = dt.date.fromisoformat(args.start)
    for kw, path in jobs:
        seed = 1 if args.frozen else args.seed
        instance, info = generate(seed=seed, start=start, **kw)
        dump(instance, path)
        if not args.quiet:
            pinned = sum(1 for c in instance["cases"] if c["pinned"] is not None)
            child = sum(1 for c in instance["cases"] if c["child"])
            print("%s: %d regions, %d positions (%d/week nominal), %d cases (%d child, %d pinned), "
                  "holiday week %s, %d shared officer-weekdays, %d sick-substitute days -> %s"
                  % (kw["name"], len(instance["regions"]), info["positions"], info["weeklyCapacity"],
                     info["cases"], child, pinned, info["holidayWeek"], len(info["shared"]),
                     len(info["sick"]), os.path.normpath(path)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

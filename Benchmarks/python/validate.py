#!/usr/bin/env python3
"""The independent validator of benchmark solutions (docs/formats.md, "Benchmark exchange format
(JSON)"). Standard library only: it also runs in the test suite without a virtualenv.

    validate.py INSTANCE SOLUTION [--json]

Checks every rule of the format and recomputes the metrics from the bookings alone; the solver's
own claims (`bound`, `optimal`) are reported but never trusted. Exit status: 0 feasible,
1 infeasible, 2 unreadable or malformed input.

Importable: `validate(instance, solution)` takes the parsed JSON objects and returns a Result.
"""

import argparse
import signal
import datetime as dt
import json
import sys

MAX_PRINTED = 20
DEFAULT_WEIGHTS = {"late": 1000000, "neighbour": 1000, "unbookedExtra": 10000}


class Result:
    """Outcome of one validation: violations (strings), metrics (dict), warnings (strings)."""

    def __init__(self):
        self.violations = []
        self.warnings = []
        self.metrics = {}

    @property
    def feasible(self):
        return not self.violations

    def as_dict(self):
        return {"feasible": self.feasible, "violationCount": len(self.violations),
                "violations": self.violations[:1000], "warnings": self.warnings,
                "metrics": self.metrics}


class InputError(Exception):
    """The instance or solution is not valid JSON of the expected shape."""


def _date(value, what):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError("%s: not an ISO date: %r" % (what, value))


def _int(value, what):
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError("%s: not an integer: %r" % (what, value))
    return value


def _check_instance(inst):
    """Structural checks of the instance; raises InputError on anything a solver could not
    reasonably read. Returns (regions, positions by id, cases by ref, weights)."""
    if not isinstance(inst, dict):
        raise InputError("instance: not a JSON object")
    for key in ("name", "regions", "positions", "cases"):
        if key not in inst:
            raise InputError("instance: missing key %r" % key)
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(inst.get("weights") or {})
    for k in ("late", "neighbour", "unbookedExtra"):
        _int(weights[k], "instance.weights." + k)

    regions = {}
    for i, r in enumerate(inst["regions"]):
        if r["id"] in regions:
            raise InputError("instance.regions[%d]: duplicate region id %r" % (i, r["id"]))
        regions[r["id"]] = list(r.get("neighbours") or [])
    for rid, nbs in regions.items():
        for n in nbs:
            if n not in regions:
                raise InputError("instance: region %r names unknown neighbour %r" % (rid, n))

    positions = {}
    for i, p in enumerate(inst["positions"]):
        what = "instance.positions[%d]" % i
        pid = _int(p["id"], what + ".id")
        if pid in positions:
            raise InputError("%s: duplicate position id %d" % (what, pid))
        if p["region"] not in regions:
            raise InputError("%s: unknown region %r" % (what, p["region"]))
        q = {"id": pid, "region": p["region"], "date": _date(p["date"], what + ".date"),
             "start": _int(p["start"], what + ".start"), "end": _int(p["end"], what + ".end"),
             "childStart": _int(p["childStart"], what + ".childStart"),
             "childAllowed": bool(p["childAllowed"]), "people": list(p["people"]),
             "types": set(p["types"])}
        if not q["start"] < q["end"]:
            raise InputError("%s: start %d is not before end %d" % (what, q["start"], q["end"]))
        if q["childAllowed"] and not q["childStart"] <= q["start"]:
            raise InputError("%s: childStart %d after start %d" % (what, q["childStart"], q["start"]))
        positions[pid] = q

    cases = {}
    for i, c in enumerate(inst["cases"]):
        what = "instance.cases[%d]" % i
        if c["ref"] in cases:
            raise InputError("%s: duplicate ref %r" % (what, c["ref"]))
        if c["home"] not in regions:
            raise InputError("%s: unknown home region %r" % (what, c["home"]))
        pinned = c.get("pinned")
        if pinned is not None and _int(pinned, what + ".pinned") not in positions:
            raise InputError("%s: pinned to unknown position %r" % (what, pinned))
        cases[c["ref"]] = {
            "ref": c["ref"], "home": c["home"], "type": c["type"],
            "complete": _date(c["complete"], what + ".complete"),
            "earliest": _date(c["earliest"], what + ".earliest"),
            "deadline": _date(c["deadline"], what + ".deadline"),
            "child": bool(c["child"]),
            "unavailable": {_date(u, what + ".unavailable") for u in (c.get("unavailable") or [])},
            "pinned": pinned}
    return regions, positions, cases, weights


def case_rule_violations(case, pos, regions):
    """The per-booking rules of the format: why `case` may not be booked at `pos` (empty if it
    may). Shared with the other scripts so that everyone reads the rules the same way."""
    out = []
    neighbour = pos["region"] != case["home"]
    if neighbour and pos["region"] not in regions[case["home"]]:
        out.append("region %s is neither home %s nor one of its neighbours" % (pos["region"], case["home"]))
    if neighbour and pos["date"] > case["deadline"]:
        out.append("neighbouring region %s after the deadline %s (date %s)"
                   % (pos["region"], case["deadline"], pos["date"]))
    if pos["date"] < case["earliest"]:
        out.append("date %s before earliest %s" % (pos["date"], case["earliest"]))
    if pos["date"] in case["unavailable"]:
        out.append("date %s is unavailable for the case" % pos["date"])
    if case["type"] not in pos["types"]:
        out.append("type %s not held at the position" % case["type"])
    if case["child"] and not pos["childAllowed"]:
        out.append("child conversation not allowed at the position")
    return out


def booking_cost(case, pos, weights):
    cost = (pos["date"] - case["complete"]).days
    if pos["date"] > case["deadline"]:
        cost += weights["late"]
    if pos["region"] != case["home"]:
        cost += weights["neighbour"]
    return cost


def validate(instance, solution):
    """Validate `solution` (parsed JSON) against `instance` (parsed JSON). Raises InputError
    when either cannot be read; infeasibility is reported in the Result."""
    regions, positions, cases, weights = _check_instance(instance)
    res = Result()
    v = res.violations
    if not isinstance(solution, dict) or not isinstance(solution.get("bookings"), list):
        raise InputError("solution: not a JSON object with a 'bookings' list")
    if solution.get("instance") not in (None, instance["name"]):
        res.warnings.append("solution is for instance %r, not %r" % (solution.get("instance"), instance["name"]))

    booked = {}        # ref -> position id
    used = {}          # position id -> ref
    for i, b in enumerate(solution["bookings"]):
        ref, pid = b.get("ref") if isinstance(b, dict) else None, b.get("position") if isinstance(b, dict) else None
        if ref not in cases:
            v.append("booking %d: unknown case ref %r" % (i, ref))
            continue
        if not isinstance(pid, int) or isinstance(pid, bool) or pid not in positions:
            v.append("booking %d (%s): unknown position %r" % (i, ref, pid))
            continue
        if ref in booked:
            v.append("case %s booked more than once (positions %d and %d)" % (ref, booked[ref], pid))
            continue
        if pid in used:
            v.append("position %d used more than once (cases %s and %s)" % (pid, used[pid], ref))
            continue
        booked[ref] = pid
        used[pid] = ref
        for why in case_rule_violations(cases[ref], positions[pid], regions):
            v.append("case %s at position %d: %s" % (ref, pid, why))

    for ref in sorted(cases):
        c = cases[ref]
        if c["pinned"] is not None and booked.get(ref) != c["pinned"]:
            v.append("case %s is pinned to position %d but %s" % (
                ref, c["pinned"], "unbooked" if ref not in booked else "booked at %d" % booked[ref]))

    # People: busy intervals per (person, date) never overlap (touching is fine).
    busy = {}
    for ref in sorted(booked):
        p = positions[booked[ref]]
        lo = p["childStart"] if cases[ref]["child"] else p["start"]
        for person in p["people"]:
            busy.setdefault((person, p["date"]), []).append((lo, p["end"], ref, p["id"]))
    for (person, date) in sorted(busy):
        ivs = sorted(busy[(person, date)])
        last = None   # the interval with the latest end so far
        for iv in ivs:
            if last is not None and iv[0] < last[1]:
                v.append("person %s on %s in two places: case %s at position %d [%s-%s) and case %s at "
                         "position %d [%s-%s)" % (person, date, last[2], last[3], _hm(last[0]), _hm(last[1]),
                                                  iv[2], iv[3], _hm(iv[0]), _hm(iv[1])))
            if last is None or iv[1] > last[1]:
                last = iv

    # Metrics, recomputed from the bookings.
    m = {"cases": len(cases), "booked": 0, "unbooked": 0, "withinNorm": 0, "late": 0,
         "inNeighbourRegion": 0, "totalWaitingDays": 0, "objective": 0}
    for ref in sorted(cases):
        c = cases[ref]
        if ref in booked:
            p = positions[booked[ref]]
            m["booked"] += 1
            m["totalWaitingDays"] += (p["date"] - c["complete"]).days
            if p["date"] <= c["deadline"]:
                m["withinNorm"] += 1
            else:
                m["late"] += 1
            if p["region"] != c["home"]:
                m["inNeighbourRegion"] += 1
            m["objective"] += booking_cost(c, p, weights)
        else:
            m["unbooked"] += 1
            m["objective"] += weights["late"] + weights["unbookedExtra"]
    m["solver"] = solution.get("solver")
    m["seconds"] = solution.get("seconds")
    m["claimedBound"] = solution.get("bound")
    m["claimedOptimal"] = solution.get("optimal")
    res.metrics = m

    # The solver's claims, checked where the solution itself can refute them.
    bound = solution.get("bound")
    if isinstance(bound, (int, float)) and not isinstance(bound, bool) and res.feasible and bound > m["objective"]:
        res.warnings.append("claimed bound %s exceeds the objective %d of this very solution: the bound is wrong"
                            % (bound, m["objective"]))
    if solution.get("optimal") is True and isinstance(bound, (int, float)) and bound < m["objective"] and res.feasible:
        res.warnings.append("claimed optimal, but the claimed bound %s is below the objective %d" % (bound, m["objective"]))
    return res


def _hm(minutes):
    return "%02d:%02d" % divmod(minutes, 60)


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise InputError("%s: %s" % (path, e))


def validate_files(instance_path, solution_path):
    return validate(load_json(instance_path), load_json(solution_path))


METRIC_LABELS = [("booked", "booked"), ("unbooked", "unbooked"), ("withinNorm", "within norm"),
                 ("late", "booked after norm"), ("inNeighbourRegion", "in neighbouring region"),
                 ("totalWaitingDays", "total waiting days"), ("objective", "objective")]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Validate a benchmark solution against its instance.")
    ap.add_argument("instance")
    ap.add_argument("solution")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quiet when piped into head
    try:
        res = validate_files(args.instance, args.solution)
    except (InputError, KeyError, TypeError, AttributeError) as e:
        msg = "malformed input: %s%s" % ("missing key " if isinstance(e, KeyError) else "", e)
        if args.json:
            print(json.dumps({"feasible": False, "error": msg}))
        else:
            print("error: " + msg, file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(res.as_dict(), indent=2))
    else:
        if res.violations:
            print("INFEASIBLE: %d violation(s)" % len(res.violations))
            for line in res.violations[:MAX_PRINTED]:
                print("  - " + line)
            if len(res.violations) > MAX_PRINTED:
                print("  ... and %d more" % (len(res.violations) - MAX_PRINTED))
        else:
            print("feasible")
        for w in res.warnings:
            print("warning: " + w)
        m = res.metrics
        for key, label in METRIC_LABELS:
            print("%-24s %d" % (label, m[key]))
        print("%-24s %s" % ("solver claims", "bound %s, optimal %s, %s s" % (
            m["claimedBound"], m["claimedOptimal"], m["seconds"])))
    return 0 if res.feasible else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Reference solver: OR-Tools CP-SAT on a benchmark instance (docs/formats.md, "Benchmark exchange
format (JSON)").

    cpsat.py INSTANCE.json [--time-limit S] [--out SOLUTION.json] [--log]

Model:
* a Boolean x[c,p] for every pair (case c, position p) that the case rules allow (home region or,
  up to the deadline, a neighbouring one; earliest; unavailable dates; type; childAllowed);
  a pinned case gets exactly its pinned pair, fixed to 1;
* at most one position per case, at most one case per position;
* people: per person and day, every booked position makes the person busy during [start, end),
  and a child booking also during [childStart, start). Each position contributes a "main"
  segment with indicator sum_c x[c,p] and a "child" segment with indicator
  sum_{c with child} x[c,p]. A sweep over the segment endpoints yields the maximal sets of
  pairwise overlapping segments (the maximal cliques of the interval graph); each gets
  sum(indicators) <= 1. This is exact for intervals and gives a much tighter LP than
  AddNoOverlap over optional intervals;
* objective exactly the format's cost: sum over booked pairs of cost(c,p) plus
  (late + unbookedExtra) per unbooked case, written as a constant plus sum (cost - U) x.

One search worker (num_search_workers = 1), fixed random seed; presolve probing and symmetry
detection off and linearization level 2 (tuned on the frozen set, see solve()). The solution JSON carries
`bound` (CP-SAT's best objective bound, rounded up), `optimal` (status OPTIMAL), `status`, and
`seconds`: the wall time of building the model and solving it (reading the JSON excluded, as
jbt-bench excludes it).

This file reads the instance with its own code on purpose: validate.py stays an independent
check of CP-SAT's solutions too.
"""

import argparse
import bisect
import datetime as dt
import json
import math
import sys
import time

from ortools.sat.python import cp_model

DEFAULT_WEIGHTS = {"late": 1000000, "neighbour": 1000, "unbookedExtra": 10000}


def day(s):
    return dt.date.fromisoformat(s).toordinal()


def candidate_pairs(inst):
    """[(case index, position index, cost)] of every allowed pair. Dates are ordinals."""
    weights = dict(DEFAULT_WEIGHTS, **(inst.get("weights") or {}))
    neighbours = {r["id"]: set(r.get("neighbours") or []) for r in inst["regions"]}
    positions = inst["positions"]
    pos_day = [day(p["date"]) for p in positions]
    index_of_id = {p["id"]: i for i, p in enumerate(positions)}
    # Positions per region, sorted by date, for range look-ups.
    by_region = {}
    for i, p in enumerate(positions):
        by_region.setdefault(p["region"], []).append(i)
    for rid in by_region:
        by_region[rid].sort(key=lambda i: (pos_day[i], i))
    region_days = {rid: [pos_day[i] for i in idx] for rid, idx in by_region.items()}

    pairs = []
    for ci, c in enumerate(inst["cases"]):
        complete, earliest, deadline = day(c["complete"]), day(c["earliest"]), day(c["deadline"])
        unavailable = {day(u) for u in (c.get("unavailable") or [])}

        def allowed(pi, home):
            p = positions[pi]
            return (pos_day[pi] >= earliest and (home or pos_day[pi] <= deadline)
                    and pos_day[pi] not in unavailable and c["type"] in p["types"]
                    and (not c["child"] or p["childAllowed"]))

        def cost(pi, home):
            d = pos_day[pi]
            return (d - complete) + (weights["late"] if d > deadline else 0) + (0 if home else weights["neighbour"])

        if c.get("pinned") is not None:
            pi = index_of_id[c["pinned"]]
            home = positions[pi]["region"] == c["home"]
            if not (home or positions[pi]["region"] in neighbours[c["home"]]) or not allowed(pi, home):
                print("warning: case %s is pinned to position %d, which breaks a case rule"
                      % (c["ref"], c["pinned"]), file=sys.stderr)
            pairs.append((ci, pi, cost(pi, home)))
            continue
        for rid in [c["home"]] + sorted(neighbours[c["home"]]):
            home = rid == c["home"]
            idx = by_region.get(rid, [])
            days = region_days.get(rid, [])
            lo = bisect.bisect_left(days, earliest)
            hi = len(idx) if home else bisect.bisect_right(days, deadline)
            for k in range(lo, hi):
                if allowed(idx[k], home):
                    pairs.append((ci, idx[k], cost(idx[k], home)))
    return pairs, weights


def person_cliques(inst, pairs):
    """Maximal sets of pairwise overlapping segments per person and day. A segment is
    (position index, "main" | "child"); returns a sorted list of frozensets."""
    positions = inst["positions"]
    cases = inst["cases"]
    booked_at = set(pi for _, pi, _ in pairs)
    child_at = set(pi for ci, pi, _ in pairs if cases[ci]["child"])
    per_person_day = {}
    for pi in sorted(booked_at):
        p = positions[pi]
        segs = [(p["start"], p["end"], (pi, "main"))]
        if pi in child_at:
            segs.append((p["childStart"], p["start"], (pi, "child")))
        for person in p["people"]:
            per_person_day.setdefault((person, p["date"]), []).extend(segs)
    cliques = set()
    for key in sorted(per_person_day):
        segs = per_person_day[key]
        found = []
        for t in sorted(set(s for s, _, _ in segs)):
            active = frozenset(seg for s, e, seg in segs if s <= t < e)
            if len(active) >= 2:
                found.append(active)
        for a in found:   # keep the maximal ones
            if not any(a < b for b in found):
                cliques.add(a)
    return sorted(cliques, key=lambda s: sorted(s))


def greedy_hint(inst, pairs):
    """A feasible warm start: cases by (deadline, ref), each at its cheapest free pair that keeps
    every person free. Returns the set of chosen pair indices."""
    positions, cases = inst["positions"], inst["cases"]
    options = {}
    for k, (ci, pi, cost) in enumerate(pairs):
        options.setdefault(ci, []).append((cost, pi, k))
    order = sorted(options, key=lambda ci: (cases[ci].get("pinned") is None, cases[ci]["deadline"], ci))
    used, busy, chosen = set(), {}, set()
    for ci in order:
        for cost, pi, k in sorted(options[ci]):
            p = positions[pi]
            lo = p["childStart"] if cases[ci]["child"] else p["start"]
            if pi in used or any(a < p["end"] and lo < b for person in p["people"]
                                 for a, b in busy.get((person, p["date"]), [])):
                continue
            used.add(pi)
            chosen.add(k)
            for person in p["people"]:
                busy.setdefault((person, p["date"]), []).append((lo, p["end"]))
            break
    return chosen


def solve(inst, time_limit=10.0, log=False, seed=0, hint=False, people=True):
    started = time.monotonic()
    cases = inst["cases"]
    pairs, weights = candidate_pairs(inst)
    unbooked_cost = weights["late"] + weights["unbookedExtra"]

    model = cp_model.CpModel()
    x = [model.new_bool_var("x%d_%d" % (ci, pi)) for ci, pi, _ in pairs]
    by_case, by_pos, child_by_pos = {}, {}, {}
    for k, (ci, pi, _) in enumerate(pairs):
        by_case.setdefault(ci, []).append(k)
        by_pos.setdefault(pi, []).append(k)
        if cases[ci]["child"]:
            child_by_pos.setdefault(pi, []).append(k)
    for ci, ks in sorted(by_case.items()):
        if cases[ci].get("pinned") is not None:
            for k in ks:
                model.add(x[k] == 1)
        elif len(ks) > 1:
            model.add_at_most_one(x[k] for k in ks)
    for pi, ks in sorted(by_pos.items()):
        if len(ks) > 1:
            model.add_at_most_one(x[k] for k in ks)
    cliques = person_cliques(inst, pairs) if people else []
    for clique in cliques:
        lits = []
        for pi, kind in sorted(clique):
            lits.extend(by_pos[pi] if kind == "main" else child_by_pos[pi])
        model.add_at_most_one(x[k] for k in lits)
    model.minimize(sum((cost - unbooked_cost) * x[k] for k, (_, _, cost) in enumerate(pairs))
                   + unbooked_cost * len(cases))

    if hint:
        chosen = greedy_hint(inst, pairs)
        for k in range(len(pairs)):
            model.add_hint(x[k], k in chosen)

    solver = cp_model.CpSolver()
    solver.parameters.num_search_workers = 1
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = log
    # Tuned on the frozen set (single worker): presolve probing and symmetry detection cost
    # seconds and did not pay off; the stronger linear relaxation closes the gap sooner.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    seconds = time.monotonic() - started

    bookings = []
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for k, (ci, pi, _) in enumerate(pairs):
            if solver.boolean_value(x[k]):
                bookings.append({"ref": cases[ci]["ref"], "position": inst["positions"][pi]["id"]})
        bound = int(math.ceil(solver.best_objective_bound - 1e-6))
    else:
        bound = None
    stats = {"pairs": len(pairs), "cliques": len(cliques), "status": solver.status_name(status),
             "objective": solver.objective_value if bookings or not cases else None}
    return {
        "solver": ("cpsat-%gs" if people else "cpsat-nopeople-%gs") % time_limit,
        "instance": inst["name"],
        "seconds": round(seconds, 3),
        "bookings": bookings,
        "bound": bound,
        "optimal": status == cp_model.OPTIMAL,
        "status": solver.status_name(status),
    }, stats


def main(argv=None):
    ap = argparse.ArgumentParser(description="Solve a benchmark instance with OR-Tools CP-SAT (1 worker).")
    ap.add_argument("instance")
    ap.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    ap.add_argument("--out", help="solution file (default: standard output)")
    ap.add_argument("--seed", type=int, default=0, help="CP-SAT random seed (default 0)")
    ap.add_argument("--log", action="store_true", help="print CP-SAT's search log to standard error")
    ap.add_argument("--hint", action="store_true", help="warm start from a greedy solution (off by default: "
                    "on the frozen set it made single-worker CP-SAT slower)")
    ap.add_argument("--no-people", action="store_true", help="diagnostic relaxation: drop the person rules "
                    "(its optimum is the bound of jbt's flow; the solution may be infeasible)")
    args = ap.parse_args(argv)
    with open(args.instance, encoding="utf-8") as f:
        inst = json.load(f)
    solution, stats = solve(inst, args.time_limit, args.log, args.seed, args.hint, not args.no_people)
    # One booking per line: readable and diffable.
    body = ",\n".join("  " + json.dumps(b) for b in solution["bookings"])
    head = json.dumps({k: v for k, v in solution.items() if k != "bookings"})
    text = head[:-1] + ', "bookings": [\n' + body + "\n]}"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    print("%s: %s, objective %s, bound %s, %d pairs, %d person cliques, %.2f s"
          % (inst["name"], stats["status"], stats["objective"], solution["bound"], stats["pairs"],
             stats["cliques"], solution["seconds"]), file=sys.stderr)
    return 0 if solution["status"] in ("OPTIMAL", "FEASIBLE") else 1


if __name__ == "__main__":
    sys.exit(main())

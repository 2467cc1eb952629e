#!/usr/bin/env python3
"""Runs jbt-bench and the CP-SAT reference on benchmark instances, validates every solution with
validate.py, and prints one side-by-side table per instance.

Normally started through Benchmarks/run.sh, which sets up the venv and builds jbt-bench:

    compare.py --jbt PATH [INSTANCE ...] [--quick] [--national] [--greedy] [--out-dir DIR]

* INSTANCE: a path, or a name in Benchmarks/instances/ (with or without .json). Default: every
  instance in Benchmarks/instances/.
* --quick: only the small instances, CP-SAT at 10 s only.
* --national: generate the national preset (seed 1) to /tmp and run jbt-bench on it under
  /usr/bin/time -v (seconds, peak RSS), validated. Without INSTANCE arguments only this runs.
* --greedy: also run jbt-bench's greedy baselines (--greedy fcfs / edf).

Exit status 1 if any solver failed, any solution is infeasible, or a solver's claim (bound,
optimal) is refuted by another solver's validated solution.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
INSTANCES = os.path.join(BENCH, "instances")
sys.path.insert(0, HERE)
import validate  # noqa: E402  (the one independent validator)
import generate  # noqa: E402

SOLVER_TIMEOUT = 3600  # seconds; a safety net only


def resolve_instance(arg):
    for cand in (arg, os.path.join(INSTANCES, arg), os.path.join(INSTANCES, arg + ".json")):
        if os.path.isfile(cand):
            return os.path.abspath(cand)
    sys.exit("compare: no instance %r (neither a file nor a name in %s)" % (arg, INSTANCES))


def run(cmd, log_path, timed=False):
    """Run cmd, stdout+stderr to log_path. Returns (ok, wall seconds, log text, exit status)."""
    if timed:
        cmd = ["/usr/bin/time", "-v"] + cmd
    started = time.monotonic()
    with open(log_path, "w") as log:
        try:
            rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=SOLVER_TIMEOUT).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
        except OSError as e:
            log.write("cannot run %s: %s\n" % (cmd[0], e))
            rc = "not runnable"
    wall = time.monotonic() - started
    with open(log_path) as f:
        text = f.read()
    return rc == 0, wall, text, rc


def evaluate(instance, solution_path):
    """Validate a solution file; returns a dict for the table."""
    try:
        with open(solution_path) as f:
            solution = json.load(f)
        res = validate.validate(instance, solution)
    except (OSError, ValueError, validate.InputError, KeyError, TypeError, AttributeError) as e:
        return {"error": "unreadable solution: %s" % e}
    out = dict(res.metrics)
    out["feasible"] = res.feasible
    out["violations"] = res.violations
    out["warnings"] = res.warnings
    return out


def solve_all(inst_path, solvers, out_dir):
    """Run each (label, command builder) on one instance; returns {label: result dict}."""
    with open(inst_path) as f:
        instance = json.load(f)
    name = instance["name"]
    results = {}
    for label, build in solvers:
        tag = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        sol = os.path.join(out_dir, "%s.%s.json" % (name, tag))
        log = os.path.join(out_dir, "%s.%s.log" % (name, tag))
        if os.path.exists(sol):
            os.remove(sol)
        print("  %-14s ..." % label, end="", flush=True, file=sys.stderr)
        ok, wall, text, rc = run(build(inst_path, sol), log)
        if not os.path.exists(sol):
            r = {"error": "exit %s, no solution (log: %s)" % (rc, log)}
        else:
            r = evaluate(instance, sol)
            if not ok:
                r.setdefault("warnings", []).append("exit status %s (log: %s)" % (rc, log))
        r["wall"] = wall
        r["solution"] = sol
        results[label] = r
        print(" %s, %.1f s wall" % ("error" if "error" in r else "feasible" if r["feasible"]
                                     else "INFEASIBLE", wall), file=sys.stderr)
    return instance, results


def cross_check(results):
    """Refute claims with other solvers' validated solutions. Returns (notes, problems)."""
    feasible = {k: r for k, r in results.items() if "error" not in r and r["feasible"]}
    notes, problems = [], []
    if not feasible:
        return notes, problems
    best_label = min(feasible, key=lambda k: feasible[k]["objective"])
    best = feasible[best_label]["objective"]
    bounds = {k: r.get("claimedBound") for k, r in results.items() if "error" not in r}
    valid_bounds = {k: b for k, b in bounds.items() if isinstance(b, (int, float)) and b <= best}
    for k, b in sorted(bounds.items()):
        if isinstance(b, (int, float)) and b > best:
            problems.append("%s claims bound %d, but %s has a feasible objective %d: the bound is wrong"
                            % (k, b, best_label, best))
    for k, r in sorted(feasible.items()):
        if r.get("claimedOptimal") is True and r["objective"] > best:
            problems.append("%s claims optimal at %d, but %s reaches %d" % (k, r["objective"], best_label, best))
    notes.append("best objective %d (%s)" % (best, best_label))
    if valid_bounds:
        lb_label = max(valid_bounds, key=lambda k: valid_bounds[k])
        lb = valid_bounds[lb_label]
        notes.append("best bound %d (%s); gap of each solver to it: %s" % (
            lb, lb_label, ", ".join("%s %d" % (k, r["objective"] - lb) for k, r in feasible.items())))
        if lb == best:
            notes.append("optimum proven: %d" % best)
    return notes, problems


ROWS = [("feasible", "feasible"), ("unbooked", "unbooked"), ("withinNorm", "within norm"),
        ("late", "booked after norm"), ("inNeighbourRegion", "in neighbouring region"),
        ("totalWaitingDays", "total waiting days"), ("objective", "objective"),
        ("seconds", "time (s, solver's own)"), ("wall", "wall (s)"),
        ("claimedBound", "bound (claimed)"), ("claimedOptimal", "proven optimal (claimed)")]


def cell(r, key):
    if "error" in r:
        return "ERROR" if key == "feasible" else "-"
    v = r.get(key)
    if key == "feasible":
        return "yes" if v else "NO (%d)" % len(r["violations"])
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return "%.2f" % v
    return str(v)


def print_table(instance, results, notes, problems):
    labels = list(results)
    print()
    print("== %s: %d cases, %d positions, %d regions ==" % (
        instance["name"], len(instance["cases"]), len(instance["positions"]), len(instance["regions"])))
    width = max(14, max(len(l) for l in labels) + 2)
    print("%-26s" % "" + "".join("%*s" % (width, l) for l in labels))
    for key, label in ROWS:
        print("%-26s" % label + "".join("%*s" % (width, cell(results[l], key)) for l in labels))
    for l in labels:
        r = results[l]
        if "error" in r:
            print("  %s: %s" % (l, r["error"]))
            continue
        for v in r["violations"][:validate.MAX_PRINTED]:
            print("  %s violation: %s" % (l, v))
        if len(r["violations"]) > validate.MAX_PRINTED:
            print("  %s: ... and %d more violations" % (l, len(r["violations"]) - validate.MAX_PRINTED))
        for w in r["warnings"]:
            print("  %s warning: %s" % (l, w))
    for n in notes:
        print("  " + n)
    for p in problems:
        print("  PROBLEM: " + p)


def run_national(jbt, out_dir):
    """The national preset (seed 1): jbt-bench under /usr/bin/time -v, validated."""
    kw = generate.preset_args("national", 1)
    path = os.path.join("/tmp", "jbt-%s.json" % kw["name"])
    print("generating %s ..." % path, file=sys.stderr)
    instance, _ = generate.generate(seed=1, **kw)
    generate.dump(instance, path)
    sol = os.path.join(out_dir, "%s.jbt.json" % instance["name"])
    log = os.path.join(out_dir, "%s.jbt.log" % instance["name"])
    if os.path.exists(sol):
        os.remove(sol)
    print("running jbt-bench on it under /usr/bin/time -v ...", file=sys.stderr)
    ok, wall, text, rc = run([jbt, "solve", path, "--out", sol], log, timed=True)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    r = evaluate(instance, sol) if os.path.exists(sol) else {"error": "exit %s, no solution (log: %s)" % (rc, log)}
    r["wall"] = wall
    print()
    print("== %s: %d cases, %d positions, %d regions ==" % (
        instance["name"], len(instance["cases"]), len(instance["positions"]), len(instance["regions"])))
    for key, label in ROWS:
        print("%-26s %s" % (label, cell(r, key)))
    print("%-26s %s" % ("peak RSS (MiB)", "%.1f" % (int(rss.group(1)) / 1024) if rss else "-"))
    if "error" in r:
        print("  jbt: " + r["error"])
    else:
        for v in r["violations"][:validate.MAX_PRINTED]:
            print("  violation: " + v)
        for w in r["warnings"]:
            print("  warning: " + w)
    r["peakRssKiB"] = int(rss.group(1)) if rss else None
    good = ok and "error" not in r and r["feasible"] and not any("bound is wrong" in w for w in r["warnings"])
    return r, good


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare jbt-bench with CP-SAT on benchmark instances.")
    ap.add_argument("instances", nargs="*")
    ap.add_argument("--jbt", default=os.path.join(os.path.dirname(BENCH), ".build", "release", "jbt-bench"),
                    help="the jbt-bench binary (default: .build/release/jbt-bench)")
    ap.add_argument("--quick", action="store_true", help="small instances only, CP-SAT 10 s only")
    ap.add_argument("--national", action="store_true", help="run jbt-bench on the national preset")
    ap.add_argument("--greedy", action="store_true", help="also run jbt-bench --greedy fcfs and edf")
    ap.add_argument("--cpsat-limits", default=None, help="comma-separated CP-SAT time limits (default 10,60)")
    ap.add_argument("--out-dir", default=os.path.join(os.path.dirname(BENCH), "out", "bench"))
    args = ap.parse_args(argv)

    os.makedirs(args.out_dir, exist_ok=True)
    if args.instances:
        paths = [resolve_instance(a) for a in args.instances]
    elif args.national:
        paths = []
    elif args.quick:
        paths = sorted(glob.glob(os.path.join(INSTANCES, "small-*.json")))
    else:
        paths = sorted(glob.glob(os.path.join(INSTANCES, "*.json")))
    limits = [float(x) for x in (args.cpsat_limits or ("10" if args.quick else "10,60")).split(",")]

    jbt = os.path.abspath(args.jbt)
    # The exchange format lets a case be booked any time after its norm; jbt plan stops at 8
    # weeks (later is escalated instead). Solve the same problem as CP-SAT: a year.
    solvers = [("jbt", lambda i, o: [jbt, "solve", i, "--out", o, "--late-days", "366"])]
    if args.greedy:
        for g in ("fcfs", "edf"):
            solvers.append(("greedy-" + g, lambda i, o, g=g: [jbt, "solve", i, "--out", o, "--greedy", g]))
    for lim in limits:
        solvers.append(("CP-SAT %g s" % lim, lambda i, o, lim=lim: [
            sys.executable, os.path.join(HERE, "cpsat.py"), i, "--time-limit", str(lim), "--out", o]))

    all_ok = True
    summary = {}
    for path in paths:
        print("%s:" % os.path.basename(path), file=sys.stderr)
        instance, results = solve_all(path, solvers, args.out_dir)
        notes, problems = cross_check(results)
        print_table(instance, results, notes, problems)
        sys.stdout.flush()
        all_ok &= not problems and all("error" not in r and r["feasible"] for r in results.values())
        summary[instance["name"]] = {"results": {k: {kk: vv for kk, vv in r.items() if kk != "violations"}
                                                 for k, r in results.items()},
                                     "notes": notes, "problems": problems}
    if args.national:
        r, good = run_national(jbt, args.out_dir)
        all_ok &= good
        summary["national"] = {k: v for k, v in r.items() if k != "violations"}
    with open(os.path.join(args.out_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True, default=str)
    print("\nsolutions, logs and summary.json in %s" % os.path.relpath(args.out_dir))
    if not all_ok:
        print("FAILED: a solver failed, a solution is infeasible, or a claim was refuted (see above)")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Unit tests of validate.py (standard library only):

    python3 -m unittest discover -s Benchmarks/python -p 'test_*.py'
"""

import copy
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import validate  # noqa: E402

ALL = ["vijf-voor-twaalf", "kwart-voor-twaalf", "evaluatie", "ots-beeindiging"]


def position(pid, region, date, start, people, child_allowed=True, types=ALL, length=90):
    return {"id": pid, "region": region, "date": date, "table": 1, "start": start, "end": start + length,
            "childStart": start - 30, "childAllowed": child_allowed, "people": people, "types": list(types)}


def case(ref, home, complete, earliest, deadline, child=False, ctype="vijf-voor-twaalf", unavailable=(), pinned=None):
    return {"ref": ref, "home": home, "type": ctype, "complete": complete, "earliest": earliest,
            "deadline": deadline, "child": child, "unavailable": list(unavailable), "pinned": pinned}


def instance():
    """Regions a-b neighbours, c neighbour of b only. Person 'shared' sits a and b on 12-08."""
    return {
        "name": "t", "horizonStart": "2026-12-01", "horizonEnd": "2026-12-31",
        "weights": {"late": 1000000, "neighbour": 1000, "unbookedExtra": 10000},
        "regions": [{"id": "a", "neighbours": ["b"]}, {"id": "b", "neighbours": ["a", "c"]},
                    {"id": "c", "neighbours": ["b"]}],
        "positions": [
            position(0, "a", "2026-12-08", 540, ["vz-a", "shared"], child_allowed=False),
            position(1, "a", "2026-12-08", 645, ["vz-a", "shared"]),
            position(2, "b", "2026-12-08", 630, ["vz-b", "shared"]),
            position(3, "b", "2026-12-22", 540, ["vz-b", "rvdk-b"], types=ALL[:3]),
            position(4, "c", "2026-12-08", 540, ["vz-c", "rvdk-c"]),
            position(5, "a", "2026-12-01", 540, ["vz-a", "rvdk-a"]),
        ],
        "cases": [
            case("C1", "a", "2026-12-01", "2026-12-04", "2026-12-15"),
            case("C2", "a", "2026-12-01", "2026-12-04", "2026-12-15"),
            case("C3", "b", "2026-12-01", "2026-12-04", "2026-12-15"),
        ],
    }


def solution(*pairs):
    return {"solver": "test", "instance": "t", "seconds": 0.0,
            "bookings": [{"ref": r, "position": p} for r, p in pairs]}


class ValidateTest(unittest.TestCase):
    def check(self, inst, sol, fragment):
        res = validate.validate(inst, sol)
        self.assertFalse(res.feasible, "expected a violation containing %r" % fragment)
        self.assertTrue(any(fragment in v for v in res.violations), res.violations)
        return res

    def test_feasible_metrics_and_cost(self):
        # C1 at home on 12-08 (7 days), C2 unbooked, C3 at home on 12-22: after its deadline (21 days).
        res = validate.validate(instance(), solution(("C1", 0), ("C3", 3)))
        self.assertTrue(res.feasible, res.violations)
        m = res.metrics
        self.assertEqual((m["booked"], m["unbooked"], m["withinNorm"], m["late"], m["inNeighbourRegion"]),
                         (2, 1, 1, 1, 0))
        self.assertEqual(m["totalWaitingDays"], 7 + 21)
        self.assertEqual(m["objective"], 7 + (21 + 1000000) + 1010000)

    def test_neighbour_cost(self):
        res = validate.validate(instance(), solution(("C3", 1)))
        self.assertTrue(res.feasible, res.violations)
        self.assertEqual(res.metrics["inNeighbourRegion"], 1)
        self.assertEqual(res.metrics["objective"], 7 + 1000 + 2 * 1010000)

    def test_touching_intervals_are_fine(self):
        # shared: [09:00,10:30) at position 0 and [10:30,12:00) at position 2.
        self.assertTrue(validate.validate(instance(), solution(("C1", 0), ("C3", 2))).feasible)

    def test_person_overlap(self):
        # shared: [10:45,12:15) at position 1 and [10:30,12:00) at position 2.
        self.check(instance(), solution(("C1", 1), ("C3", 2)), "person shared on 2026-12-08 in two places")

    def test_child_interval_counts(self):
        inst = instance()
        inst["cases"][1]["child"] = True   # C2's child conversation at 1 starts 10:15
        self.check(inst, solution(("C1", 0), ("C2", 1)), "in two places")
        self.assertTrue(validate.validate(instance(), solution(("C1", 0), ("C2", 1))).feasible)

    def test_child_not_allowed(self):
        inst = instance()
        inst["cases"][0]["child"] = True
        self.check(inst, solution(("C1", 0)), "child conversation not allowed")

    def test_position_twice_and_case_twice(self):
        self.check(instance(), solution(("C1", 0), ("C2", 0)), "position 0 used more than once")
        self.check(instance(), solution(("C1", 0), ("C1", 1)), "case C1 booked more than once")

    def test_unknown_refs(self):
        self.check(instance(), solution(("C9", 0)), "unknown case ref")
        self.check(instance(), solution(("C1", 99)), "unknown position")

    def test_region_rules(self):
        self.check(instance(), solution(("C1", 4)), "neither home a nor one of its neighbours")
        inst = instance()
        inst["positions"][2]["date"] = "2026-12-16"
        self.check(inst, solution(("C1", 2)), "after the deadline")

    def test_earliest_unavailable_type(self):
        self.check(instance(), solution(("C1", 5)), "before earliest")
        inst = instance()
        inst["cases"][0]["unavailable"] = ["2026-12-08"]
        self.check(inst, solution(("C1", 0)), "unavailable")
        inst = instance()
        inst["cases"][2]["type"] = "ots-beeindiging"
        self.check(inst, solution(("C3", 3)), "type ots-beeindiging not held")

    def test_pinned(self):
        inst = instance()
        inst["cases"][0]["pinned"] = 1
        self.check(inst, solution(("C1", 0)), "pinned to position 1 but booked at 0")
        self.check(inst, solution(), "pinned to position 1 but unbooked")
        self.assertTrue(validate.validate(inst, solution(("C1", 1))).feasible)

    def test_claims_are_checked(self):
        sol = solution(("C1", 0))
        sol["bound"] = 10 ** 12
        res = validate.validate(instance(), sol)
        self.assertTrue(any("bound is wrong" in w for w in res.warnings))

    def test_malformed_instance(self):
        inst = instance()
        inst["positions"].append(copy.deepcopy(inst["positions"][0]))
        with self.assertRaises(validate.InputError):
            validate.validate(inst, solution())

    def test_cli_exit_codes(self):
        with tempfile.TemporaryDirectory() as d:
            ip, good, bad = (os.path.join(d, n) for n in ("i.json", "good.json", "bad.json"))
            for path, obj in ((ip, instance()), (good, solution(("C1", 0))), (bad, solution(("C1", 5)))):
                with open(path, "w") as f:
                    json.dump(obj, f)
            script = os.path.join(HERE, "validate.py")
            self.assertEqual(subprocess.run([sys.executable, script, ip, good], capture_output=True).returncode, 0)
            r = subprocess.run([sys.executable, script, ip, bad, "--json"], capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertFalse(json.loads(r.stdout)["feasible"])
            self.assertEqual(subprocess.run([sys.executable, script, ip, ip + "x"], capture_output=True).returncode, 2)


if __name__ == "__main__":
    unittest.main()

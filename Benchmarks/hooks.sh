#!/usr/bin/env bash
# Planning a year of the bundled regions with and without region Lua rules, release build, side
# by side: the same aanmeldingen (Samples/make_sample.py --until, about 2,300), the same roster,
# `jbt plan` over 56 weeks on a fresh store each run.
#   without: the bundled plugins with every `regels:` block removed
#   with:    Achterhoek's own regels.lua plus Benchmarks/hooks/<region>/regels.lua for Food Valley,
#            Rivierenland and Rijk van Nijmegen (all four hooks in use)
# And the national year (42 regions, 52 weeks, ~14,500 cases; Benchmarks/python/generate.py --preset
# national) through jbt-bench, without and with `--lua Benchmarks/hooks/national` (rules in 6 regions).
# Usage: Benchmarks/hooks.sh [RUNS]   (default 3; prints each run and the medians)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
out="$root/out/bench/hooks"
rm -rf "$out" && mkdir -p "$out"
cd "$root"
swift build -c release --product jbt >/dev/null
swift build -c release --product jbt-bench >/dev/null
jbt="$root/.build/release/jbt"
python3 Samples/make_sample.py -o "$out/year.yaml" --until 2027-11-19 >/dev/null

cp -r Plugins "$out/without"
cp -r Plugins "$out/with"
for m in "$out"/without/*/regio.yaml; do
    python3 - "$m" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r"\nregels:\n(  .*\n)+", "\n", s)
open(p, "w").write(s)
PY
done
rm -f "$out"/without/*/regels.lua
for dir in Benchmarks/hooks/*/; do
    [ -f "$dir/regels.lua" ] || continue
    id="$(basename "$dir")"
    cp "$dir/regels.lua" "$out/with/$id/regels.lua"
    printf 'regels:\n  bestand: regels.lua\n  contract: 1\n' >> "$out/with/$id/regio.yaml"
done
echo "hooks: $(ls "$out"/with/*/regels.lua | wc -l) regions with Lua rules; $(grep -c referentie "$out/year.yaml") aanmeldingen"

run() {  # $1: plugin set; prints seconds of `jbt plan`
    local store="$out/store-$1.sqlite"
    rm -f "$store"*
    local env=(env JBT_NO_BUNDLED_PLUGINS=1 JBT_STORE="$store" JBT_PLUGINS="$out/$1")
    "${env[@]}" "$jbt" roster import Samples/rooster.yaml >/dev/null
    "${env[@]}" "$jbt" intake "$out/year.yaml" >/dev/null
    local t0 t1
    t0=$(date +%s.%N)
    "${env[@]}" "$jbt" plan --from 2026-11-23 --weeks 56 --json > "$out/plan-$1.json"
    t1=$(date +%s.%N)
    python3 - "$out/plan-$1.json" "$t0" "$t1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
within = sum(1 for b in r["booked"] if b["withinNorm"])
print("%.3f %d %d %s" % (float(sys.argv[3]) - float(sys.argv[2]), len(r["booked"]), within,
      sum(1 for w in r["warnings"] if "faalde" in w)))
PY
}
medians() {  # $1: label prefix, $2: where the rules are, $3/$4: seconds without/with
    python3 - "$@" <<'PY'
import statistics, sys
label, where = sys.argv[1], sys.argv[2]
a = statistics.median(float(x) for x in sys.argv[3].split())
b = statistics.median(float(x) for x in sys.argv[4].split())
print("%smedian  without Lua rules: %.3f s   with Lua rules in %s: %.3f s   ratio %.2fx (target <= 2x)" % (label, a, where, b, b / a))
PY
}
declare -a a b
for i in $(seq "$runs"); do
    ra=$(run without); rb=$(run with)
    echo "run $i  without: ${ra%% *} s   with: ${rb%% *} s   (booked/within norm/hook failures: without ${ra#* }, with ${rb#* })"
    a+=("${ra%% *}"); b+=("${rb%% *}")
done
medians "" "4 regions" "${a[*]}" "${b[*]}"

national=/tmp/jbt-national-52w-s1.json
[ -f "$national" ] || python3 Benchmarks/python/generate.py --preset national --seed 1 --out "$national" >/dev/null
bench="$root/.build/release/jbt-bench"
declare -a na nb
for i in $(seq "$runs"); do
    seconds='s/.* \([0-9.]*\) s, [0-9]* evaluaties$/\1/p'
    ta=$("$bench" solve "$national" --out "$out/national-without.json" 2>&1 | sed -n "$seconds")
    "$bench" solve "$national" --out "$out/national-with.json" --lua Benchmarks/hooks/national 2>"$out/national-with.log"
    tb=$(sed -n "$seconds" "$out/national-with.log")
    echo "national run $i  without: ${ta%% *} s   with: ${tb%% *} s   ($(grep '^lua' "$out/national-with.log"))"
    na+=("${ta%% *}"); nb+=("${tb%% *}")
done
medians "national " "6 regions" "${na[*]}" "${nb[*]}"

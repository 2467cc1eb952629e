#!/usr/bin/env bash
# A secretariat's week through the real jbt binary, every command's stdout, stderr and exit code
# written to OUT/NN-name.{out,err,rc}. Used to show that a refactor leaves what jbt prints unchanged
# (run before and after, then diff -r). Volatile parts (times, timestamps, temp paths) are masked.
# Usage: cli_scenario.sh JBT_BINARY OUT_DIR
set -u
JBT=$1
OUT=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
export JBT_TODAY=2026-11-28 JBT_STORE="$WORK/store/jbt.sqlite"
unset JBT_PLUGINS JBT_SMTP_URL JBT_CALDAV_URL
n=0
mask() {
  sed -E -e "s#$WORK#WORK#g" -e "s#$ROOT#ROOT#g" -e 's/rekentijd [0-9.]+ s/rekentijd X s/' \
      -e 's/"seconds" : [0-9.e-]+/"seconds" : X/' \
      -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z/TIMESTAMP/' \
      -e 's/  versie ([0-9]+)  [0-9T:Z-]+  /  versie \1  TIMESTAMP  /'
}
run() {
  local name=$1
  shift
  n=$((n + 1))
  local base
  base=$(printf '%s/%02d-%s' "$OUT" "$n" "$name")
  (cd "$WORK" && "$JBT" "$@") > "$base.raw.out" 2> "$base.raw.err"
  echo $? > "$base.rc"
  mask < "$base.raw.out" > "$base.out"
  mask < "$base.raw.err" > "$base.err"
  rm -f "$base.raw.out" "$base.raw.err"
}
run regions regions
run region-show regions show food-valley
run region-unknown regions show atlantis
run roster-empty roster --from 2026-11-30 --weeks 2
run roster-import roster import "$ROOT/Samples/rooster.yaml"
run roster roster --from 2026-11-30 --weeks 3
run intake intake "$ROOT/Samples/aanmeldingen.yaml"
run intake-again intake "$ROOT/Samples/aanmeldingen.yaml"
run plan-weeks-bad plan --from 2026-11-30 --weeks 200
run plan-region-bad plan --from 2026-11-30 --weeks 2 --region atlantis
run plan-dry plan --from 2026-11-30 --weeks 6 --proef
run plan plan --from 2026-11-30 --weeks 6
run plan-json plan --from 2026-11-30 --weeks 6 --json
run agenda agenda --region food-valley --week 2026-W49
run agenda-nb agenda --region rivierenland --week 2026-W50
run agenda-bad-week agenda --region food-valley --week 2026-49
run signalering signalering
run signalering-fv signalering --region food-valley
# A case booked on 2026-12-01 (the sample verslag's date), one to cancel, one to move.
refs=$(cd "$WORK" && "$JBT" agenda --region food-valley --week 2026-W49 | grep -oE 'JBT-[A-Z]+-2026-[0-9]+' | sort -u)
held=$(cd "$WORK" && for r in $refs; do "$JBT" agenda --region food-valley --week 2026-W49 | grep -q "$r" && echo "$r"; done | head -1)
ref_cancel=$(echo "$refs" | sed -n 2p)
ref_move=$(echo "$refs" | sed -n 3p)
run cancel cancel "$ref_cancel"
run cancel-again cancel "$ref_cancel"
run cancel-unknown cancel JBT-NIET-0000
run reschedule reschedule "$ref_move" --from 2026-11-30 --weeks 6
run reschedule-cancelled reschedule "$ref_cancel" --from 2026-11-30 --weeks 6
run invites invites --week 2026-W49 --outbox "$WORK/outbox"
run invites-again invites --week 2026-W49 --outbox "$WORK/outbox"
run invites-bad-week invites --week 2026-W99 --outbox "$WORK/outbox"
run verslag verslag "$held" --from "$ROOT/Samples/verslag-voorbeeld.yaml"
run veiligheidsplan veiligheidsplan "$held" --from "$ROOT/Samples/veiligheidsplan-voorbeeld.yaml"
run reactie reactie "$held" --from "$ROOT/Samples/reactie-voorbeeld.yaml"
run verslag-history verslag "$held" --geschiedenis
run recipients document "$held" --ontvangers
run document-md document "$held" verslag --format md --out "$WORK/verslag.md"
cp "$WORK/verslag.md" "$OUT/document-verslag.md" 2>/dev/null
run document-html-ouder document "$held" verslag --format html --voor ouder --out "$WORK/verslag-ouder.html"
cp "$WORK/verslag-ouder.html" "$OUT/document-verslag-ouder.html" 2>/dev/null
run document-weekagenda document --week 2026-W49 --region food-valley weekagenda --format md --out "$WORK/week.md"
cp "$WORK/week.md" "$OUT/document-week.md" 2>/dev/null
run document-signalering document --region food-valley wachttijdsignalering --format md --out "$WORK/sig.md"
cp "$WORK/sig.md" "$OUT/document-sig.md" 2>/dev/null
run document-unknown document JBT-NIET-0000 verslag --format md --out "$WORK/x.md"
run templates-check templates check "$ROOT/Templates/verslag.md.mustache"
run plugins-lint plugins lint
run plugins-test plugins test
run log log
run demo demo

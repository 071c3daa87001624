#!/usr/bin/env bash
# seed-margins.sh SUITE FUNCTION [FIRST LAST]: runs one learning test of a built suite once per seed
# (TL_TEST_SEED=FIRST..LAST, default 1..20) and prints, for every "margin NAME VALUE" line the test logs,
# each seed's value and the smallest and largest. The bounds of the learning tests come from these runs
# (docs/testing.md); rerun this after changing a learning test and update the bound and the doc.
#   scripts/seed-margins.sh build/dev/tests/core/tst_transfer pretrainedFeaturesBeatScratch
set -euo pipefail
suite=$1
function=$2
first=${3:-1}
last=${4:-20}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
export QT_QPA_PLATFORM=offscreen
export TL_TEST_TMP=${TL_TEST_TMP:-$(dirname "$suite")/tmp}
for seed in $(seq "$first" "$last"); do
  # A seed whose bound fails still reports its margins: the point is to see them all.
  TL_TEST_SEED=$seed "$suite" "$function" 2>&1 | sed -n "s/.*margin \([A-Za-z0-9_.-]*\) \([-0-9.eE+naif]*\).*/$seed \1 \2/p" >>"$out" || true
  grep "^$seed " "$out" | tr '\n' ' '
  echo
done
awk '{ if (!($2 in lo) || $3 < lo[$2]) lo[$2] = $3; if (!($2 in hi) || $3 > hi[$2]) hi[$2] = $3; n[$2]++ }
     END { for (k in n) printf "%s: %d seeds, min %s, max %s\n", k, n[k], lo[k], hi[k] }' "$out"

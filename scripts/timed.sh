#!/usr/bin/env bash
# timed.sh PHASE COMMAND...: runs COMMAND and prints the phase's wall time, also when it fails.
phase=$1; shift
start=$EPOCHREALTIME
echo "== ${phase}: $*"
"$@"
rc=$?
awk -v p="$phase" -v s="$start" -v e="$EPOCHREALTIME" -v rc="$rc" \
    'BEGIN { printf "== %s: %.1f s (exit %d)\n", p, e - s, rc }'
exit $rc

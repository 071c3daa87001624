#!/usr/bin/env bash
# Runs one fuzz harness on its corpus for a while and keeps what it finds.
#
# usage: scripts/fuzz/run.sh HARNESS SECONDS [libFuzzer option...]
#   HARNESS: a name of tests/fuzz/CMakeLists.txt's TL_FUZZ_HARNESSES (image, torch_save, ...)
#
# Needs the fuzz build (cmake --preset fuzz && cmake --build --preset fuzz) and the corpora
# (scripts/fuzz/make-corpora.sh). Runs build/fuzz/tests/fuzz/fuzz_HARNESS on build/fuzz/corpus/HARNESS (new
# inputs are added there) with the checked-in seeds as a further corpus, at nice 10, with
# -rss_limit_mb=2048 -timeout=10 and a -max_len suited to the format. Any crash, timeout, OOM or leak input is
# copied into tests/fuzz/regressions/HARNESS/ (commit it with the fix: `make test` replays it from then on).
# The log is build/fuzz/logs/HARNESS.log; its last lines are libFuzzer's final statistics.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ $# -lt 2 ]; then sed -n '2,13p' "$0"; exit 2; fi
h=$1 seconds=$2
shift 2
bin=build/fuzz/tests/fuzz/fuzz_$h
[ -x "$bin" ] || { echo "run.sh: no $bin: cmake --preset fuzz && cmake --build --preset fuzz" >&2; exit 2; }
corpus=build/fuzz/corpus/$h
[ -d "$corpus" ] || { echo "run.sh: no $corpus: scripts/fuzz/make-corpora.sh" >&2; exit 2; }

case $h in
  image)        max_len=400000 ;;   # the JPEG fixtures up to 276 kB
  tf_bundle)    max_len=300000 ;;
  run_dir)      max_len=65536 ;;    # a shrunk checkpoint.safetensors of a resnet18 run is ~18 kB
  torch_save)   max_len=65536 ;;
  safetensors)  max_len=65536 ;;
  model_file)   max_len=65536 ;;
  keras_h5*)    max_len=262144 ;;
  train_config) max_len=16384 ;;
  *)            max_len=65536 ;;
esac

logs=build/fuzz/logs artifacts=build/fuzz/artifacts/$h/ regressions=tests/fuzz/regressions/$h
# keras_h5 runs libhdf5 in the fuzzer's process, where it crashes, hangs and exhausts memory by itself
# (docs/security.md): libFuzzer goes on past those (fork mode, one job), leak reports are off (libhdf5_hl leaks
# its file-image bookkeeping), and what it finds is replayed through the child process by keras_h5_contained.
# scripts/fuzz/classify-keras.sh says whose frame each finding's stack starts in.
keras=()
if [ "$h" = keras_h5 ]; then
  keras=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -malloc_limit_mb=2048)
  regressions=tests/fuzz/regressions/keras_h5_contained
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:detect_container_overflow=0:handle_abort=1}
fi
mkdir -p "$logs" "$artifacts"
scratch=$(mktemp -d "${TMPDIR:-/dev/shm}/tl-fuzz-run-$h-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
dict=()
[ -f "tests/fuzz/dicts/$h.dict" ] && dict=(-dict="tests/fuzz/dicts/$h.dict")
extra_corpora=()
[ -d "tests/fuzz/seeds/$h" ] && extra_corpora+=("tests/fuzz/seeds/$h")

export TL_FUZZ_TMP=$scratch
for s in /usr/lib/llvm-16/bin/llvm-symbolizer /usr/lib/llvm-14/bin/llvm-symbolizer "$(command -v llvm-symbolizer)"; do
  [ -x "$s" ] && { export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$s}; break; }
done
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_container_overflow=0:handle_abort=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

before=$(ls "$artifacts")
TIMEFORMAT='cpu_seconds=%U+%S wall_seconds=%R'
{ time nice -n 10 "$bin" "$corpus" "${extra_corpora[@]}" -max_total_time="$seconds" -max_len=$max_len \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" "${keras[@]}" "$@" \
    > "$logs/$h.log" 2>&1; } 2>> "$logs/$h.log"
rc=$?

found=0
for f in "$artifacts"{crash,timeout,oom,leak}-*; do
  [ -f "$f" ] || continue
  grep -qxF "$(basename "$f")" <<< "$before" && continue  # found by an earlier run
  mkdir -p "$regressions"
  cp -n "$f" "$regressions/"
  echo "run.sh: $h found $(basename "$f") -> $regressions/"
  found=$((found + 1))
done
grep -E "^#[0-9]+ +DONE|^stat::number_of_executed_units|^stat::peak_rss_mb|cpu_seconds|^==[0-9]+==ERROR|==fuzz==|SUMMARY" "$logs/$h.log" | tail -12
echo "run.sh: $h exit $rc, $(ls "$corpus" | wc -l) corpus files, log $logs/$h.log"
[ $rc -eq 0 ] && [ $found -eq 0 ]

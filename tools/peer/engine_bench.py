#!/usr/bin/python3
"""The PyTorch side of `tools/bench.sh engine`: the same measurements as `Bench.dll engine`.

Run with Debian's python3-torch (1.13.1) on /usr/bin/python3, with OPENBLAS_CORETYPE unset
(tools/bench.sh does both). Prints machine-readable lines on stdout:

  INFO <key> <value...>                       facts about the run (threads, BLAS, settings)
  CASE <name> <throughput> <unit> <median_us> <best_us> <iters_per_window> <windows>

Throughput is GFLOP/s (2*m*n*k per product) for GEMM cases and steps/s for training cases,
taken from the median window. Timing method (the same as tools/Bench/Timing.cs): run the case for
at least --warmup seconds, size a window to about --window seconds from that, then time
--windows windows and take the median per-call time.

Exits with status 3 if torch does not have OpenBLAS loaded (ratios against the reference BLAS
would be meaningless).
"""

import argparse
import ctypes
import math
import os
import statistics
import sys
import time

import torch


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="torch.set_num_threads (default: all cores)")
    p.add_argument("--section", choices=["all", "gemm", "train"], default="all")
    p.add_argument("--warmup", type=float, default=1.5, help="warm-up seconds per case")
    p.add_argument("--window", type=float, default=0.2, help="target seconds per timed window")
    p.add_argument("--windows", type=int, default=7, help="timed windows per case (median reported)")
    p.add_argument("--quick", action="store_true", help="short windows, for smoke tests only")
    return p.parse_args()


def out(*fields):
    print(*fields, flush=True)


def time_case(fn, warmup_s, window_s, windows):
    """Median and best seconds per call of fn(), over `windows` windows after a warm-up."""
    calls = 0
    start = time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= warmup_s and calls >= 3:
            break
    per_call = elapsed / calls
    iters = max(1, int(math.ceil(window_s / per_call)))
    samples = []
    for _ in range(windows):
        t0 = time.perf_counter()
        for _ in range(iters):
            fn()
        samples.append((time.perf_counter() - t0) / iters)
    return statistics.median(samples), min(samples), iters


def report(name, seconds, best, iters, windows, work, unit):
    throughput = work / seconds
    out("CASE", name, f"{throughput:.6g}", unit, f"{seconds * 1e6:.3f}", f"{best * 1e6:.3f}", iters, windows)


# ---------------------------------------------------------------------------------------------
# BLAS check

def loaded_libraries():
    with open("/proc/self/maps") as f:
        return sorted({line.split()[-1] for line in f if "/" in line.split()[-1]})


def measure_gflops(n):
    """Best GFLOP/s of a few n^3 products: a sanity check that a real BLAS does the work."""
    a, b, c = torch.rand(n, n), torch.rand(n, n), torch.empty(n, n)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        torch.mm(a, b, out=c)
        best = min(best, time.perf_counter() - t0)
    return 2.0 * n ** 3 / best / 1e9


def check_openblas():
    """Fails loudly unless torch's BLAS calls go to OpenBLAS; reports its build, core and threads."""
    a = torch.ones(256, 256)
    torch.mm(a, a)  # make sure the BLAS is bound and loaded
    libs = loaded_libraries()
    blas = [p for p in libs if "blas" in os.path.basename(p).lower() or "lapack" in os.path.basename(p).lower()]
    for p in blas:
        out("INFO peer_blas_library", p)
    openblas = [p for p in libs if "libopenblas" in os.path.basename(p)]
    # torch calls sgemm_ through libblas.so.3; Debian's alternatives point it at OpenBLAS or at the
    # reference BLAS (/usr/lib/x86_64-linux-gnu/blas/). OpenBLAS can be loaded through liblapack
    # while sgemm_ still comes from the reference libblas, so check the libblas too.
    other_blas = [p for p in libs if os.path.basename(p).startswith("libblas") and "openblas" not in p]
    problem = None
    if not openblas:
        problem = "torch has no libopenblas loaded"
    elif other_blas:
        problem = "a BLAS other than OpenBLAS is loaded (%s): torch's sgemm_ resolves there" % ", ".join(other_blas)
    else:
        gflops = measure_gflops(512)
        if gflops < 10.0:
            problem = "a 512^3 product runs at %.1f GFLOP/s, the speed of the reference BLAS" % gflops
    if problem:
        sys.stderr.write(
            "FAIL: %s (BLAS libraries: %s).\n"
            "      On the reference BLAS (~30x slower GEMM) the ratios would be meaningless.\n"
            "      Fix: apt-get install -y libopenblas0-openmp, check\n"
            "      update-alternatives --display libblas.so.3-x86_64-linux-gnu, and LD_LIBRARY_PATH.\n"
            % (problem, ", ".join(blas) or "none"))
        sys.exit(3)
    lib = ctypes.CDLL(openblas[0])
    lib.openblas_get_config.restype = ctypes.c_char_p
    lib.openblas_get_corename.restype = ctypes.c_char_p
    out("INFO peer_openblas", "loaded", openblas[0])
    out("INFO peer_openblas_config", lib.openblas_get_config().decode())
    out("INFO peer_openblas_core", lib.openblas_get_corename().decode())
    parallel = {0: "sequential", 1: "pthreads", 2: "openmp"}.get(lib.openblas_get_parallel(), "unknown")
    out("INFO peer_openblas_parallel", parallel)
    # The OpenMP build runs a product on omp_get_max_threads() threads (what torch.set_num_threads
    # sets); openblas_get_num_threads() there only reports the count found at load time.
    threads = lib.openblas_get_num_threads()
    if parallel == "openmp":
        gomp = [p for p in libs if os.path.basename(p).startswith("libgomp")]
        threads = ctypes.CDLL(gomp[0] if gomp else "libgomp.so.1").omp_get_max_threads()
    elif parallel == "sequential":
        threads = 1
    out("INFO peer_openblas_threads", threads)
    if parallel == "pthreads":
        sys.stderr.write("WARNING: the pthreads OpenBLAS is loaded; with torch's OpenMP, 2 threads run slower than 1. "
                         "Install libopenblas0-openmp.\n")
    if "OPENBLAS_CORETYPE" in os.environ:
        sys.stderr.write("WARNING: OPENBLAS_CORETYPE=%s is set: OpenBLAS is forced onto that core's kernels "
                         "(Haswell = AVX2, about half speed on AVX-512 machines). tools/bench.sh unsets it.\n"
                         % os.environ["OPENBLAS_CORETYPE"])


# ---------------------------------------------------------------------------------------------
# GEMM cases: the operands are stored exactly as on the C# side; a transposed operand is a .t()
# view of the stored matrix, so torch.mm makes the same sgemm call (transposed flag, no copy).

def gemm_cases():
    """(name, m, n, k, transA, transB): C[m x n] = op(A) op(B); A stored [m x k] ([k x m] if transA)."""
    cases = [("gemm_1024x1024@1024x1024", 1024, 1024, 1024, False, False)]
    for b in (20, 100):
        cases += [
            (f"gemm_{b}x784@784x200", b, 200, 784, False, False),      # layer 1 forward
            (f"gemm_{b}x200@200x200", b, 200, 200, False, False),      # layer 2 forward
            (f"gemm_{b}x200@784x200^T", b, 784, 200, False, True),     # layer 1 dX = dY W^T
            (f"gemm_{b}x784^T@{b}x200", 784, 200, b, True, False),     # layer 1 dW = X^T dY
            (f"gemm_{b}x200@200x200^T", b, 200, 200, False, True),     # layer 2 dX
            (f"gemm_{b}x200^T@{b}x200", 200, 200, b, True, False),     # layer 2 dW
        ]
    return cases


def run_gemm(args):
    g = torch.Generator().manual_seed(1)
    for name, m, n, k, ta, tb in gemm_cases():
        a_stored = torch.rand((k, m) if ta else (m, k), generator=g) - 0.5
        b_stored = torch.rand((n, k) if tb else (k, n), generator=g) - 0.5
        a = a_stored.t() if ta else a_stored
        b = b_stored.t() if tb else b_stored
        c = torch.empty(m, n)
        med, best, iters = time_case(lambda: torch.mm(a, b, out=c), args.warmup, args.window, args.windows)
        report(name, med, best, iters, args.windows, 2.0 * m * n * k / 1e9, "GFLOP/s")


# ---------------------------------------------------------------------------------------------
# Training step: MLP 784-200-200-100, tanh after the hidden layers, linear output,
# loss = mean((y - target)^2), Adam(lr=1e-3). Fixed random input (U[0,1)) and target (N(0,1)).

def make_training(batch, set_to_none):
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 200), torch.nn.Tanh(),
        torch.nn.Linear(200, 200), torch.nn.Tanh(),
        torch.nn.Linear(200, 100))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, 784)
    t = torch.randn(batch, 100)
    losses = []

    def step():
        opt.zero_grad(set_to_none=set_to_none)
        y = model(x)
        loss = ((y - t) ** 2).mean()
        loss.backward()
        opt.step()
        return loss

    def first_loss():
        losses.append(step().item())

    return step, first_loss


def run_train(args):
    for batch in (20, 100):
        name = f"train_mlp_b{batch}"
        results = []
        for set_to_none in (True, False):
            step, first = make_training(batch, set_to_none)
            first()
            loss0 = step().item()
            med, best, iters = time_case(step, args.warmup, args.window, args.windows)
            loss1 = step().item()
            out("INFO peer_variant", name, f"zero_grad(set_to_none={set_to_none})",
                f"{1.0 / med:.6g}", "steps/s", f"loss {loss0:.5g} -> {loss1:.5g}")
            results.append((med, best, iters, set_to_none))
        med, best, iters, set_to_none = min(results)
        out("INFO peer_zero_grad", name, f"set_to_none={set_to_none}", "(the faster, reported)")
        report(name, med, best, iters, args.windows, 1.0, "steps/s")


def main():
    args = parse_args()
    if args.quick:
        args.warmup, args.window, args.windows = 0.05, 0.02, 3
    torch.set_num_threads(args.threads)
    out("INFO peer_torch", torch.__version__, "python", sys.version.split()[0], sys.executable)
    out("INFO peer_threads", torch.get_num_threads())
    out("INFO peer_timing", f"warmup={args.warmup}s window={args.window}s windows={args.windows} median")
    check_openblas()
    if args.section in ("all", "gemm"):
        with torch.no_grad():
            run_gemm(args)
    if args.section in ("all", "train"):
        run_train(args)


if __name__ == "__main__":
    main()

using System.Runtime;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Research.Bench;

// Benchmarks of the engine, one verb per section. Prints machine-readable lines (see Report);
// tools/bench.sh runs it next to the PyTorch peer and writes the comparison.
const string Usage = """
    usage: Bench engine [--threads N] [--section all|gemm|train] [--quick]
           Bench eval [--threads N] [--images N] [--k K] [--batch B] [--modes unfused,stored,fused,parts]
           Bench fusion [--threads N] [--rounds R] [--k K] [--batch B] [--modes stored,fused,recompute] [--quick]
           Bench normal [--threads N] [--quick]
      engine     GEMM GFLOP/s (1024^3 and the VAE shapes) and MLP training steps/s, batch 20 and 100
      --threads  engine worker threads (default: all cores)
      --section  run only the GEMM cases or only the training cases
      --quick    short windows for a smoke test (numbers are not meaningful)
      eval       seconds of a K=5000 importance-sampled log p(x) of N images (IWAE one-layer model), with
                 the fused decoder-output + Bernoulli kernel, with stored logits, and with the old unfused ops
      fusion     images/s of an IWAE training step (K = 5, 50; batch 20, 100) with the decoder's last layer
                 fused with the Bernoulli likelihood (logits recomputed in the backward pass) and with stored logits;
                 --k and --batch keep only that case (to profile one)
      normal     values/s of 250,000 normal draws (an IWAE K=50 batch 100 step's noise): Rng.Normal vs a NextNormal loop
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

var threads = Environment.ProcessorCount;
var section = "all";
var timing = Timing.Default;
var (images, k, batch, modes) = (100, 5000, 20, new[] { "unfused", "fused" });
var rounds = 2;
var (kGiven, batchGiven, modesGiven) = (false, false, false);
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
            threads = n;
            i++;
            break;
        case "--section" when i + 1 < args.Length && args[i + 1] is "all" or "gemm" or "train":
            section = args[++i];
            break;
        case "--images" when i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0:
            images = v;
            i++;
            break;
        case "--k" when i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0:
            k = v;
            kGiven = true;
            i++;
            break;
        case "--batch" when i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0:
            batch = v;
            batchGiven = true;
            i++;
            break;
        case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0:
            rounds = v;
            i++;
            break;
        case "--modes" when i + 1 < args.Length:
            modes = args[++i].Split(',');
            modesGiven = true;
            break;
        case "--quick":
            timing = Timing.Quick;
            break;
        default:
            Console.Error.WriteLine($"Bench: unknown or incomplete option '{args[i]}'.\n{Usage}");
            return 2;
    }
}

switch (args[0])
{
    case "engine":
        RunEngine(threads, section, timing);
        return 0;
    case "eval":
        Report.Info("ours_threads", EngineKnobs.SetThreadCount(threads));
        EvalBench.Run(images, k, batch, 500, modes);
        return 0;
    case "fusion":
        Report.Info("ours_threads", EngineKnobs.SetThreadCount(threads));
        FusionBench.Run(timing, rounds, kGiven ? k : null, batchGiven ? batch : null, modesGiven ? modes : null);
        return 0;
    case "normal":
        Report.Info("ours_threads", EngineKnobs.SetThreadCount(threads));
        NormalBench.Run(timing);
        return 0;
    default:
        Console.Error.WriteLine($"Bench: unknown verb '{args[0]}'.\n{Usage}");
        return 2;
}

static void RunEngine(int threads, string section, Timing timing)
{
    var effective = EngineKnobs.SetThreadCount(threads);
    Report.Info("ours_runtime", RuntimeInformation.FrameworkDescription, RuntimeInformation.RuntimeIdentifier);
    Report.Info("ours_threads", effective);
    Report.Info("ours_gemm_kernel", EngineKnobs.GemmKernelName);
    Report.Info("ours_simd", $"Vector512={Vector512.IsHardwareAccelerated}", $"Avx512F={Avx512F.IsSupported}", $"Avx2={Avx2.IsSupported}", $"Fma={Fma.IsSupported}");
    Report.Info("ours_gc", GCSettings.IsServerGC ? "server" : "workstation", GCSettings.LatencyMode.ToString());
    Report.Info("ours_timing", $"warmup={timing.WarmupSeconds}s", $"window={timing.WindowSeconds}s", $"windows={timing.Windows}", "median");
    if (section is "all" or "gemm") GemmBench.Run(timing);
    if (section is "all" or "train") TrainBench.Run(timing);
}

using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Research.Experiments.Runner;
using Research.Experiments.Verbs;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

/// <summary>
/// The runner on the native engine (cpu) and on LibTorch (torch-cpu): the quickstart spec's model and
/// objectives at tiny settings train to the same losses, a checkpoint moves between devices, and a
/// native run never loads LibTorch.
/// </summary>
public class DeviceRunTests
{
    private static string QuickstartPath => Path.Combine(ExperimentSpecsTests.ExperimentsFolder(), "quickstart.yaml");

    /// <summary>
    /// Quickstart (784-200-200-50, batch 100, ELBO and IWAE with K=5) for 1 epoch on the generated data
    /// (1,000 training images: tests never fetch MNIST), on <paramref name="device"/>.
    /// </summary>
    private static async Task<(SweepOutcome Outcome, FileStore Store)> TrainQuickstartAsync(TempFolder folder, string device)
    {
        string[] overrides =
        [
            "data.dataset=synthetic", "data.train_subset=0", "data.test_subset=100", "train.epochs=1", "eval.nll_k=50",
            "train.threads=1", $"train.device={device}",
        ];
        var spec = SpecLoader.Load(QuickstartPath, overrides);
        var options = new RunnerOptions(QuickstartPath, Path.Combine(folder.Path, "mlruns"), 1, false, Path.Combine(folder.Path, "checkpoints"));
        var runner = new SweepRunner(NullLogger<SweepRunner>.Instance, options, new PointRunner(NullLogger<PointRunner>.Instance, options, new RecordingProgress()));
        var outcome = await runner.RunAsync(spec, SweepExpander.ExpandAll(spec), CancellationToken.None);
        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Ok), $"quickstart on {device}");
        return (outcome, new FileStore(Path.Combine(folder.Path, "mlruns")));
    }

    private static async Task<double> MetricAsync(FileStore store, string runId, string key) =>
        (await store.GetMetricHistoryAsync(runId, key)).Single().Value;

    [Test]
    public async Task Quickstart_OnTorchCpu_TrainsToTheNativeLossesAndEvaluatesOnCpu()
    {
        using var nativeFolder = new TempFolder();
        using var torchFolder = new TempFolder();
        var (native, nativeStore) = await TrainQuickstartAsync(nativeFolder, "cpu");
        var (torch, torchStore) = await TrainQuickstartAsync(torchFolder, "torch-cpu");

        Assert.That(torch.Points.Select(p => p.Point.Index), Is.EqualTo(native.Points.Select(p => p.Point.Index)));
        for (var i = 0; i < native.Points.Count; i++)
        {
            var (n, t) = (native.Points[i].RunId, torch.Points[i].RunId);
            var nativeLoss = await MetricAsync(nativeStore, n, "train_loss");
            var torchLoss = await MetricAsync(torchStore, t, "train_loss");
            TestContext.Out.WriteLine($"{native.Points[i].Point.Spec.Objective.Kind.Name}: train_loss cpu {nativeLoss:R} torch-cpu {torchLoss:R}; " +
                $"test_loglik cpu {await MetricAsync(nativeStore, n, "test_loglik"):R} torch-cpu {await MetricAsync(torchStore, t, "test_loglik"):R}");
            Assert.That(torchLoss, Is.EqualTo(nativeLoss).Within(1e-3 * Math.Abs(nativeLoss)), $"epoch-1 loss of {native.Points[i].Point.Spec.Objective.Kind.Name}");
            var nativeLoglik = await MetricAsync(nativeStore, n, "test_loglik");
            var torchLoglik = await MetricAsync(torchStore, t, "test_loglik");
            Assert.That(torchLoglik, Is.EqualTo(nativeLoglik).Within(0.05), $"test log p(x) of {native.Points[i].Point.Spec.Objective.Kind.Name}");
        }

        // The torch-cpu checkpoint, evaluated by `research eval` on both devices with the same seed.
        var trained = torch.Points[^1].RunId;
        var onCpu = await EvalAsync(torchFolder, trained, "cpu");
        var onTorch = await EvalAsync(torchFolder, trained, "torch-cpu");
        TestContext.Out.WriteLine($"research eval of the torch-cpu checkpoint: log p(x) on cpu {onCpu:R}, on torch-cpu {onTorch:R}");
        Assert.That(onCpu, Is.EqualTo(onTorch).Within(0.05), "log p(x) of the torch-cpu checkpoint on cpu vs torch-cpu");
    }

    private static async Task<double> EvalAsync(TempFolder folder, string runId, string device)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await EvalVerb.RunAsync(new EvalRequest(runId, Path.Combine(folder.Path, "mlruns"), K: 50, Seed: 5, Device: device), output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors.ToString());
        var line = output.ToString().Split('\n').Single(l => l.TrimStart().StartsWith("log p(x)", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public void Validate_CudaWithoutTheCudaLibTorch_FailsNamingThePackage()
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = ValidateVerb.Run(QuickstartPath, ["train.device=cuda"], output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("quickstart.yaml").And.Contain("train.device").And.Contain("TorchSharp-cuda-linux"));
    }

    [Test]
    public void Validate_UnknownDevice_IsASpecErrorListingTheDevices()
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = ValidateVerb.Run(QuickstartPath, ["train.device=gpu"], output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("train.device").And.Contain("'gpu'").And.Contain("torch-cpu"));
    }

    /// <summary>
    /// Runs `research run` in a child process with the dynamic loader's trace on (LD_DEBUG=libs) and
    /// returns whether any LibTorch library was loaded: the native engine must not load it at all.
    /// </summary>
    private static bool LoadsLibTorch(string device)
    {
        using var folder = new TempFolder();
        var spec = folder.File("tiny.yaml", TinySpecs.Yaml("tiny", epochs: 1, extra: $"tracking: {{ uri: {Path.Combine(folder.Path, "mlruns")} }}"));
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "research.dll"), "run", spec, "--set", $"train.device={device}", "--checkpoint-dir", Path.Combine(folder.Path, "ck") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["LD_DEBUG"] = "libs", ["CI"] = "true" },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var trace = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), stdout.Result);
        return trace.Contains("libtorch_cpu.so", StringComparison.Ordinal);
    }

    [Test]
    public void Run_OnTheNativeEngine_NeverLoadsLibTorch()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("LD_DEBUG is glibc's loader trace (Linux only).");
        Assert.That(LoadsLibTorch("torch-cpu"), Is.True, "the trace sees LibTorch when it is used (the check can fail)");
        Assert.That(LoadsLibTorch("cpu"), Is.False, "a native run loads no LibTorch library");
    }
}

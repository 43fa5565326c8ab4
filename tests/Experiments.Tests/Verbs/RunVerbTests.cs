using Research.Experiments.Tests.Runner;
using Research.Experiments.Verbs;

namespace Research.Experiments.Tests.Verbs;

/// <summary>`research run` at the edge: user mistakes give located messages and exit 2, and leave the store untouched.</summary>
public class RunVerbTests
{
    private static async Task<(int Code, string Output, string Errors)> RunAsync(RunRequest request)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await RunVerb.RunAsync(request, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Test]
    public async Task RunAsync_SpecWithATypo_ExitsTwoWithFileLineAndKey_AndWritesNothing()
    {
        using var folder = new TempFolder();
        var spec = folder.File("typo.yaml", TinySpecs.Yaml("typo").Replace("nll_k: 20", "nll_kk: 20"));
        var store = Path.Combine(folder.Path, "mlruns");

        var (code, _, errors) = await RunAsync(new RunRequest(spec, [], false, store, CheckpointRoot: Path.Combine(folder.Path, "ckpt")));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("typo.yaml:9:").And.Contain("eval.nll_kk").And.Contain("nll_k"));
        Assert.That(Directory.Exists(store), Is.False, "nothing logged");
    }

    [Test]
    public async Task RunAsync_BadOverride_ExitsTwoNamingTheKey()
    {
        using var folder = new TempFolder();
        var spec = folder.File("ok.yaml", TinySpecs.Yaml("ok"));
        var (code, _, errors) = await RunAsync(new RunRequest(spec, ["objective.k=0"], false, Path.Combine(folder.Path, "mlruns")));
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("objective.k"));
    }

    [Test]
    public async Task RunAsync_DryRun_PrintsThePointsAndRunsNothing()
    {
        using var folder = new TempFolder();
        var spec = folder.File("sweep.yaml", TinySpecs.Yaml("sweep", extra: "sweep: { grid: { objective.k: [1, 5, 50], objective.beta: [0.5, 1.0] } }"));
        var store = Path.Combine(folder.Path, "mlruns");
        var (code, output, _) = await RunAsync(new RunRequest(spec, [], true, store));
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("objective.k").And.Contain("50").And.Contain("Nothing was run"));
        Assert.That(Directory.Exists(store), Is.False);
    }

    [Test]
    public async Task RunAsync_DryRun_PrintsTheBudget()
    {
        using var folder = new TempFolder();
        var spec = folder.File("budget.yaml", TinySpecs.Yaml("budget", epochs: 10,
            extra: "sweep: { grid: { seed: [1, 2] } }").Replace("every_epochs: 1", "every_epochs: 5"));

        var (code, output, _) = await RunAsync(new RunRequest(spec, [], true, Path.Combine(folder.Path, "mlruns")));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("budget: 2 points x 10 epochs x 300 images; evaluation K=20 on 60 images every 5 epochs"));
    }

    [Test]
    public async Task RunAsync_ASingleRun_PrintsTheBudgetBeforeTraining()
    {
        using var folder = new TempFolder();
        var spec = folder.File("b.yaml", TinySpecs.Yaml("b", epochs: 1));

        var (code, output, _) = await RunAsync(new RunRequest(spec, [], false, Path.Combine(folder.Path, "mlruns"),
            CheckpointRoot: Path.Combine(folder.Path, "ckpt")));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.StartWith("budget: 1 point x 1 epochs x 300 images; evaluation K=20 on 60 images after the last epoch"));
    }

    [Test]
    public async Task RunAsync_HugeK_ExitsTwoBeforeAnythingRuns()
    {
        using var folder = new TempFolder();
        var spec = folder.File("k.yaml", TinySpecs.Yaml("k", objective: "{ kind: iwae, k: 100000000 }"));
        var store = Path.Combine(folder.Path, "mlruns");

        var (code, _, errors) = await RunAsync(new RunRequest(spec, [], false, store, CheckpointRoot: Path.Combine(folder.Path, "ckpt")));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("objective.k").And.Not.Contain("overflow").And.Not.Contain("   at "));
        Assert.That(Directory.Exists(store), Is.False, "nothing logged");
    }

    [Test]
    public async Task RunAsync_EmptySpec_ExitsTwoAndStartsNothing()
    {
        using var folder = new TempFolder();
        var spec = folder.File("empty.yaml", "# nothing yet\n");
        var store = Path.Combine(folder.Path, "mlruns");

        var (code, output, errors) = await RunAsync(new RunRequest(spec, [], false, store));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("empty"));
        Assert.That(output, Does.Not.Contain("budget"));
        Assert.That(Directory.Exists(store), Is.False);
    }

    [Test]
    public async Task RunAsync_UnreachableTrackingServer_FailsBeforeTrainingWithAClearMessage()
    {
        using var folder = new TempFolder();
        var spec = folder.File("remote.yaml", TinySpecs.Yaml("remote"));
        var checkpoints = Path.Combine(folder.Path, "ckpt");
        // Port 9 (discard) on the loopback interface: nothing listens there, so the connection is refused.
        var (code, _, errors) = await RunAsync(new RunRequest(spec, [], false, "http://127.0.0.1:9", CheckpointRoot: checkpoints));
        Assert.That(code, Is.EqualTo(ExitCodes.RunFailed));
        Assert.That(errors, Does.Contain("unreachable").And.Contain("127.0.0.1:9").And.Contain("Nothing was trained"));
        Assert.That(Directory.Exists(checkpoints), Is.False);
    }

    [Test]
    public async Task RunAsync_ASingleRun_TrainsAndPrintsItsSummary()
    {
        using var folder = new TempFolder();
        var spec = folder.File("single.yaml", TinySpecs.Yaml("single", epochs: 1));
        var (code, output, _) = await RunAsync(new RunRequest(spec, [], false, Path.Combine(folder.Path, "mlruns"),
            CheckpointRoot: Path.Combine(folder.Path, "ckpt")));
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("FINISHED").And.Contain("test log p(x)"));
    }

    [Test]
    public async Task RunAsync_CorruptMnistCache_FailsBeforeTrainingNamingTheFileAndHash()
    {
        using var folder = new TempFolder();
        var mnist = Directory.CreateDirectory(Path.Combine(folder.Path, "cache", "mnist")).FullName;
        foreach (var name in Research.Framework.Data.MnistFiles.Sha256.Keys) File.WriteAllText(Path.Combine(mnist, name), "damaged");
        var spec = folder.File("mnist.yaml", TinySpecs.Yaml("mnist").Replace("dataset: synthetic", $"dataset: mnist, cache_dir: '{Path.Combine(folder.Path, "cache")}'"));
        var checkpoints = Path.Combine(folder.Path, "ckpt");

        var (code, _, errors) = await RunAsync(new RunRequest(spec, [], false, Path.Combine(folder.Path, "mlruns"), CheckpointRoot: checkpoints));

        Assert.That(code, Is.EqualTo(ExitCodes.RunFailed));
        Assert.That(errors, Does.Contain("SHA-256").And.Contain(mnist).And.Contain("Nothing was trained"));
        Assert.That(Directory.Exists(checkpoints), Is.False);
    }
}

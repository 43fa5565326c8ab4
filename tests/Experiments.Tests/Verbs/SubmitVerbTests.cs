using Research.Experiments.Slurm;
using Research.Experiments.Tests.Runner;
using Research.Experiments.Verbs;

namespace Research.Experiments.Tests.Verbs;

public class SubmitVerbTests
{
    private static SubmitRequest Request(TempFolder folder, bool slurm = true, IReadOnlyList<string>? overrides = null) => new(
        folder.File("tiny.yaml", TinySpecs.Yaml("submit", epochs: 1, extra: "sweep: { grid: { objective.beta: [0.5, 1.0, 2.0] } }")),
        overrides ?? ["train.threads=1"], slurm, new SlurmResources(CpusPerTask: 1, ArrayParallelism: 2), DryRun: true,
        TrackingUri: $"sqlite:///{Path.Combine(folder.Path, "mlflow.db")}", CheckpointRoot: Path.Combine(folder.Path, "ck"),
        JobFolder: Path.Combine(folder.Path, "jobs"));

    [Test]
    public async Task RunAsync_DryRun_WritesTheScriptAndCreatesNoRun()
    {
        using var folder = new TempFolder();
        var output = new StringWriter();
        var code = await SubmitVerb.RunAsync(Request(folder), output, new StringWriter());
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output.ToString(), Does.Contain("3 point(s)").And.Contain("Nothing was submitted"));
        var script = File.ReadAllText(Directory.GetFiles(Path.Combine(folder.Path, "jobs"), "sweep.sbatch", SearchOption.AllDirectories).Single());
        Assert.That(script, Does.Contain("#SBATCH --array=0-2%2"));
        Assert.That(script, Does.Contain($"run {Path.Combine(folder.Path, "tiny.yaml")} --set train.threads=1 --point"));
        Assert.That(script, Does.Contain($"--tracking-uri sqlite:///{Path.Combine(folder.Path, "mlflow.db")}"));
        Assert.That(File.Exists(Path.Combine(folder.Path, "mlflow.db")), Is.False);
    }

    [Test]
    public async Task RunAsync_NoLauncher_Refused()
    {
        using var folder = new TempFolder();
        var errors = new StringWriter();
        Assert.That(await SubmitVerb.RunAsync(Request(folder, slurm: false), new StringWriter(), errors), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("--slurm"));
    }

    [Test]
    public async Task RunAsync_InvalidPoint_RefusedBeforeAnyScript()
    {
        using var folder = new TempFolder();
        var code = await SubmitVerb.RunAsync(Request(folder, overrides: ["objective.k=0"]), new StringWriter(), new StringWriter());
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(Directory.Exists(Path.Combine(folder.Path, "jobs")), Is.False);
    }
}

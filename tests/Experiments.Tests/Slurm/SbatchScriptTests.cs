using Research.Experiments.Slurm;

namespace Research.Experiments.Tests.Slurm;

public class SbatchScriptTests
{
    private static SbatchJob Job(SlurmResources? resources = null, int points = 3) => new("tiny", points,
        ["/usr/bin/dotnet", "/opt/research/research.dll", "run", "/data/my spec.yaml", "--set", "objective.k=5"],
        "abc123", "sqlite:////shared/mlflow.db", "/shared/ck/slurm-abc123", "/shared/work", "/shared/jobs/tiny-abc123", resources ?? new SlurmResources());

    private static string[] Lines(string script) => script.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Render_ThreePointsWithParallelism_ArrayCoversEveryPointWithTheLimit()
    {
        var script = SbatchScript.Render(Job(new SlurmResources(ArrayParallelism: 2)));
        Assert.That(Lines(script), Does.Contain("#SBATCH --array=0-2%2"));
        Assert.That(script, Does.StartWith("#!/bin/bash\n"));
    }

    [Test]
    public void Render_NoParallelism_ArrayHasNoLimit()
    {
        Assert.That(Lines(SbatchScript.Render(Job(points: 1))), Does.Contain("#SBATCH --array=0-0"));
    }

    [Test]
    public void Render_Resources_OneDirectiveEach()
    {
        var lines = Lines(SbatchScript.Render(Job(new SlurmResources("gpu", "1:00:00", 4, "8G", 1))));
        Assert.That(lines, Does.Contain("#SBATCH --partition=gpu"));
        Assert.That(lines, Does.Contain("#SBATCH --time=1:00:00"));
        Assert.That(lines, Does.Contain("#SBATCH --cpus-per-task=4"));
        Assert.That(lines, Does.Contain("#SBATCH --mem=8G"));
        Assert.That(lines, Does.Contain("#SBATCH --gpus-per-task=1"));
        Assert.That(lines, Does.Contain("#SBATCH --requeue"));
        Assert.That(lines, Does.Contain("#SBATCH --output=/shared/jobs/tiny-abc123/slurm-%A_%a.out"));
    }

    [Test]
    public void Render_NoResources_LeavesTheClusterDefaults()
    {
        var script = SbatchScript.Render(Job());
        Assert.That(script, Does.Not.Contain("--partition").And.Not.Contain("--mem").And.Not.Contain("--gpus").And.Not.Contain("--time"));
    }

    [Test]
    public void Render_TaskCommand_RunsItsPointUnderTheParentWithResume()
    {
        var script = SbatchScript.Render(Job());
        Assert.That(Lines(script), Does.Contain("cd /shared/work"));
        Assert.That(Lines(script).Last(), Is.EqualTo(
            "exec /usr/bin/dotnet /opt/research/research.dll run '/data/my spec.yaml' --set objective.k=5 --point \"${SLURM_ARRAY_TASK_ID}\" " +
            "--parent abc123 --tracking-uri sqlite:////shared/mlflow.db --checkpoint-dir /shared/ck/slurm-abc123 --resume"));
    }

    [Test]
    public void Render_NoPoints_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SbatchScript.Render(Job(points: 0)));
    }

    [Test]
    public void Render_PartitionWithSpace_Throws()
    {
        Assert.Throws<ArgumentException>(() => SbatchScript.Render(Job(new SlurmResources(Partition: "a b"))));
    }

    [TestCase("plain/path.yaml", "plain/path.yaml")]
    [TestCase("it's", "'it'\\''s'")]
    [TestCase("$HOME", "'$HOME'")]
    [TestCase("", "''")]
    public void Quote_Word_IsOneBashWord(string word, string expected)
    {
        Assert.That(SbatchScript.Quote(word), Is.EqualTo(expected));
    }

    [TestCase("42\n", "42")]
    [TestCase("42;cluster\n", "42")]
    [TestCase("sbatch: error\n", null)]
    [TestCase("", null)]
    public void JobId_SbatchParsableOutput_IsTheId(string stdout, string? expected)
    {
        Assert.That(SbatchOutput.JobId(stdout), Is.EqualTo(expected));
    }

    [Test]
    public void SharedUri_RelativeSqlite_BecomesAbsolute()
    {
        var uri = SharedTrackingUri.Of("sqlite:///mlflow.db");
        Assert.That(uri, Is.EqualTo("sqlite:///" + Path.GetFullPath("mlflow.db")));
        Assert.That(uri, Does.StartWith("sqlite:////"));
    }

    [Test]
    public void SharedUri_Server_IsUnchanged()
    {
        Assert.That(SharedTrackingUri.Of("http://mlflow:5000"), Is.EqualTo("http://mlflow:5000"));
    }

    [Test]
    public void SharedUri_RelativeFolder_BecomesAbsolute()
    {
        Assert.That(SharedTrackingUri.Of("./mlruns"), Is.EqualTo(Path.GetFullPath("mlruns")));
    }
}

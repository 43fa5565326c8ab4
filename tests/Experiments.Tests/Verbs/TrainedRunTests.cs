using Research.Experiments.Verbs;

namespace Research.Experiments.Tests.Verbs;

/// <summary>How eval and sample find a trained run, and the message and exit code 2 of each way that fails.</summary>
public class TrainedRunTests
{
    private TrainedRunFixture _fixture = null!;

    [SetUp]
    public async Task SetUp() => _fixture = await TrainedRunFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _fixture.DisposeAsync();

    private async Task<(TrainedRun? Run, string Errors)> Open(string run, string? trackingUri = null)
    {
        var errors = new StringWriter();
        var found = await TrainedRun.TryOpenAsync(run, trackingUri ?? _fixture.TrackingUri, errors);
        return (found, errors.ToString());
    }

    /// <summary>Eval and sample both answer a bad RUN with exit code 2 and a message containing <paramref name="expected"/>.</summary>
    private async Task AssertBothVerbsRefuse(string run, params string[] expected)
    {
        foreach (var verb in new[] { "eval", "sample" })
        {
            var (output, errors) = (new StringWriter(), new StringWriter());
            var code = verb == "eval"
                ? await EvalVerb.RunAsync(new EvalRequest(run, _fixture.TrackingUri, K: 2), output, errors)
                : await SampleVerb.RunAsync(new SampleRequest(run, _fixture.TrackingUri, OutputPath: Path.Combine(_fixture.Root, "never.png")), output, errors);
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput), $"{verb}: {errors}");
            foreach (var text in expected) Assert.That(errors.ToString(), Does.Contain(text), verb);
            Assert.That(errors.ToString(), Does.StartWith("error: "), verb);
            Assert.That(errors.ToString(), Does.Not.Contain("   at "), $"{verb}: no stack trace");
        }
        Assert.That(File.Exists(Path.Combine(_fixture.Root, "never.png")), Is.False);
    }

    [Test]
    public async Task TryOpen_RunId_LoadsTheTrainedParameters()
    {
        var (run, errors) = await Open(_fixture.TrainedRunId);

        Assert.That(run, Is.Not.Null, errors);
        Assert.That(run!.RunId, Is.EqualTo(_fixture.TrainedRunId));
        Assert.That(run.RunName, Is.EqualTo("point-beta-1"));
        Assert.That(run.Folder, Is.EqualTo(_fixture.TrainedFolder));
        Assert.That((run.ImageHeight, run.ImageWidth), Is.EqualTo((28, 28)));
        var expected = TrainedRunFixture.Model.NamedParameters();
        var loaded = run.Model.NamedParameters();
        Assert.That(loaded.Select(p => p.Name), Is.EqualTo(expected.Select(p => p.Name)));
        for (var i = 0; i < expected.Count; i++)
            Assert.That(loaded[i].Parameter.ToArray(), Is.EqualTo(expected[i].Parameter.ToArray()), expected[i].Name);
    }

    [Test]
    public async Task TryOpen_Folder_HasNoRunId()
    {
        var (run, errors) = await Open(_fixture.CopyTrainedFolder("copy"));

        Assert.That(run, Is.Not.Null, errors);
        Assert.That(run!.RunId, Is.Null);
        Assert.That(run.Spec, Is.EqualTo(TrainedRunFixture.Spec));
    }

    [Test]
    public async Task TryOpen_FileStoreRunFolder_ReadsItsArtifacts()
    {
        var (run, errors) = await Open(Path.GetDirectoryName(_fixture.TrainedFolder)!);

        Assert.That(run, Is.Not.Null, errors);
        Assert.That(run!.Folder, Is.EqualTo(_fixture.TrainedFolder));
    }

    [Test]
    public Task Run_UnknownRunId_NamesItAndTheStore() =>
        AssertBothVerbsRefuse("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", _fixture.Store.TrackingUri);

    [Test]
    public Task Run_MissingFolder_NamesIt() =>
        AssertBothVerbsRefuse(Path.Combine(_fixture.Root, "nowhere"), Path.Combine(_fixture.Root, "nowhere"));

    [Test]
    public Task Run_RunWithoutArtifacts_NamesTheMissingFiles() => // the sweep's parent run has no model
        AssertBothVerbsRefuse(_fixture.ParentRunId, _fixture.ParentRunId, "spec.yaml", Path.Combine("checkpoint", "model.bin"));

    [Test]
    public Task Run_MissingModel_NamesItsPath()
    {
        var folder = _fixture.CopyTrainedFolder("no-model");
        File.Delete(Path.Combine(folder, "checkpoint", "model.bin"));
        return AssertBothVerbsRefuse(folder, Path.Combine(folder, "checkpoint", "model.bin"));
    }

    [Test]
    public Task Run_MissingSpec_NamesItsPath()
    {
        var folder = _fixture.CopyTrainedFolder("no-spec");
        File.Delete(Path.Combine(folder, "spec.yaml"));
        return AssertBothVerbsRefuse(folder, Path.Combine(folder, "spec.yaml"));
    }

    [Test]
    public Task Run_CorruptModel_NamesItsPath()
    {
        var folder = _fixture.CopyTrainedFolder("corrupt");
        var path = Path.Combine(folder, "checkpoint", "model.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        return AssertBothVerbsRefuse(folder, path, "corrupt");
    }

    [Test]
    public Task Run_ModelOfAnotherShape_NamesThePathAndTheParameter()
    {
        var folder = _fixture.CopyTrainedFolder("other-shape");
        var spec = File.ReadAllText(Path.Combine(folder, "spec.yaml"));
        File.WriteAllText(Path.Combine(folder, "spec.yaml"), spec.Replace("latent: 2", "latent: 3"));
        return AssertBothVerbsRefuse(folder, Path.Combine(folder, "checkpoint", "model.bin"), "shape");
    }

    [Test]
    public Task Run_InvalidSpec_NamesTheFileAndKey()
    {
        var folder = _fixture.CopyTrainedFolder("bad-spec");
        File.AppendAllText(Path.Combine(folder, "spec.yaml"), "\nlatnet: 4\n");
        return AssertBothVerbsRefuse(folder, Path.Combine(folder, "spec.yaml"), "latnet");
    }

    [Test]
    public Task Run_AFile_SaysRunIsAFolderOrId() =>
        AssertBothVerbsRefuse(Path.Combine(_fixture.TrainedFolder, "spec.yaml"), "is a file");

    [Test]
    public async Task Run_UnsupportedTrackingUri_SaysWhichAreSupported()
    {
        var errors = new StringWriter();
        var code = await EvalVerb.RunAsync(new EvalRequest(_fixture.TrainedRunId, "databricks://profile"), new StringWriter(), errors);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("sqlite").And.Contain("http"));
    }

    [Test]
    public async Task Run_ArtifactsOnAServer_SaysEvalNeedsALocalCopy()
    {
        // As a run logged to an MLflow server with the artifact proxy records it.
        var meta = Path.Combine(Path.GetDirectoryName(_fixture.TrainedFolder)!, "meta.yaml");
        var text = await File.ReadAllTextAsync(meta);
        var line = text.Split('\n').Single(l => l.StartsWith("artifact_uri:", StringComparison.Ordinal));
        await File.WriteAllTextAsync(meta, text.Replace(line, $"artifact_uri: mlflow-artifacts:/1/{_fixture.TrainedRunId}/artifacts"));

        await AssertBothVerbsRefuse(_fixture.TrainedRunId, "mlflow-artifacts:/1/", "local", "mlflow artifacts download");
    }
}

using Research.Experiments.Runner;
using Research.Framework.Data;
using Research.Framework.Specs;

namespace Research.Experiments.Tests.Runner;

public class CheckpointTests
{
    private static TrainingSession Session(ExperimentSpec spec)
    {
        var train = SyntheticBars.Generate(100, seed: 1);
        var test = SyntheticBars.Generate(20, seed: 2);
        return new TrainingSession(spec, train, DataSource.EvaluationData(spec, test));
    }

    [Test]
    public void WriteThenRestore_GivesTheSameParametersAndOptimizerState_AndKeepsOnlyTheLatestFiles()
    {
        using var folder = new TempFolder();
        var spec = SpecLoader.Load(folder.File("c.yaml", TinySpecs.Yaml("c")), []);
        var trained = Session(spec);
        var state = new CheckpointState(0, 0, 0, "run", null, "", [], double.NegativeInfinity, 0, false, null);
        var checkpoint = new Checkpoint(Path.Combine(folder.Path, "ckpt"));
        for (var epoch = 1; epoch <= 2; epoch++)
        {
            var log = trained.TrainEpoch(epoch, state.Step, null, CancellationToken.None).Log!;
            state = checkpoint.Write(state with { Epoch = epoch, Step = log.Step, History = [.. state.History, log] }, trained);
        }

        var read = checkpoint.TryRead()!;
        var restored = Session(spec);
        checkpoint.Restore(read, restored);

        Assert.That(read.Epoch, Is.EqualTo(2));
        Assert.That(read.History.Select(h => h.Loss), Is.EqualTo(state.History.Select(h => h.Loss)));
        Assert.That(restored.Optimizer.StepCount, Is.EqualTo(trained.Optimizer.StepCount));
        Assert.That(restored.Model.Parameters().Select(p => p.ToArray()), Is.EqualTo(trained.Model.Parameters().Select(p => p.ToArray())));
        Assert.That(restored.Optimizer.State().Select(s => s.Values), Is.EqualTo(trained.Optimizer.State().Select(s => s.Values)));
        Assert.That(Directory.GetFiles(checkpoint.Directory).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "epoch-0002.model.bin", "epoch-0002.optimizer.bin", "state.json" }));
    }

    [Test]
    public void TryRead_AfterACrashWhileWritingTheNextEpoch_GivesThePreviousCheckpoint()
    {
        using var folder = new TempFolder();
        var spec = SpecLoader.Load(folder.File("c.yaml", TinySpecs.Yaml("c")), []);
        var session = Session(spec);
        var checkpoint = new Checkpoint(Path.Combine(folder.Path, "ckpt"));
        checkpoint.Write(new CheckpointState(1, 2, 0, "run", null, "", [], double.NegativeInfinity, 0, false, null), session);
        // A crash after the next epoch's parameter files were written, before state.json was replaced.
        File.WriteAllText(Path.Combine(checkpoint.Directory, "epoch-0002.model.bin"), "half written");
        File.WriteAllText(Path.Combine(checkpoint.Directory, "state.json.123.tmp"), "{ half");

        var read = checkpoint.TryRead()!;

        Assert.That(read.Epoch, Is.EqualTo(1));
        Assert.DoesNotThrow(() => checkpoint.Restore(read, Session(spec)));
    }

    [Test]
    public void TryRead_DamagedState_SaysWhichFileAndWhatToDo()
    {
        using var folder = new TempFolder();
        var checkpoint = new Checkpoint(folder.Path);
        File.WriteAllText(Path.Combine(folder.Path, "state.json"), "{ not json");
        Assert.That(() => checkpoint.TryRead(), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains("state.json").And.Message.Contains("Delete the folder"));
    }
}

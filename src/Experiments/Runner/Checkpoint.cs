using System.Text.Json;
using System.Text.Json.Serialization;
using Research.Framework.IO;
using Research.Framework.Nn;
using Research.Framework.Tensors;

namespace Research.Experiments.Runner;

/// <summary>
/// Where a point stands after a completed epoch: enough to continue it exactly (parameters,
/// optimizer buffers and step count, history, early-stopping counters) and to find its MLflow run.
/// </summary>
/// <param name="Completed">The point's run got its end status (FINISHED, or FAILED with the reason) in the
/// store: the very last step of a point, so a crash before it leaves something for <c>--resume</c> to finish.</param>
/// <param name="FailureReason">Training cannot go on (a non-finite loss, a spec the components refuse): the run must end FAILED.</param>
/// <param name="Trained">Every epoch ran (or early stopping ended it) and the final model is saved: what is left
/// is the metrics CSV, the figures, the model artifact and the FINISHED status.</param>
public sealed record CheckpointState(
    int Epoch,
    long Step,
    long OptimizerSteps,
    string RunId,
    string? ParentRunId,
    string ParametersFile,
    IReadOnlyList<EpochLog> History,
    double BestLogLikelihood,
    int EvaluationsWithoutImprovement,
    bool Completed,
    string? FailureReason,
    bool Trained = false)
{
    /// <summary>Whether the training loop is over: <see cref="Trained"/>, or a completed success written before that flag existed.</summary>
    public bool TrainingDone => Trained || (Completed && FailureReason is null);
}

/// <summary>
/// A point's checkpoint folder: <c>epoch-NNNN.model.bin</c> and <c>epoch-NNNN.optimizer.bin</c>
/// (CRC-checked tensor files), then <c>state.json</c> naming them. Each file is written to a
/// temporary name and renamed, and state.json last, so a crash at any moment leaves the previous
/// checkpoint intact; older epoch files are removed only after the new state is in place.
/// </summary>
public sealed class Checkpoint(string directory)
{
    private const string StateFile = "state.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public string Directory { get; } = directory;

    public string ModelPath(CheckpointState state) => Path.Combine(Directory, state.ParametersFile + ".model.bin");

    /// <summary>The saved state, or null when this point has no checkpoint yet.</summary>
    public CheckpointState? TryRead()
    {
        var path = Path.Combine(Directory, StateFile);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable checkpoint state ({e.Message}). Delete the folder to start this point afresh.", e);
        }
    }

    /// <summary>Saves the session after <c>state.Epoch</c>; returns the state as saved (naming its parameter files).</summary>
    public CheckpointState Write(CheckpointState state, TrainingSession session)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var stem = $"epoch-{state.Epoch:D4}";
        state = state with { ParametersFile = stem, OptimizerSteps = session.Optimizer.StepCount };
        session.Model.Save(Path.Combine(Directory, stem + ".model.bin"));
        TensorFile.Write(Path.Combine(Directory, stem + ".optimizer.bin"),
            session.Optimizer.State().Select(s => (s.Name, Tensor.FromArray(s.Values))));
        WriteState(state);
        foreach (var old in System.IO.Directory.EnumerateFiles(Directory, "epoch-*.bin"))
            if (!Path.GetFileName(old).StartsWith(stem + ".", StringComparison.Ordinal)) File.Delete(old);
        return state;
    }

    /// <summary>Rewrites only the state (e.g. to mark the point completed), keeping the parameter files.</summary>
    public void WriteState(CheckpointState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, StateFile);
        var temporary = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Loads the saved parameters and optimizer state into a freshly built session.</summary>
    public void Restore(CheckpointState state, TrainingSession session)
    {
        session.Model.Load(ModelPath(state));
        var optimizer = TensorFile.Read(Path.Combine(Directory, state.ParametersFile + ".optimizer.bin"))
            .ToDictionary(t => t.Name, t => t.Values);
        session.Optimizer.Restore(state.OptimizerSteps, optimizer);
    }

    /// <summary>
    /// Deletes the temporary files of a write that never reached its rename (a kill -9 or a full disk
    /// midway): nothing reads them, and a model's can be tens of megabytes. Call when the point starts,
    /// before this process writes anything here.
    /// </summary>
    public IReadOnlyList<string> RemoveTemporaryFiles()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var leftovers = System.IO.Directory.EnumerateFiles(Directory, "*.tmp").ToList();
        foreach (var file in leftovers) File.Delete(file);
        return leftovers;
    }

    /// <summary>Removes this point's checkpoint (a fresh, non-resumed run starts from nothing).</summary>
    public void Clear()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}

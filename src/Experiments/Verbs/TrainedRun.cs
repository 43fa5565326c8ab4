using Research.Experiments.Runner;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tracking;
using Research.Framework.Vae;

namespace Research.Experiments.Verbs;

/// <summary>
/// A trained sweep point as `research eval` and `research sample` find it: the resolved spec and
/// the model rebuilt from it with the trained parameters loaded. RUN names it in one of two ways:
/// a folder holding <see cref="SpecFile"/> and <see cref="ModelFile"/> (a run's artifact folder,
/// a copy of it, or a file-store run folder with an <c>artifacts/</c> inside), or the id of a run
/// in the tracking store whose artifacts are a local folder. Every problem (a missing file, an
/// unknown run, a corrupt checkpoint, an invalid spec) is printed as a message naming the path
/// or run, and null is returned: the verb exits with <see cref="ExitCodes.BadInput"/>.
/// </summary>
/// <param name="Folder">The folder the spec and checkpoint were read from.</param>
/// <param name="RunId">The run's id when RUN was one (metrics can then be logged to it); null for a folder.</param>
public sealed record TrainedRun(string Folder, string? RunId, string? RunName, ExperimentSpec Spec, VaeModel Model, int ImageHeight, int ImageWidth)
{
    /// <summary>The resolved spec of the point, relative to the artifact folder.</summary>
    public const string SpecFile = "spec.yaml";

    /// <summary>The trained parameters (<see cref="ParameterFile"/>), relative to the artifact folder.</summary>
    public const string ModelFile = "checkpoint/model.bin";

    public static async Task<TrainedRun?> TryOpenAsync(string run, string? trackingUri, TextWriter errors, CancellationToken cancellationToken = default, string? deviceName = null)
    {
        var location = Directory.Exists(run)
            ? FromFolder(run)
            : await FromStoreAsync(run, trackingUri, errors, cancellationToken);
        return location is { } found ? TryLoad(found.Folder, found.RunId, found.RunName, errors, deviceName) : null;
    }

    /// <summary>A folder with the files, or a file-store run folder whose <c>artifacts/</c> holds them.</summary>
    private static (string Folder, string? RunId, string? RunName) FromFolder(string folder)
    {
        var artifacts = Path.Combine(folder, "artifacts");
        var useArtifacts = !File.Exists(Path.Combine(folder, SpecFile)) && File.Exists(Path.Combine(artifacts, SpecFile));
        return (Path.GetFullPath(useArtifacts ? artifacts : folder), null, null);
    }

    private static async Task<(string Folder, string? RunId, string? RunName)?> FromStoreAsync(string run, string? trackingUri, TextWriter errors,
        CancellationToken cancellationToken)
    {
        if (File.Exists(run))
        {
            errors.WriteLine($"error: {run} is a file; RUN is a run id or a folder holding {SpecFile} and {ModelFile}.");
            return null;
        }
        if (run.IndexOfAny(['/', '\\']) >= 0 || run.StartsWith('.'))
        {
            errors.WriteLine($"error: folder {run} not found (RUN is a run id or a folder holding {SpecFile} and {ModelFile}).");
            return null;
        }
        var store = TryOpenStore(trackingUri, errors);
        if (store is null) return null;
        await using (store)
        {
            Run found;
            try
            {
                found = await store.GetRunAsync(run, cancellationToken);
            }
            catch (TrackingUnavailableException e)
            {
                errors.WriteLine($"error: cannot reach the tracking store {store.TrackingUri}: {e.Message}");
                return null;
            }
            catch (TrackingException)
            {
                errors.WriteLine($"error: '{run}' is neither a folder nor the id of a run in the tracking store {store.TrackingUri}.");
                return null;
            }
            var uri = found.Info.ArtifactUri;
            if (LocalFolder(uri) is { } folder) return (folder, found.Info.RunId, found.Info.RunName);
            errors.WriteLine($"error: run {run} keeps its artifacts at {uri}, not in a local folder, and this verb reads them from one: "
                + $"download them (mlflow artifacts download -r {run} -d DIR) and pass DIR instead of the run id.");
            return null;
        }
    }

    /// <summary>The store of a tracking URI, or null after a message when the URI's scheme is not supported.</summary>
    public static ITrackingStore? TryOpenStore(string? trackingUri, TextWriter errors)
    {
        try
        {
            return TrackingStores.FromUri(trackingUri, report: errors.WriteLine);
        }
        catch (NotSupportedException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    /// <summary>The local folder of a <c>file:</c> URI or a plain path; null for other schemes (mlflow-artifacts:, s3:, ...).</summary>
    private static string? LocalFolder(string artifactUri)
    {
        try
        {
            return TrackingStores.LocalPath(artifactUri);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static TrainedRun? TryLoad(string folder, string? runId, string? runName, TextWriter errors, string? deviceName)
    {
        var specPath = Path.Combine(folder, SpecFile);
        var modelPath = Path.Combine(folder, ModelFile.Replace('/', Path.DirectorySeparatorChar));
        var missing = new[] { specPath, modelPath }.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            var which = runId is null ? $"folder {folder}" : $"run {runId} (artifacts in {folder})";
            foreach (var path in missing) errors.WriteLine($"error: {path} not found: the {which} holds no trained model ({SpecFile} and {ModelFile}).");
            return null;
        }
        var spec = SpecErrors.TryLoad(specPath, [], errors);
        if (spec is null) return null;
        var (device, deviceError) = DeviceCheck.Resolve(deviceName ?? spec.Eval.DeviceOr(spec.Train.Device), deviceName is null ? $"{specPath}: eval.device" : "--device");
        if (deviceError is not null)
        {
            errors.WriteLine($"error: {deviceError}");
            return null;
        }
        try
        {
            var (height, width) = DataSource.ImageShape(spec.Data);
            var model = ModelFactory.Create(spec.Model, height * width, new Rng((ulong)spec.Seed), ModelFactory.Classes(spec));
            model.Load(modelPath); // parameter files are host values: a model trained on any device loads here
            model.To(device);
            return new TrainedRun(folder, runId, runName, spec, model, height, width);
        }
        catch (Exception e) when (e is InvalidDataException)
        {
            errors.WriteLine($"error: {e.Message}"); // names the file already
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: {modelPath}: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            errors.WriteLine($"error: {specPath}: cannot build the model it describes: {e.Message}");
            return null;
        }
    }
}

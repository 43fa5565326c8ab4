using System.Xml.Linq;
using Research.Experiments.Artifacts;
using Research.Experiments.Runner;
using Research.Framework.Data;
using Research.Framework.Evaluation;
using Research.Framework.Plotting;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;
using Research.Framework.Vae;

namespace Research.Experiments.Tests.Artifacts;

/// <summary>Tiny specs, models, evaluations and histories for the artifact tests, and an SVG reader.</summary>
internal static class ArtifactFixtures
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>A spec of a tiny synthetic-data VAE, written to a temp file and loaded as the runner would.</summary>
    public static ExperimentSpec Spec(int latent, string extra = "")
    {
        var folder = Directory.CreateTempSubdirectory("artifacts-test-");
        try
        {
            var path = Path.Combine(folder.FullName, "spec.yaml");
            File.WriteAllText(path, $$"""
                name: artifacts-test
                seed: 3
                data: { dataset: synthetic, binarize: static, batch_size: 20 }
                model:
                  latent: {{latent}}
                  encoder: { mlp: [16], activation: tanh }
                  decoder: { mlp: [16], activation: tanh }
                objective:
                  kind: elbo
                  kl_schedule: { linear: { warmup_epochs: 1 } }
                train: { epochs: 3 }
                eval: { every_epochs: 1, nll_k: 10, batch_size: 50 }
                {{extra}}
                """);
            return SpecLoader.Load(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static Dataset EvaluationData(ExperimentSpec spec) => DataSource.EvaluationData(spec, SyntheticBars.Generate(120, seed: 2));

    public static VaeModel Model(ExperimentSpec spec, int inputSize = 784) => ModelFactory.Create(spec.Model, inputSize, new Rng(11));

    public static EvaluationResult Evaluate(VaeModel model, Dataset data) =>
        Evaluator.Evaluate(model, DataSource.Batches(data, 50), new EvaluationOptions(ImportanceSamples: 10, Chunk: 10, ActiveUnitSamples: 4), new Rng(5));

    /// <summary>Three epochs of made-up training averages, evaluated after epochs 2 and 3.</summary>
    public static IReadOnlyList<EpochLog> History(EvaluationResult test) =>
    [
        new(1, 10, 200, -200, -198, -190, 8, 0.5, 1e-3, 1.0, 1000, null),
        new(2, 20, 180, -180, -180, -172, 8, 1.0, 1e-3, 1.0, 1000, test),
        new(3, 30, 170, -170, -170, -161, 9, 1.0, 1e-3, 1.0, 1000, test with { LogLikelihood = test.LogLikelihood + 1 }),
    ];

    /// <summary>The points of a spec's sweep, each with made-up results that depend on K, beta and the objective.</summary>
    public static IReadOnlyList<PointResult> Results(ExperimentSpec spec, Func<SweepPoint, (RunStatus Status, string? Reason)>? outcome = null) =>
        SweepExpander.ExpandAll(spec).Select(point =>
        {
            var (status, reason) = outcome?.Invoke(point) ?? (RunStatus.Finished, null);
            var o = point.Spec.Objective;
            var gain = (o.Kind.Name == "iwae" ? 1.0 : 0.3) * Math.Log(o.K) - 2 * Math.Abs(Math.Log(o.Beta));
            var kl = 20 / o.Beta;
            var test = new EvaluationResult(-90 + gain, -95 + gain, -95 + gain - kl, kl, null,
                new ActiveUnits([1.0, 0.5, 0.001], (int)Math.Min(3, 1 + kl / 10), 0.01), 100);
            var epochs = status == RunStatus.Finished ? 4 : 2;
            var history = Enumerable.Range(1, epochs).Select(e => new EpochLog(e, 10L * e, 100 - e - gain, -100 + e + gain, -100 + e + gain,
                -90 + e, 10, 1, 1e-3, 1, 1000, e % 2 == 0 ? test with { LogLikelihood = test.LogLikelihood - 4 + e } : null)).ToArray();
            return new PointResult(point, $"run{point.Index:D2}", status, reason, history);
        }).ToArray();

    public static Artifact Find(IReadOnlyList<Artifact> artifacts, string path) =>
        artifacts.SingleOrDefault(a => a.Path == path) ?? throw new AssertionException($"no artifact {path}; have {string.Join(", ", artifacts.Select(a => a.Path))}");

    public static string Text(Artifact artifact) => System.Text.Encoding.UTF8.GetString(artifact.Content);

    /// <summary>Parses an SVG artifact (failing on malformed XML or a non-finite number).</summary>
    public static XDocument ParseSvg(Artifact artifact)
    {
        var text = Text(artifact);
        Assert.That(text, Does.Not.Contain("NaN").And.Not.Contain("Infinity"), artifact.Path);
        var doc = XDocument.Parse(text);
        Assert.That(doc.Root!.Name, Is.EqualTo(Svg + "svg"), artifact.Path);
        return doc;
    }

    /// <summary>The strings an SVG artifact draws (titles, axis labels, ticks, legend entries).</summary>
    public static IReadOnlyList<string> SvgTexts(Artifact artifact) =>
        ParseSvg(artifact).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    /// <summary>Decodes a PNG artifact and checks that it is a drawn figure: not blank, with the title's text at the top.</summary>
    public static PngPixels AssertFigurePng(Artifact artifact)
    {
        var png = PngPixels.Decode(artifact.Content);
        Assert.That(png.InkFraction, Is.GreaterThan(0.01), $"{artifact.Path}: something is drawn");
        Assert.That(png.Colours, Is.GreaterThan(8), $"{artifact.Path}: more than a flat background");
        Assert.That(png.DarkPixels(0, 0, png.Width, 40), Is.GreaterThan(60), $"{artifact.Path}: the title's text was drawn");
        return png;
    }
}

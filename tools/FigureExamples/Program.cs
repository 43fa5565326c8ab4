using Research.FigureExamples;
using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;

// Writes every standard figure, drawn from synthetic data, to the folder given (default results/figures).
// Run through tools/figures-examples.sh. Every figure is a PNG; charts are also written as SVG.
var dir = args.Length > 0 ? args[0] : Path.Combine("results", "figures");
Directory.CreateDirectory(dir);
var rng = new Random(7);
double Noise(double scale) => scale * (rng.NextDouble() + rng.NextDouble() - 1);
void Save(string name, FigureImage figure)
{
    File.WriteAllBytes(Path.Combine(dir, name + ".png"), figure.Png);
    if (figure.Svg is { } svg) File.WriteAllText(Path.Combine(dir, name + ".svg"), svg);
}
const int S = SyntheticImages.Size;

// ---- one run ------------------------------------------------------------------------------------
EpochMetrics[] Curve(int epochs, double final, double rate, double kl, int evalEvery, double noise) =>
    Enumerable.Range(1, epochs).Select(e =>
    {
        var bound = final - 110 * Math.Exp(-e / rate) + Noise(noise);
        var k = kl * (1 - 0.5 * Math.Exp(-e / (rate * 0.7)));
        var test = e % evalEvery == 0 || e == 1;
        return new EpochMetrics(e, bound, bound - k, k,
            test ? bound - 1.5 - 0.02 * e + Noise(noise) : double.NaN,
            test ? bound - k - 1.2 - 0.02 * e : double.NaN,
            test ? k + 0.3 : double.NaN);
    }).ToArray();
var run = Curve(100, -88, 12, 25, 10, 0.4);
Save("learning-curves", VaeFigures.LearningCurves(run, "ELBO"));
Save("bounds", VaeFigures.Bounds(run.Select(e => new EpochBounds(e.Epoch, e.TrainBound + 0.9, e.TrainBound, e.TestBound,
    double.IsFinite(e.TestBound) ? e.TestBound + 2.1 : double.NaN)).ToArray(), "IWAE K=5"));

var steps = Enumerable.Range(0, 201).Select(i => (long)i * 100).ToArray();
Save("kl-weight", VaeFigures.KlWeight(steps.Select(t =>
{
    var phase = t % 5000 / 5000.0; // cyclical: 4 cycles over 20k steps, ratio R = 0.5
    return new KlWeightPoint(t, Math.Min(1, phase / 0.5));
}).ToArray()));

Save("kl-per-dimension", VaeFigures.KlPerDimension(Enumerable.Range(0, 50).Select(d =>
{
    var active = d % 3 != 1 && d < 40;
    return new LatentUnit(d, active ? 0.4 + 4 * rng.NextDouble() : 0.002 * rng.NextDouble(), active ? 0.1 + rng.NextDouble() : 1e-4);
}).ToArray()));

Save("prior-samples", VaeFigures.PriorSamples(new ImageSet(Enumerable.Range(0, 50).Select(_ => SyntheticImages.Random(rng, blur: 0.8)).ToArray(), S, S)));

var inputs = Enumerable.Range(0, 20).Select(_ => SyntheticImages.Random(rng)).ToArray();
Save("reconstructions", VaeFigures.Reconstructions(new ImageSet(inputs, S, S),
    new ImageSet(inputs.Select(SyntheticImages.Blurred).ToArray(), S, S)));

var values = Enumerable.Range(0, 11).Select(i => -3 + 0.6 * i).ToArray();
Save("latent-traversals", VaeFigures.LatentTraversals(
[
    new LatentTraversal(0, values, new ImageSet(values.Select(v => SyntheticImages.Shape(7 + 1.0 * v, 9, 0.3, 1.6, 0)).ToArray(), S, S)),
    new LatentTraversal(1, values, new ImageSet(values.Select(v => SyntheticImages.Shape(6, 9, 0.3 + 0.5 * v, 1.6, 0)).ToArray(), S, S)),
    new LatentTraversal(2, values, new ImageSet(values.Select(v => SyntheticImages.Shape(6, 9, 0.3, 1.6, 0.25 * (v + 2))).ToArray(), S, S)),
    new LatentTraversal(3, values, new ImageSet(values.Select(v => SyntheticImages.Shape(6, 9, 0.3, 1.2 + 0.3 * (v + 2), 0)).ToArray(), S, S)),
]));

// The two test images, then 10 decodings from t = 0 to t = 1 (RunFigures' layout).
Save("interpolation", VaeFigures.Interpolation(new ImageSet(Enumerable.Range(0, 12).Select(i =>
{
    var t = Math.Clamp((i - 1) / 9.0, 0, 1);
    return SyntheticImages.Shape(9 - 5 * t, 9, 0.2 + 1.2 * t, 1.6, t, blur: i is 0 or 11 ? 0 : 0.4);
}).ToArray(), S, S)));

var centres = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, 8).Select(_ => Noise(6)).ToArray()).ToArray();
Save("latent-scatter", VaeFigures.LatentScatter(Enumerable.Range(0, 1000).Select(i =>
{
    var label = i % 10;
    return new LabelledLatent(centres[label].Select(c => c + Noise(1.6)).ToArray(), label);
}).ToArray()));

// ---- one sweep ----------------------------------------------------------------------------------
// Shaped like Table 1 of Burda et al. (2016), MNIST, one stochastic layer (test log-likelihood, nats).
Save("bound-vs-k", SweepFigures.BoundVsK(
[
    new("VAE", 1, -86.76), new("VAE", 5, -86.47), new("VAE", 50, -86.35),
    new("IWAE", 1, -86.76), new("IWAE", 5, -85.54), new("IWAE", 50, -84.78),
]));

var betaResults = new List<BetaMetric>();
foreach (var beta in new[] { 0.25, 0.5, 1, 2, 4, 8 })
    foreach (var seed in new[] { 1, 2 })
    {
        var kl = 40 / Math.Pow(beta, 0.8) + Noise(0.5);
        betaResults.Add(new BetaMetric(beta, "test log-likelihood", -86 - 3 * Math.Pow(Math.Log2(beta) - 0.1, 2) + Noise(0.3)));
        betaResults.Add(new BetaMetric(beta, "KL (nats)", kl));
        betaResults.Add(new BetaMetric(beta, "active units", Math.Round(Math.Clamp(45 - 8 * Math.Log2(beta) + Noise(1), 0, 50))));
    }
Save("metrics-vs-beta", SweepFigures.MetricsVsBeta(betaResults));

var schedules = new (string Name, double Mean)[] { ("constant", -86.9), ("linear(100)", -86.2), ("sigmoid", -86.4), ("cyclical(M=4,R=0.5)", -85.8) };
Save("loglik-by-schedule", SweepFigures.LogLikelihoodBySchedule(
    schedules.SelectMany(s => Enumerable.Range(0, 3).Select(_ => new ScheduleResult(s.Name, s.Mean + Noise(0.4)))).ToArray()));

Save("sweep-learning-curves", SweepFigures.LearningCurves(
    new[] { ("elbo, k=1", -89.0), ("elbo, k=5", -88.6), ("elbo, k=50", -88.4), ("iwae, k=1", -89.0), ("iwae, k=5", -87.7), ("iwae, k=50", -86.9) }
        .Select((p, i) => new RunCurve(p.Item1, Curve(60, p.Item2, 10 + i, 25, 5, 0.3))).ToArray(),
    "training bound of each point's objective", "test log p(x), IWAE bound K=5000"));

// ---- compare --figure -----------------------------------------------------------------------------
Save("compare-by-run", ComparisonFigures.MetricByRun("test_loglik", ["quickstart-1", "quickstart-2", "iwae-k5", "iwae-k50"],
    [-98.2, -97.6, -95.1, -94.3], "nats per example"));
Save("compare-vs-parameter", ComparisonFigures.MetricVsParameter("active_units", "objective.beta", [0.25, 0.5, 1, 2, 4, 8],
    [48, 41, 30, 19, 11, 6], "units"));

using Research.FigureExamples;
using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;

// Writes every standard figure, drawn from synthetic data, to the folder given (default results/figures).
// Run through tools/figures-examples.sh, which also renders the SVGs to PNG with rsvg-convert to look at them.
var dir = args.Length > 0 ? args[0] : Path.Combine("results", "figures");
Directory.CreateDirectory(dir);
var rng = new Random(7);
double Noise(double scale) => scale * (rng.NextDouble() + rng.NextDouble() - 1);
void Svg(string name, string svg) => File.WriteAllText(Path.Combine(dir, name + ".svg"), svg);
void Png(string name, byte[] png) => File.WriteAllBytes(Path.Combine(dir, name + ".png"), png);
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
Svg("learning-curves", VaeFigures.LearningCurves(Curve(100, -88, 12, 25, 10, 0.4), "ELBO"));

var steps = Enumerable.Range(0, 201).Select(i => (long)i * 100).ToArray();
Svg("kl-weight", VaeFigures.KlWeight(steps.Select(t =>
{
    var phase = t % 5000 / 5000.0; // cyclical: 4 cycles over 20k steps, ratio R = 0.5
    return new KlWeightPoint(t, Math.Min(1, phase / 0.5));
}).ToArray()));

Svg("kl-per-dimension", VaeFigures.KlPerDimension(Enumerable.Range(0, 50).Select(d =>
{
    var active = d % 3 != 1 && d < 40;
    return new LatentUnit(d, active ? 0.4 + 4 * rng.NextDouble() : 0.002 * rng.NextDouble(), active ? 0.1 + rng.NextDouble() : 1e-4);
}).ToArray()));

Png("prior-samples", VaeFigures.PriorSamples(new ImageSet(Enumerable.Range(0, 50).Select(_ => SyntheticImages.Random(rng, blur: 0.8)).ToArray(), S, S)));

var inputs = Enumerable.Range(0, 20).Select(_ => SyntheticImages.Random(rng)).ToArray();
Png("reconstructions", VaeFigures.Reconstructions(new ImageSet(inputs, S, S),
    new ImageSet(inputs.Select(SyntheticImages.Blurred).ToArray(), S, S)));

var values = Enumerable.Range(0, 9).Select(i => -2 + 0.5 * i).ToArray();
Png("latent-traversals", VaeFigures.LatentTraversals(
[
    new LatentTraversal(0, values, new ImageSet(values.Select(v => SyntheticImages.Shape(7 + 1.5 * v, 9, 0.3, 1.6, 0)).ToArray(), S, S)),
    new LatentTraversal(1, values, new ImageSet(values.Select(v => SyntheticImages.Shape(6, 9, 0.3 + 0.5 * v, 1.6, 0)).ToArray(), S, S)),
    new LatentTraversal(2, values, new ImageSet(values.Select(v => SyntheticImages.Shape(6, 9, 0.3, 1.6, 0.25 * (v + 2))).ToArray(), S, S)),
    new LatentTraversal(3, values, new ImageSet(values.Select(v => SyntheticImages.Shape(6, 9, 0.3, 1.2 + 0.3 * (v + 2), 0)).ToArray(), S, S)),
]));

Png("interpolation", VaeFigures.Interpolation(new ImageSet(Enumerable.Range(0, 10).Select(i =>
{
    var t = i / 9.0;
    return SyntheticImages.Shape(9 - 5 * t, 9, 0.2 + 1.2 * t, 1.6, t, blur: i is 0 or 9 ? 0 : 0.4);
}).ToArray(), S, S)));

var centres = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, 8).Select(_ => Noise(6)).ToArray()).ToArray();
Svg("latent-scatter", VaeFigures.LatentScatter(Enumerable.Range(0, 1000).Select(i =>
{
    var label = i % 10;
    return new LabelledLatent(centres[label].Select(c => c + Noise(1.6)).ToArray(), label);
}).ToArray()));

// ---- one sweep ----------------------------------------------------------------------------------
// Shaped like Table 1 of Burda et al. (2016), MNIST, one stochastic layer (test log-likelihood, nats).
Svg("bound-vs-k", SweepFigures.BoundVsK(
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
Svg("metrics-vs-beta", SweepFigures.MetricsVsBeta(betaResults));

var schedules = new (string Name, double Mean)[] { ("constant", -86.9), ("linear(100)", -86.2), ("sigmoid", -86.4), ("cyclical(M=4,R=0.5)", -85.8) };
Svg("loglik-by-schedule", SweepFigures.LogLikelihoodBySchedule(
    schedules.SelectMany(s => Enumerable.Range(0, 3).Select(_ => new ScheduleResult(s.Name, s.Mean + Noise(0.4)))).ToArray()));

Svg("sweep-learning-curves", SweepFigures.LearningCurves(
    new[] { ("elbo k=1", -89.0), ("elbo k=5", -88.6), ("elbo k=50", -88.4), ("iwae k=1", -89.0), ("iwae k=5", -87.7), ("iwae k=50", -86.9) }
        .Select((p, i) => new RunCurve(p.Item1, Curve(60, p.Item2, 10 + i, 25, 5, 0.3))).ToArray(), "bound"));

// ---- a heatmap (e.g. a correlation matrix of latent means) --------------------------------------
Png("heatmap", PngEncoder.Encode(Heatmap.Render(Enumerable.Range(0, 16).Select(i =>
    Enumerable.Range(0, 16).Select(j => Math.Exp(-Math.Abs(i - j) / 3.0) * Math.Cos(i * j * 0.1)).ToArray()).ToArray(), ColorMap.Viridis, cellSize: 12)));

Console.WriteLine($"figure examples written to {dir}");

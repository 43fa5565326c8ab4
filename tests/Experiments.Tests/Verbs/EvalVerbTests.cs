using System.Globalization;
using Research.Experiments.Runner;
using Research.Experiments.Verbs;
using Research.Framework.Evaluation;
using Research.Framework.Randomness;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Verbs;

public class EvalVerbTests
{
    private TrainedRunFixture _fixture = null!;

    [SetUp]
    public async Task SetUp() => _fixture = await TrainedRunFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _fixture.DisposeAsync();

    private async Task<(int Code, string Output, string Errors)> Eval(EvalRequest request)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await EvalVerb.RunAsync(request with { TrackingUri = request.TrackingUri ?? _fixture.TrackingUri }, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    /// <summary>What the verb should compute: the Evaluator on the spec's evaluation set, seeded with <paramref name="seed"/>.</summary>
    private static EvaluationResult Direct(int k, int batchSize, ulong seed)
    {
        var spec = TrainedRunFixture.Spec;
        var (_, test) = DataSource.Load(spec.Data, _ => { });
        var batches = DataSource.Batches(DataSource.EvaluationData(spec, test), batchSize);
        return Evaluator.Evaluate(TrainedRunFixture.Model, batches, EvalVerb.Options(spec, k), new Rng(seed));
    }

    private static string F4(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    [Test]
    public void Fixture_TrainedModel_LossWentDown()
    {
        var (before, after) = TrainedRunFixture.Losses;
        Assert.That(after, Is.LessThan(before - 20), $"loss {before:F1} -> {after:F1}");
    }

    [Test]
    public async Task Run_RunId_PrintsWhatTheEvaluatorGivesWithTheSameSeed()
    {
        var (code, output, errors) = await Eval(new EvalRequest(_fixture.TrainedRunId, K: 64, BatchSize: 7, Seed: 11));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var expected = Direct(k: 64, batchSize: 7, seed: 11);
        Assert.That(output, Does.Contain($"log p(x)        {F4(expected.LogLikelihood),12} nats"));
        Assert.That(output, Does.Contain($"ELBO            {F4(expected.Elbo),12} nats"));
        Assert.That(output, Does.Contain($"reconstruction  {F4(expected.Reconstruction),12} nats"));
        Assert.That(output, Does.Contain($"KL              {F4(expected.Kl),12} nats"));
        Assert.That(output, Does.Contain($"active units    {expected.ActiveUnits.Count,12} of 2"));
        Assert.That(output, Does.Contain(_fixture.TrainedRunId).And.Contain("point-beta-1").And.Contain("20 test images"));
        Assert.That(expected.LogLikelihood, Is.GreaterThanOrEqualTo(expected.Elbo - 1.0), "IWAE_64 is at least about the ELBO");
    }

    [Test]
    public async Task Run_Defaults_TakeTheSpecsKAndSeed()
    {
        var (code, output, errors) = await Eval(new EvalRequest(_fixture.TrainedFolder));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var spec = TrainedRunFixture.Spec;
        var expected = Direct(spec.Eval.NllK, spec.Eval.BatchSize, (ulong)spec.Seed);
        Assert.That(output, Does.Contain($"K = {spec.Eval.NllK}").And.Contain(F4(expected.LogLikelihood)));
    }

    [Test]
    public async Task Run_TestSubset_EvaluatesThatManyImages()
    {
        var (code, output, errors) = await Eval(new EvalRequest(_fixture.TrainedRunId, K: 5, TestSubset: 6));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(output, Does.Contain("6 test images"));
    }

    [Test]
    public async Task Run_Log_AddsTheMetricsToTheRunAndKeepsItsStatus()
    {
        var (code, output, errors) = await Eval(new EvalRequest(_fixture.TrainedRunId, K: 32, Seed: 5, Log: true));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var run = await _fixture.Store.GetRunAsync(_fixture.TrainedRunId);
        var expected = Direct(k: 32, batchSize: TrainedRunFixture.Spec.Eval.BatchSize, seed: 5);
        Assert.That(run.LatestMetrics["eval_loglik_k32"].Value, Is.EqualTo(expected.LogLikelihood).Within(1e-9));
        Assert.That(run.LatestMetrics["eval_elbo"].Value, Is.EqualTo(expected.Elbo).Within(1e-9));
        Assert.That(run.LatestMetrics["eval_active_units"].Value, Is.EqualTo(expected.ActiveUnits.Count));
        Assert.That(run.LatestMetrics.Keys, Does.Contain("eval_reconstruction").And.Contain("eval_kl"));
        Assert.That(run.LatestMetrics["test_loglik"].Value, Is.EqualTo(TrainedRunFixture.LogLikelihoods["point-beta-1"]), "training metrics stay");
        Assert.That(run.Info.Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(output, Does.Contain("eval_loglik_k32"));
    }

    [Test]
    public async Task Run_LogWithAFolder_NeedsARunId()
    {
        var (code, _, errors) = await Eval(new EvalRequest(_fixture.TrainedFolder, K: 5, Log: true));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--log").And.Contain("run"));
    }

    [TestCase(0, null, null, "--k")]
    [TestCase(null, 0, null, "--batch-size")]
    [TestCase(null, null, -1, "--test-subset")]
    public async Task Run_OutOfRangeSetting_NamesTheOption(int? k, int? batchSize, int? testSubset, string option)
    {
        var (code, _, errors) = await Eval(new EvalRequest(_fixture.TrainedRunId, K: k, BatchSize: batchSize, TestSubset: testSubset));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain(option));
    }
}

using Research.Experiments.Artifacts;
using Research.Framework.Tracking;
using static Research.Experiments.Tests.Artifacts.ArtifactFixtures;

namespace Research.Experiments.Tests.Artifacts;

public class SweepArtifactsTests
{
    private const string KGrid = """
        sweep:
          grid:
            objective.kind: [elbo, iwae]
            objective.k: [1, 5, 50]
        """;

    private const string BetaGrid = """
        sweep:
          grid:
            objective.beta: [0.25, 1.0, 4.0]
            seed: [1, 2]
        """;

    private const string ScheduleGrid = """
        sweep:
          grid:
            objective.kl_schedule: [constant, { linear: { warmup_epochs: 1 } }, { linear: { warmup_epochs: 2 } }]
        """;

    [Test]
    public void Render_KindByKGrid_BoundVsKWithOneLinePerKind()
    {
        var artifacts = SweepArtifacts.Render(Results(Spec(2, KGrid)));
        Assert.That(artifacts.Select(a => a.Path), Is.EqualTo(new[]
            { "figures/bound_vs_k.png", "figures/bound_vs_k.svg", "figures/learning_curves.png", "figures/learning_curves.svg", "summary.md", "summary.csv" }));
        AssertFigurePng(Find(artifacts, "figures/bound_vs_k.png"));
        var texts = SvgTexts(Find(artifacts, "figures/bound_vs_k.svg"));
        Assert.That(texts, Is.SupersetOf(new[] { "elbo", "iwae" }), "a legend entry per kind");
        Assert.That(texts, Is.SupersetOf(new[] { "1", "5", "50" }), "a tick per K");
    }

    [Test]
    public void Render_BetaGrid_MetricsVsBetaAndNoBoundVsK()
    {
        var artifacts = SweepArtifacts.Render(Results(Spec(2, BetaGrid)));
        var paths = artifacts.Select(a => a.Path).ToArray();
        Assert.That(paths, Does.Contain("figures/metrics_vs_beta.png").And.Not.Contain("figures/bound_vs_k.png").And.Not.Contain("figures/loglik_by_schedule.png"));
        AssertFigurePng(Find(artifacts, "figures/metrics_vs_beta.png"));
        var texts = SvgTexts(Find(artifacts, "figures/metrics_vs_beta.svg"));
        Assert.That(texts, Is.SupersetOf(new[] { "test reconstruction (nats)", "test KL (nats)", "test log-likelihood (nats)", "active units" }),
            "a panel per metric");
    }

    [Test]
    public void Render_ScheduleGrid_LogLikelihoodBySchedule()
    {
        var artifacts = SweepArtifacts.Render(Results(Spec(2, ScheduleGrid)));
        AssertFigurePng(Find(artifacts, "figures/loglik_by_schedule.png"));
        Assert.That(SvgTexts(Find(artifacts, "figures/loglik_by_schedule.svg")),
            Is.SupersetOf(new[] { "constant", "linear(warmup_epochs=1)", "linear(warmup_epochs=2)" }));
    }

    [Test]
    public void Render_LearningCurves_EveryPointWithHistory()
    {
        var results = Results(Spec(2, KGrid), p => p.Index == 4 ? (RunStatus.Failed, "non-finite loss") : (RunStatus.Finished, null));
        var artifacts = SweepArtifacts.Render(results);
        AssertFigurePng(Find(artifacts, "figures/learning_curves.png"));
        var texts = SvgTexts(Find(artifacts, "figures/learning_curves.svg"));
        Assert.That(texts, Is.SupersetOf(new[] { "elbo, k=1", "elbo, k=5", "elbo, k=50", "iwae, k=1", "iwae, k=5 (failed)", "iwae, k=50" }),
            "a legend entry per point, named by its swept values");
        Assert.That(texts, Does.Contain("training bound of each point's objective (nats per example)"), "the points' objectives differ");
        Assert.That(texts, Has.Some.StartsWith("test log p(x), IWAE bound K="), "the test curves name their bound");
    }

    [Test]
    public void Render_FailedPoint_ListedWithReasonButNotInFinalFigures()
    {
        var results = Results(Spec(2, KGrid), p => p.Index == 4 ? (RunStatus.Failed, "non-finite loss (NaN), at \"epoch\" 2") : (RunStatus.Finished, null));
        var artifacts = SweepArtifacts.Render(results);
        AssertFigurePng(Find(artifacts, "figures/bound_vs_k.png"));
        var csv = Text(Find(artifacts, "summary.csv")).TrimEnd('\n').Split('\n');
        Assert.That(csv[5], Does.StartWith("4,run04,FAILED,iwae,5,").And.EndWith(",\"non-finite loss (NaN), at \"\"epoch\"\" 2\""),
            "the reason quoted for its comma and quotes");
        Assert.That(csv[5].Split(',')[5..10], Has.All.Not.Empty, "the metrics it had when it failed");
        var md = Text(Find(artifacts, "summary.md"));
        Assert.That(md, Does.Contain("6 points: 5 finished, 1 failed."));
        Assert.That(md, Does.Contain("| 4 | run04 | FAILED | iwae | 5 |"));
        Assert.That(md, Does.Contain("non-finite loss (NaN), at \"epoch\" 2 |"));
    }

    [Test]
    public void Render_Summary_OneRowPerPointInOrderWithSweptColumns()
    {
        var results = Results(Spec(2, KGrid)).Reverse().ToArray();
        var csv = Text(Find(SweepArtifacts.Render(results), "summary.csv")).TrimEnd('\n').Split('\n');
        Assert.That(csv[0], Is.EqualTo("index,run_id,status,objective.kind,objective.k,test_loglik,test_elbo,test_kl,active_units,train_loss,failure_reason"));
        Assert.That(csv, Has.Length.EqualTo(7));
        Assert.That(csv.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(new[] { "0", "1", "2", "3", "4", "5" }), "point order, whatever order they came in");
        Assert.That(csv[6].Split(',')[1..5], Is.EqualTo(new[] { "run05", "FINISHED", "iwae", "50" }));
        Assert.That(csv.Skip(1).All(l => l.Split(',').Length == 11 && l.Split(',')[5].Length > 0), Is.True, "finished points have a test log-likelihood");
    }

    [Test]
    public void Render_Summary_NamesTheBestPointAndLinksTheFigures()
    {
        var md = Text(Find(SweepArtifacts.Render(Results(Spec(2, KGrid))), "summary.md"));
        Assert.That(md, Does.Contain("point 5 (iwae, k=50)"));
        Assert.That(md, Does.Contain("- [figures/bound_vs_k.png](figures/bound_vs_k.png)").And.Not.Contain("bound_vs_k.svg"));
    }

    [Test]
    public void Render_SameResults_SameBytes()
    {
        var (a, b) = (SweepArtifacts.Render(Results(Spec(2, BetaGrid))), SweepArtifacts.Render(Results(Spec(2, BetaGrid))));
        Assert.That(b.Select(x => x.Path), Is.EqualTo(a.Select(x => x.Path)));
        for (var i = 0; i < a.Count; i++) Assert.That(b[i].Content, Is.EqualTo(a[i].Content), a[i].Path);
    }

    [Test]
    public void Render_NoSweep_OnlyCurvesAndSummary()
    {
        var artifacts = SweepArtifacts.Render(Results(Spec(2)));
        Assert.That(artifacts.Select(a => a.Path), Is.EqualTo(new[] { "figures/learning_curves.png", "figures/learning_curves.svg", "summary.md", "summary.csv" }));
        Assert.That(Text(Find(artifacts, "summary.csv")).Split('\n')[1], Does.StartWith("0,run00,FINISHED,"));
    }

    [Test]
    public void Render_NoResults_EmptySummaryOnly()
    {
        var artifacts = SweepArtifacts.Render([]);
        Assert.That(artifacts.Select(a => a.Path), Is.EqualTo(new[] { "summary.md", "summary.csv" }));
        Assert.That(Text(Find(artifacts, "summary.md")), Does.Contain("0 points.\n"));
        Assert.That(Text(Find(artifacts, "summary.csv")), Is.EqualTo("index,run_id,status,test_loglik,test_elbo,test_kl,active_units,train_loss,failure_reason\n"));
    }
}

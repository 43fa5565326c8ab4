using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tests.Specs;

namespace Research.Framework.Tests.Sweeps;

public class SweepExpanderTests
{
    private static IReadOnlyList<SweepPoint> Expand(string yaml) => SweepExpander.ExpandAll(SpecLoader.Parse(yaml, "s.yaml"));

    private static object?[] Column(IEnumerable<SweepPoint> points, string key) => [.. points.Select(p => p.Overrides[key])];

    [Test]
    public void NoSweep_IsOnePointWithoutOverrides()
    {
        var spec = SpecLoader.Parse("objective: { k: 3 }");

        var points = SweepExpander.ExpandAll(spec);

        Assert.That(points, Has.Count.EqualTo(1));
        Assert.That((points[0].Index, points[0].Overrides.Count, points[0].Spec), Is.EqualTo((0, 0, spec)));
    }

    [Test]
    public void Grid_IsCartesian_FirstAxisSlowest()
    {
        var points = Expand("sweep: { grid: { objective.kind: [elbo, iwae], objective.k: [1, 5, 50] } }");

        Assert.That(points, Has.Count.EqualTo(6));
        Assert.That(points.Select(p => p.Index), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
        Assert.That(points.Select(p => $"{p.Spec.Objective.Kind.Name}/{p.Spec.Objective.K}"),
            Is.EqualTo(new[] { "elbo/1", "elbo/5", "elbo/50", "iwae/1", "iwae/5", "iwae/50" }));
        Assert.That(points[4].Overrides.Keys, Is.EqualTo(new[] { "objective.kind", "objective.k" }));
        Assert.That(points.All(p => p.Spec.Sweep is null));
        Assert.That(SweepExpander.Count(SpecLoader.Parse("sweep: { grid: { objective.kind: [elbo, iwae], objective.k: [1, 5, 50] } }")), Is.EqualTo(6));
    }

    [Test]
    public void Zip_PairsTheLists()
    {
        var points = Expand("sweep: { zip: { objective.beta: [0.5, 1.0, 4.0], seed: [1, 2, 3] } }");

        Assert.That(points.Select(p => (p.Spec.Objective.Beta, p.Spec.Seed)),
            Is.EqualTo(new[] { (0.5, 1), (1.0, 2), (4.0, 3) }));
    }

    [Test]
    public void Zip_UnequalLengths_IsAnError()
    {
        var e = Assert.Throws<SpecException>(() =>
            SpecLoader.Parse("sweep:\n  zip: { objective.beta: [0.5, 1.0], seed: [1, 2, 3] }\n", "s.yaml"))!;

        var error = e.Errors.Single();
        Assert.That((error.Line, error.KeyPath), Is.EqualTo((2, "sweep.zip")));
        Assert.That(error.Message, Is.EqualTo("zip lists must have equal lengths, got objective.beta: 2, seed: 3"));
    }

    [Test]
    public void GridTimesZip_ZipVariesFastest()
    {
        const string Yaml = """
            sweep:
              grid: { objective.kind: [elbo, iwae] }
              zip: { objective.k: [1, 5], seed: [10, 20] }
            """;

        var points = Expand(Yaml);

        Assert.That(points.Select(p => $"{p.Spec.Objective.Kind.Name}/{p.Spec.Objective.K}/{p.Spec.Seed}"),
            Is.EqualTo(new[] { "elbo/1/10", "elbo/5/20", "iwae/1/10", "iwae/5/20" }));
    }

    [Test]
    public void Grid_OverWholeSubMappingsAndSeeds()
    {
        const string Yaml = """
            sweep:
              grid:
                objective.kl_schedule: [constant, { linear: { warmup_steps: 1000 } }, { cyclical: { cycles: 4, ratio: 0.5 } }]
                seed: [1, 2]
            """;

        var points = Expand(Yaml);

        Assert.That(points, Has.Count.EqualTo(6));
        Assert.That(points[2].Spec.Objective.KlSchedule.Name, Is.EqualTo("linear"));
        Assert.That(points[2].Spec.Objective.KlSchedule.GetInt("warmup_steps"), Is.EqualTo(1000));
        Assert.That(points[2].Spec.Objective.KlSchedule.GetInt("warmup_epochs"), Is.EqualTo(0));
        Assert.That(points[2].Overrides["objective.kl_schedule"],
            Is.EqualTo(new ComponentSpec("linear", new ValueMap([new("warmup_steps", 1000)]))), "overrides are as written");
        Assert.That(points[5].Spec.Objective.KlSchedule.GetInt("cycles"), Is.EqualTo(4));
        Assert.That(Column(points, "seed"), Is.EqualTo(new object[] { 1, 2, 1, 2, 1, 2 }));
    }

    [Test]
    public void Grid_IntoComponentOptions_SwitchesComponent()
    {
        var points = Expand("model: { posterior: gaussian }\nsweep: { grid: { model.posterior.planar.length: [1, 10] } }\n");

        Assert.That(points.Select(p => p.Spec.Model.Posterior), Is.EqualTo(new[]
        {
            new ComponentSpec("planar", new ValueMap([new("length", 1)])),
            new ComponentSpec("planar", new ValueMap([new("length", 10)])),
        }));
    }

    [Test]
    public void Random_SameSeed_SamePoints_DifferentSeed_Differ()
    {
        const string Yaml = """
            sweep:
              random:
                n: 8
                seed: 42
                params:
                  objective.beta: { log_uniform: [0.1, 10.0] }
                  objective.free_bits: { uniform: [0.0, 0.5] }
                  objective.k: { int: [1, 50] }
                  objective.kind: [elbo, iwae]
            """;

        var a = Expand(Yaml);
        var b = Expand(Yaml);
        var c = Expand(Yaml.Replace("seed: 42", "seed: 43"));

        Assert.That(a, Has.Count.EqualTo(8));
        Assert.That(a.Select(p => p.Spec), Is.EqualTo(b.Select(p => p.Spec)));
        Assert.That(Column(a, "objective.beta"), Is.Not.EqualTo(Column(c, "objective.beta")));
        Assert.That(a.Select(p => p.Spec.Objective.Beta), Is.All.InRange(0.1, 10.0));
        Assert.That(a.Select(p => p.Spec.Objective.FreeBits), Is.All.InRange(0.0, 0.5));
        Assert.That(Column(a, "objective.k"), Is.All.InstanceOf<int>().And.All.InRange(1, 50));
        Assert.That(a.Select(p => p.Spec.Objective.Kind.Name), Is.All.AnyOf("elbo", "iwae"));
        Assert.That(a.Select(p => p.Spec.Objective.Beta).Distinct().Count(), Is.EqualTo(8));
    }

    [Test]
    public void Random_PointDrawsDoNotDependOnN()
    {
        const string Yaml = "sweep: { random: { n: 3, seed: 5, params: { objective.beta: { uniform: [0, 1] } } } }";

        var three = Expand(Yaml);
        var five = Expand(Yaml.Replace("n: 3", "n: 5"));

        Assert.That(Column(five, "objective.beta").Take(3), Is.EqualTo(Column(three, "objective.beta")));
    }

    [Test]
    public void Random_LogUniform_CoversTheDecadesEvenly()
    {
        var points = Expand("sweep: { random: { n: 1000, seed: 1, params: { objective.beta: { log_uniform: [0.01, 100.0] } } } }");

        // log10(beta) is uniform on [-2, 2]: a quarter of the draws per decade; tolerance 4 standard errors.
        var belowOne = points.Count(p => p.Spec.Objective.Beta < 1) / 1000.0;
        var belowTenth = points.Count(p => p.Spec.Objective.Beta < 0.1) / 1000.0;
        Assert.That(belowOne, Is.EqualTo(0.5).Within(4 * 0.0158));
        Assert.That(belowTenth, Is.EqualTo(0.25).Within(4 * 0.0137));
    }

    [Test]
    public void InvalidSweptValue_FailsAtLoad_NamingTheSweepKey()
    {
        const string Yaml = """
            sweep:
              grid:
                objective.k: [1, 0, 5]
                objective.beta: [1.0, -2.0]
            """;

        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(Yaml, "s.yaml"))!;

        Assert.That(e.Errors.Select(x => x.ToString()), Is.EqualTo(new[]
        {
            "s.yaml:3:22: sweep.grid.objective.k[1]: must be >= 1, got 0",
            "s.yaml:4:27: sweep.grid.objective.beta[1]: must be >= 0, got -2",
        }));
    }

    [TestCase("sweep: { grid: { objective.k: [] } }", "sweep.grid.objective.k", "empty list: a swept key needs at least one value")]
    [TestCase("sweep: { grid: { objective.kk: [1] } }", "sweep.grid.objective.kk", "unknown key 'objective.kk'; did you mean 'objective.k'?")]
    [TestCase("sweep: { grid: { model.prior: [standard_normal, vamprior] } }", "sweep.grid.model.prior[1]", "unknown prior 'vamprior'; did you mean 'vampprior'?")]
    [TestCase("sweep: { grid: { objective.k: 5 } }", "sweep.grid.objective.k", "expected a list of values, got 5")]
    [TestCase("sweep: { gird: { objective.k: [1] } }", "sweep.gird", "unknown key; did you mean 'grid'?")]
    [TestCase("sweep: {}", "sweep", "declares no axes: give grid, zip or random")]
    [TestCase("sweep: { grid: { objective.k: [1] }, zip: { objective.k: [2] } }", "sweep.zip.objective.k", "'objective.k' is swept more than once")]
    [TestCase("sweep: { random: { n: 2, params: { objective.k: { uniform: [1, 5] } } } }", "sweep.random.params.objective.k.uniform", "uniform draws floats but the key is int >= 1; use { int: [low, high] }")]
    [TestCase("sweep: { random: { n: 2, params: { objective.beta: { log_uniform: [0, 5] } } } }", "sweep.random.params.objective.beta.log_uniform", "log_uniform needs low > 0, got 0.0")]
    [TestCase("sweep: { random: { n: 2, params: { objective.k: { int: [0, 5] } } } }", "sweep.random.params.objective.k.int[0]", "must be >= 1, got 0")]
    [TestCase("sweep: { random: { n: 0, params: { seed: [1] } } }", "sweep.random.n", "must be >= 1, got 0")]
    [TestCase("sweep: { random: { params: { seed: [1] } } }", "sweep.random", "missing n, the number of points to draw")]
    [TestCase("sweep: { random: { n: 2, params: { objective.beta: { normal: [0, 1] } } } }", "sweep.random.params.objective.beta.normal", "unknown distribution 'normal'")]
    public void InvalidSweep_IsAnError(string yaml, string keyPath, string messageStart)
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(yaml, "s.yaml"))!;

        var error = e.Errors.Single();
        Assert.That(error.KeyPath, Is.EqualTo(keyPath));
        Assert.That(error.Message, Does.StartWith(messageStart));
    }

    [Test]
    public void InvalidPoint_InAProgrammaticSweep_FailsWhenExpanded_NamingTheSweepKey()
    {
        var spec = SpecLoader.Defaults() with
        {
            Sweep = new SweepSpec([new SweepAxis("objective.k", [3, 0])], [], null),
        };

        var points = SweepExpander.Expand(spec);
        using var e = points.GetEnumerator();
        Assert.That(e.MoveNext());
        Assert.That(e.Current.Spec.Objective.K, Is.EqualTo(3));
        var ex = Assert.Throws<SpecException>(() => e.MoveNext())!;

        Assert.That(ex.Errors.Single().ToString(),
            Is.EqualTo("sweep point 1 (set by sweep.grid.objective.k): objective.k: must be >= 1, got 0"));
        var all = Assert.Throws<SpecException>(() => SweepExpander.ExpandAll(spec with
        {
            Sweep = new SweepSpec([new SweepAxis("objective.k", [0, 3, -1])], [], null),
        }))!;
        Assert.That(all.Errors.Select(x => x.File), Is.EqualTo(new[]
        {
            "sweep point 0 (set by sweep.grid.objective.k)", "sweep point 2 (set by sweep.grid.objective.k)",
        }));
    }

    [Test]
    public void Grid_OverAWholeMapping_MergesIntoIt()
    {
        var points = Expand("model: { encoder: { activation: relu } }\nsweep: { grid: { model.encoder: [{ mlp: [100] }, { mlp: [300, 300] }] } }\n");

        Assert.That(points.Select(p => p.Spec.Model.Encoder), Is.EqualTo(new[]
        {
            new NetworkSpec([100], new ComponentSpec("relu"), []),
            new NetworkSpec([300, 300], new ComponentSpec("relu"), []),
        }));
    }

    [Test]
    public void Expand_IsLazy()
    {
        var spec = SpecLoader.Parse("sweep: { random: { n: 1000000, seed: 1, params: { seed: { int: [0, 1000] } } } }");

        var first = SweepExpander.Expand(spec).Take(2).ToList();

        Assert.That(first.Select(p => p.Index), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(SweepExpander.Count(spec), Is.EqualTo(1000000));
    }

    [Test]
    public void SweepSpec_RoundTripsThroughYaml()
    {
        var spec = SpecLoader.Parse(SpecFiles.FullExample, "x.yaml");
        var again = SpecLoader.Parse(SpecWriter.ToYaml(spec), "y.yaml");

        Assert.That(again.Sweep, Is.EqualTo(spec.Sweep));
        Assert.That(SweepExpander.ExpandAll(again).Select(p => p.Spec), Is.EqualTo(SweepExpander.ExpandAll(spec).Select(p => p.Spec)));
        Assert.That(SweepExpander.ExpandAll(spec), Has.Count.EqualTo(2 * 3 * 2 * 3));
    }
}

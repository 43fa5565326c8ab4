using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

public class SpecParamsTests
{
    [Test]
    public void Flatten_GivesDottedKeysAndInvariantText()
    {
        var spec = SpecLoader.Parse(SpecFiles.FullExample, "x.yaml");

        var p = SpecParams.Flatten(spec);

        Assert.That(p["model.latent"], Is.EqualTo("50"));
        Assert.That(p["model.encoder.mlp"], Is.EqualTo("[200, 200]"));
        Assert.That(p["model.encoder.activation"], Is.EqualTo("tanh"));
        Assert.That(p["model.posterior"], Is.EqualTo("iaf"));
        Assert.That(p["model.posterior.iaf.length"], Is.EqualTo("4"));
        Assert.That(p["model.layers"], Is.EqualTo("[{latent: 100, hidden: [200, 200]}, {latent: 50, hidden: [100, 100]}]"));
        Assert.That(p["objective.beta"], Is.EqualTo("1.0"));
        Assert.That(p["train.optimizer.adam.lr"], Is.EqualTo("0.001"));
        Assert.That(p["train.optimizer.adam.eps"], Is.EqualTo("0.0001"));
        Assert.That(p["objective.analytic_kl"], Is.EqualTo("true"));
        Assert.That(p["objective.free_bits_groups"], Is.EqualTo("0"));
        Assert.That(p["description"], Is.EqualTo("IWAE, table 1: k in {1, 5, 50}"));
        Assert.That(p.Keys.Any(k => k.StartsWith("sweep", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void Flatten_EveryKeyIsASetPathThatReproducesTheSpec()
    {
        var spec = SpecLoader.Parse(SpecFiles.FullExample, "x.yaml") with { Sweep = null };
        var p = SpecParams.Flatten(spec);

        var rebuilt = SpecLoader.Parse("", "other.yaml", p.Select(kv =>
            $"{kv.Key}={(kv.Key is "name" or "description" ? $"'{kv.Value}'" : kv.Value)}"));

        Assert.That(rebuilt, Is.EqualTo(spec));
    }
}

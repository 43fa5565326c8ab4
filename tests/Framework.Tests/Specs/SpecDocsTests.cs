using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

public class SpecDocsTests
{
    private const string Begin = "<!-- BEGIN GENERATED: spec keys (SpecDocsTests.WriteReadme) -->";
    private const string End = "<!-- END GENERATED -->";

    /// <summary>The framework's own components: the ones this test project declares (TestComponents/) are not shipped.</summary>
    private static SpecSchema Shipped =>
        SpecSchema.WithCatalog(ComponentCatalog.FromDeclarations(ComponentDeclarations.Declarations(typeof(SpecSchema).Assembly)));

    private static string Generated() =>
        "### Keys\n\n" + SpecDocs.KeyTable(Shipped) + "\n### Components\n\n" + SpecDocs.ComponentTables(Shipped);

    private static string ReadmePath()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Research.sln")))
            dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root"), "experiments", "README.md");
    }

    [Test]
    public void KeyTable_ListsEveryKeyWithItsDefault()
    {
        var table = SpecDocs.KeyTable();

        Assert.That(table, Does.Contain("| `objective.k` | int >= 1 | `1` | importance samples per data point |"));
        Assert.That(table, Does.Contain("| `model.layers[].latent` | int >= 1 |"));
        Assert.That(table, Does.Contain("| `data.train_subset` |"));
    }

    [Test]
    public void ComponentTables_ListEveryComponentAndItsOptions()
    {
        var tables = SpecDocs.ComponentTables();

        Assert.That(tables, Does.Contain("| `planar` | `length`: int >= 0 = `10`"));
        Assert.That(tables, Does.Contain("#### Posteriors (`model.posterior`)"));
    }

    [Test]
    public void Readme_GeneratedSection_MatchesTheSchema()
    {
        var readme = File.ReadAllText(ReadmePath()).ReplaceLineEndings("\n");
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.That(start >= 0 && end > start, "experiments/README.md has the generated markers");

        var section = readme[(start + Begin.Length)..end].Trim('\n');

        Assert.That(section, Is.EqualTo(Generated().Trim('\n')),
            "experiments/README.md is out of date: run the explicit test SpecDocsTests.WriteReadme");
    }

    [Test]
    public void Readme_YamlExamples_AreValidSpecs()
    {
        var readme = File.ReadAllText(ReadmePath()).ReplaceLineEndings("\n");
        var blocks = readme.Split("```yaml\n").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).ToList();

        Assert.That(blocks, Has.Count.GreaterThanOrEqualTo(3));
        foreach (var block in blocks.Where(b => !b.Contains("base:", StringComparison.Ordinal)))
            Assert.DoesNotThrow(() => SpecLoader.Parse(block, "readme.yaml"), block);
        var sweep = SpecLoader.Parse(blocks.Single(b => b.StartsWith("sweep:", StringComparison.Ordinal)), "readme.yaml");
        Assert.That(Research.Framework.Sweeps.SweepExpander.Count(sweep), Is.EqualTo(120));
    }

    [Test]
    [Explicit("rewrites experiments/README.md's generated section")]
    public void WriteReadme()
    {
        var path = ReadmePath();
        var readme = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        File.WriteAllText(path, readme[..(start + Begin.Length)] + "\n" + Generated().Trim('\n') + "\n" + readme[end..]);
    }
}

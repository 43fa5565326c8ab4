using Research.Experiments.Tests.Runner;
using Research.Experiments.Verbs;

namespace Research.Experiments.Tests.Verbs;

/// <summary>`research validate` on bad input: exit 2, `file:line:column: message`, never a stack trace.</summary>
public class ValidateVerbTests
{
    private static (int Code, string Output, string Errors) Validate(string path, params string[] overrides)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = ValidateVerb.Run(path, overrides, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Test]
    public void Run_UnclosedFlowMapping_ExitsTwoAtTheBracket()
    {
        using var folder = new TempFolder();
        var spec = folder.File("flow.yaml", "objective: { kind: elbo, k: 5\ntrain: { epochs: 1 }\n");

        var (code, _, errors) = Validate(spec);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.StartWith($"error: {spec}:1:12: YAML syntax:").And.Not.Contain("   at "));
    }

    [Test]
    public void Run_TabOnLineThree_ReportsLineThree()
    {
        using var folder = new TempFolder();
        var spec = folder.File("tab.yaml", "name: a\nseed: 1\n\tdata: {}\n");

        var (code, _, errors) = Validate(spec);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.StartWith($"error: {spec}:3:1: YAML syntax:"));
    }

    [Test]
    public void Run_EmptySpec_ExitsTwoInsteadOfValid()
    {
        using var folder = new TempFolder();
        var spec = folder.File("empty.yaml", "");

        var (code, output, errors) = Validate(spec);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(output, Does.Not.Contain("valid"));
        Assert.That(errors, Does.Contain("the spec file is empty"));
    }

    [Test]
    public void Run_HugeK_ExitsTwoNamingTheKeysAtTheirLine()
    {
        using var folder = new TempFolder();
        var spec = folder.File("k.yaml", TinySpecs.Yaml("k", objective: "{ kind: iwae, k: 100000000 }"));

        var (code, _, errors) = Validate(spec);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain($"{spec}:8:").And.Contain("objective.k, data.batch_size").And.Contain("2,147,483,647"));
    }

    [Test]
    public void Run_HugeKInASweepPoint_NamesThePoint()
    {
        using var folder = new TempFolder();
        var spec = folder.File("sk.yaml", TinySpecs.Yaml("sk", extra: "sweep: { grid: { objective.k: [1, 100000000] } }"));

        var (code, _, errors) = Validate(spec);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("(sweep point 1)").And.Contain("objective.k"));
    }

    [Test]
    public void Run_Folder_SaysItIsAFolder()
    {
        using var folder = new TempFolder();

        var (code, _, errors) = Validate(folder.Path);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("is a folder, not a spec file").And.Not.Contain("not found"));
    }

    [TestCase("\"../../evil\"")]
    [TestCase("/tmp/evil")]
    public void Run_NameWithPathSeparators_ExitsTwo(string name)
    {
        using var folder = new TempFolder();
        var spec = folder.File("evil.yaml", TinySpecs.Yaml(name));

        var (code, _, errors) = Validate(spec);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain($"{spec}:1:7: name:"));
    }
}

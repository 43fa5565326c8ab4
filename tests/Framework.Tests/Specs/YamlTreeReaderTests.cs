using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

/// <summary>Syntax errors as `file:line:column: message`, at the text that is wrong.</summary>
public class YamlTreeReaderTests
{
    private static SpecError Error(string yaml)
    {
        var errors = new List<SpecError>();
        YamlTreeReader.Read(yaml, "x.yaml", errors);
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", errors));
        return errors[0];
    }

    [Test]
    public void Read_UnclosedFlowMappingBeforeAnotherKey_ReportsTheBracketInsteadOfThrowing()
    {
        // YamlDotNet's scanner fails on this with an InvalidOperationException and no position.
        var error = Error("objective: { kind: elbo, k: 5\ntrain: { epochs: 1 }\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((1, 12)));
        Assert.That(error.Message, Does.StartWith("YAML syntax: this '{' is never closed"));
    }

    [Test]
    public void Read_UnclosedFlowMappingAtTheEnd_ReportsTheBracket()
    {
        var error = Error("name: a\nobjective: { kind: elbo, k: 5\n");

        Assert.That(error.ToString(), Does.StartWith("x.yaml:2:12: YAML syntax: this '{' is never closed: expected ',' or '}'"));
    }

    [Test]
    public void Read_UnclosedFlowSequence_ReportsTheBracket()
    {
        var error = Error("model:\n  encoder: { mlp: [200, 200 }\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((2, 19)), error.ToString());
        Assert.That(error.Message, Does.Contain("'['"));
    }

    [Test]
    public void Read_TabIndentingLineThree_ReportsLineThreeColumnOne()
    {
        var error = Error("name: a\nobjective:\n\tk: 5\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((3, 1)), error.ToString());
        Assert.That(error.Message, Does.Contain("tab"));
    }

    [Test]
    public void Read_TabOnALineAfterAScalar_ReportsTheTabsLine()
    {
        var error = Error("name: a\nb: 1\nc:\n  d: 1\n\te: 2\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((5, 1)), error.ToString());
    }

    [Test]
    public void IsBlank_CommentsAndWhitespace_AreBlank_AnyKeyIsNot()
    {
        Assert.That(YamlTreeReader.IsBlank(""), Is.True);
        Assert.That(YamlTreeReader.IsBlank("\n  \n# a comment\n"), Is.True);
        Assert.That(YamlTreeReader.IsBlank("---\n"), Is.True);
        Assert.That(YamlTreeReader.IsBlank("name: a\n"), Is.False);
    }
}

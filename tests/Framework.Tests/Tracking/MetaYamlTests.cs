using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class MetaYamlTests
{
    [Test]
    public void Write_SortsKeys_AndWritesScalarsAsPyYamlDoes()
    {
        var text = MetaYaml.Write(new Dictionary<string, object?>
        {
            ["status"] = 3,
            ["experiment_id"] = "483657088245343218",
            ["end_time"] = null,
            ["entry_point_name"] = "",
            ["tags"] = MetaYaml.EmptyList,
            ["artifact_uri"] = "file:///home/user/project/mlruns/1/abc/artifacts",
            ["run_name"] = "trial-0",
            ["start_time"] = 1795273300816L,
        });
        Assert.That(text, Is.EqualTo(
            "artifact_uri: file:///home/user/project/mlruns/1/abc/artifacts\nend_time: null\nentry_point_name: ''\n"
            + "experiment_id: '483657088245343218'\nrun_name: trial-0\nstart_time: 1795273300816\nstatus: 3\ntags: []\n"));
    }

    [TestCase("trial-0", "trial-0")]
    [TestCase("Default", "Default")]
    [TestCase("0", "'0'")]
    [TestCase("1.5", "'1.5'")]
    [TestCase("true", "'true'")]
    [TestCase("null", "'null'")]
    [TestCase("2024-01-01", "'2024-01-01'")]
    [TestCase("a: b", "'a: b'")]
    [TestCase("it's", "'it''s'")]
    [TestCase("-lead", "-lead")]
    [TestCase("- item", "'- item'")]
    [TestCase("15147c4b903545c38ab1f32b9e9d8ec6", "15147c4b903545c38ab1f32b9e9d8ec6")]
    [TestCase("12345678901234567890123456789012", "'12345678901234567890123456789012'")]
    [TestCase("1e5", "1e5")]
    [TestCase("1_000", "'1_000'")]
    [TestCase("0x1F", "'0x1F'")]
    [TestCase("1:30", "'1:30'")]
    [TestCase(".inf", "'.inf'")]
    [TestCase("yes", "'yes'")]
    [TestCase("@home", "'@home'")]
    [TestCase(" padded", "' padded'")]
    [TestCase("k=5, beta=1", "k=5, beta=1")]
    [TestCase("line\nbreak", "\"line\\nbreak\"")]
    public void Scalar_QuotesOnlyWhatWouldNotReadBackAsThatString(string value, string expected) =>
        Assert.That(MetaYaml.Scalar(value), Is.EqualTo(expected));

    [TestCase("trial-0")]
    [TestCase("0")]
    [TestCase("it's: 'quoted' # not a comment")]
    [TestCase("line\nbreak\ttab \"q\" \\")]
    [TestCase("")]
    [TestCase("ünïcødé name")]
    public void Read_OfWrite_RoundTrips(string value)
    {
        var read = MetaYaml.Read(MetaYaml.Write([new("name", value), new("none", null)]));
        Assert.That(read["name"], Is.EqualTo(value));
        Assert.That(read["none"], Is.Null);
    }

    [Test]
    public void Read_FoldedLinesAndNestedBlocks_AsPyYamlMayWriteThem()
    {
        var read = MetaYaml.Read("name: a long run name\n  that PyYAML folded\nquoted: 'it''s\n  folded too'\ntags:\n  mlflow.data.context: train\nz: 1\n");
        Assert.That(read["name"], Is.EqualTo("a long run name that PyYAML folded"));
        Assert.That(read["quoted"], Is.EqualTo("it's folded too"));
        Assert.That(read["tags"], Is.Null);
        Assert.That(read["z"], Is.EqualTo("1"));
    }
}

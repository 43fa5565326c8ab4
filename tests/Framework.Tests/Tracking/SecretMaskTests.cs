using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class SecretMaskTests
{
    private static SecretMask Mask(string? password = null, string? token = null) =>
        SecretMask.FromEnvironment(name => name switch
        {
            RestCredentials.PasswordVariable => password,
            RestCredentials.TokenVariable => token,
            _ => null,
        });

    [TestCase("http://me:pw@mlflow.example.org:5000/x", "http://***@mlflow.example.org:5000/x")]
    [TestCase("https://token@host/path?q=a@b", "https://***@host/path?q=a@b")]
    [TestCase("see sqlite:////data/mlflow.db and s3://k:s@bucket/a", "see sqlite:////data/mlflow.db and s3://***@bucket/a")]
    [TestCase("plain value, mail a@b.org", "plain value, mail a@b.org")]
    public void Apply_UriUserInfo_IsHidden(string value, string expected) =>
        Assert.That(SecretMask.UriCredentialsOnly.Apply(value), Is.EqualTo(expected));

    [Test]
    public void Apply_SecretVariableValues_AreHiddenAnywhere()
    {
        var mask = Mask(password: "hunter22", token: "tok-123456");
        Assert.That(mask.Apply("--password hunter22 and Bearer tok-123456"), Is.EqualTo("--password *** and Bearer ***"));
        Assert.That(mask.ToString(), Does.Not.Contain("hunter22"));
    }

    [Test]
    public void Apply_ShortSecretValues_AreNotMasked() =>
        Assert.That(Mask(password: "1").Apply("objective.beta=1"), Is.EqualTo("objective.beta=1"));

    [Test]
    public async Task TrackedRun_ParamsTagsAndTextArtifacts_NeverCarryTheSecret()
    {
        var dir = Directory.CreateTempSubdirectory("mask").FullName;
        try
        {
            await using var store = new SqliteStore(Path.Combine(dir, "mlflow.db"));
            var experiment = await store.GetOrCreateExperimentAsync("e");
            var mask = Mask(token: "tok-123456");
            var run = await TrackedRun.StartAsync(store, experiment.ExperimentId, "r", [new RunTag("note", "token tok-123456")], secrets: mask);
            await run.LogParamsAsync([KeyValuePair.Create<string, object?>("tracking.uri", "http://me:pw@host:5000")]);
            await run.SetTagAsync("spec.file", "uses tok-123456");
            await run.LogTextArtifactAsync("spec.yaml", "tracking: { uri: http://me:pw@host:5000 }\n");
            await run.FailAsync("could not reach http://me:pw@host:5000");

            var read = await store.GetRunAsync(run.RunId);
            Assert.That(read.Params["tracking.uri"], Is.EqualTo("http://***@host:5000"));
            Assert.That(read.Tags["note"], Is.EqualTo("token ***"));
            Assert.That(read.Tags["spec.file"], Is.EqualTo("uses ***"));
            Assert.That(read.Tags[MlflowTags.FailureReason], Is.EqualTo("could not reach http://***@host:5000"));
            Assert.That(File.ReadAllText(Path.Combine(store.ArtifactDirectory(run.RunId), "spec.yaml")), Is.EqualTo("tracking: { uri: http://***@host:5000 }\n"));
            var everything = string.Join("\n", Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => File.ReadAllText(f)));
            Assert.That(everything, Does.Not.Contain("tok-123456").And.Not.Contain("me:pw"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

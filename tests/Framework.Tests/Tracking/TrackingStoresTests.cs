using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class TrackingStoresTests
{
    private static Func<string, string?> Env(string? trackingUri) =>
        name => name == TrackingStores.UriVariable ? trackingUri : null;

    [Test]
    public void ResolveUri_PrefersTheArgument_ThenTheVariable_ThenMlflowDb()
    {
        Assert.That(TrackingStores.ResolveUri("http://a:5000", Env("http://b:5000")), Is.EqualTo("http://a:5000"));
        Assert.That(TrackingStores.ResolveUri(null, Env("http://b:5000")), Is.EqualTo("http://b:5000"));
        Assert.That(TrackingStores.ResolveUri("  ", Env(null)), Is.EqualTo("sqlite:///mlflow.db"));
    }

    [Test]
    public async Task FromUri_Default_IsASqliteStoreInMlflowDbOfTheCurrentDirectory()
    {
        await using var store = TrackingStores.FromUri(null, Env(null));
        Assert.That(store, Is.InstanceOf<SqliteStore>());
        Assert.That(((SqliteStore)store).DatabasePath, Is.EqualTo(Path.GetFullPath("mlflow.db")));
        Assert.That(((SqliteStore)store).ArtifactRoot, Is.EqualTo(Path.GetFullPath("mlartifacts")));
        Assert.That(File.Exists("mlflow.db"), Is.False, "opening creates nothing");
    }

    [TestCase("sqlite:////tmp/runs/mlflow.db", "/tmp/runs/mlflow.db")]
    [TestCase("sqlite:///relative/mlflow.db", "relative/mlflow.db")]
    [TestCase("SQLITE:///mlflow.db?timeout=5", "mlflow.db")]
    public async Task FromUri_Sqlite_IsASqliteStoreAtThatFile(string uri, string path)
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("Unix paths.");
        await using var store = TrackingStores.FromUri(uri, Env(null));
        Assert.That(((SqliteStore)store).DatabasePath, Is.EqualTo(Path.GetFullPath(path)));
        Assert.That(store.TrackingUri, Is.EqualTo("sqlite:///" + Path.GetFullPath(path)));
    }

    [TestCase("/tmp/runs/mlflow.db")]
    [TestCase("relative/runs.sqlite")]
    public async Task FromUri_PathToADatabaseFile_IsASqliteStoreAtThatFile(string path)
    {
        await using var store = TrackingStores.FromUri(path, Env(null));
        Assert.That(((SqliteStore)store).DatabasePath, Is.EqualTo(Path.GetFullPath(path)), "not a file-store folder named like a database");
    }

    [TestCase("sqlite://")]
    [TestCase("sqlite:///:memory:")]
    public void FromUri_SqliteWithoutAFile_IsNotSupported(string uri) =>
        Assert.Throws<NotSupportedException>(() => TrackingStores.FromUri(uri, Env(null)));

    [TestCase("file:///tmp/runs", "/tmp/runs")]
    [TestCase("file:relative/runs", "relative/runs")]
    [TestCase("/tmp/runs", "/tmp/runs")]
    public async Task FromUri_PathOrFileUri_IsAFileStore(string uri, string path)
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("Unix paths.");
        await using var store = TrackingStores.FromUri(uri, Env(null));
        Assert.That(((FileStore)store).RootDirectory, Is.EqualTo(Path.GetFullPath(path)));
    }

    [Test]
    public async Task FromUri_Http_IsARestStore_WithoutCredentialsInItsUri()
    {
        await using var store = TrackingStores.FromUri("https://user:pw@mlflow.example.org/prefix", Env(null));
        Assert.That(store, Is.InstanceOf<RestStore>());
        Assert.That(store.TrackingUri, Is.EqualTo("https://mlflow.example.org/prefix"));
    }

    [TestCase("databricks://profile")]
    [TestCase("s3://bucket/runs")]
    public void FromUri_OtherSchemes_AreNotSupported(string uri) =>
        Assert.Throws<NotSupportedException>(() => TrackingStores.FromUri(uri, Env(null)));
}

using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class GitInfoTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("gitinfo").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void TryRead_BranchInPackedRefs_FromASubfolder()
    {
        Write("repo/.git/HEAD", "ref: refs/heads/main\n");
        Write("repo/.git/packed-refs", $"# pack-refs with: peeled fully-peeled sorted\n{Commit} refs/heads/main\n");
        Write("repo/.git/config", "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://example.org/vae.git\n");
        Directory.CreateDirectory(Path.Combine(_dir, "repo", "src", "deep"));

        var git = GitInfo.TryRead(Path.Combine(_dir, "repo", "src", "deep"));

        Assert.That(git, Is.EqualTo(new GitInfo(Commit, "main", "https://example.org/vae.git")));
        Assert.That(new RunSource("Experiments", "alice", git).ToTags().Select(t => t.Key), Is.EqualTo(new[]
        {
            MlflowTags.SourceName, MlflowTags.SourceType, MlflowTags.User, MlflowTags.GitCommit, MlflowTags.GitBranch, MlflowTags.GitRepoUrl,
        }));
    }

    [Test]
    public void TryRead_LinkedWorktree_FollowsTheGitFileAndCommonDir()
    {
        Write("main/.git/refs/heads/feature", Commit + "\n");
        Write("main/.git/worktrees/wt/HEAD", "ref: refs/heads/feature\n");
        Write("main/.git/worktrees/wt/commondir", "../..\n");
        Write("wt/.git", $"gitdir: {Path.Combine(_dir, "main", ".git", "worktrees", "wt")}\n");

        Assert.That(GitInfo.TryRead(Path.Combine(_dir, "wt")), Is.EqualTo(new GitInfo(Commit, "feature", null)));
    }

    [Test]
    public void TryRead_DetachedHead_HasNoBranch_OutsideARepo_IsNull()
    {
        Write("repo/.git/HEAD", Commit + "\n");
        Assert.That(GitInfo.TryRead(Path.Combine(_dir, "repo")), Is.EqualTo(new GitInfo(Commit, null, null)));
        Directory.CreateDirectory(Path.Combine(_dir, "plain"));
        // A temp folder may sit inside some checkout on a developer machine; only assert when it does not.
        if (GitInfo.TryRead(Path.GetTempPath()) is null) Assert.That(GitInfo.TryRead(Path.Combine(_dir, "plain")), Is.Null);
    }
}

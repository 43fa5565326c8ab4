namespace Research.Framework.Tracking;

/// <summary>
/// Where a run comes from, as MLflow's standard tags: <c>mlflow.source.name</c>,
/// <c>mlflow.source.type</c> (LOCAL), <c>mlflow.user</c> and the git commit, branch and origin.
/// </summary>
public sealed record RunSource(string SourceName, string User, GitInfo? Git)
{
    /// <summary>The current program, user and git checkout (of <paramref name="directory"/>, default the current directory).</summary>
    public static RunSource Detect(string? directory = null) => new(
        System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "unknown",
        Environment.UserName,
        GitInfo.TryRead(directory ?? Environment.CurrentDirectory));

    public IReadOnlyList<RunTag> ToTags()
    {
        var tags = new List<RunTag>
        {
            new(MlflowTags.SourceName, SourceName),
            new(MlflowTags.SourceType, "LOCAL"),
            new(MlflowTags.User, User),
        };
        if (Git is not null)
        {
            tags.Add(new RunTag(MlflowTags.GitCommit, Git.Commit));
            if (Git.Branch is not null) tags.Add(new RunTag(MlflowTags.GitBranch, Git.Branch));
            if (Git.RepoUrl is not null) tags.Add(new RunTag(MlflowTags.GitRepoUrl, Git.RepoUrl));
        }
        return tags;
    }
}

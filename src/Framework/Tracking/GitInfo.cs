namespace Research.Framework.Tracking;

/// <summary>
/// The commit, branch and origin URL of the git checkout containing a directory, read from the
/// <c>.git</c> files (no git process): HEAD, loose refs, packed-refs, and linked worktrees
/// (a <c>.git</c> file pointing at the real git directory).
/// </summary>
public sealed record GitInfo(string Commit, string? Branch, string? RepoUrl)
{
    /// <summary>The checkout's state, or null when <paramref name="directory"/> is not inside one (or it cannot be read).</summary>
    public static GitInfo? TryRead(string directory)
    {
        try
        {
            var gitDir = FindGitDirectory(Path.GetFullPath(directory));
            if (gitDir is null) return null;
            var commonDir = File.Exists(Path.Combine(gitDir, "commondir"))
                ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(Path.Combine(gitDir, "commondir")).Trim()))
                : gitDir;
            var head = File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();
            string? branch = null;
            var commit = head;
            if (head.StartsWith("ref:", StringComparison.Ordinal))
            {
                var reference = head[4..].Trim();
                branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;
                commit = ResolveRef(gitDir, commonDir, reference) ?? "";
            }
            return commit.Length == 40 ? new GitInfo(commit, branch, OriginUrl(commonDir)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? FindGitDirectory(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git)) return git;
            if (File.Exists(git))
            {
                var line = File.ReadAllText(git).Trim();
                if (line.StartsWith("gitdir:", StringComparison.Ordinal))
                    return Path.GetFullPath(Path.Combine(dir.FullName, line["gitdir:".Length..].Trim()));
            }
        }
        return null;
    }

    private static string? ResolveRef(string gitDir, string commonDir, string reference)
    {
        foreach (var dir in new[] { gitDir, commonDir })
        {
            var loose = Path.Combine(dir, reference);
            if (File.Exists(loose)) return File.ReadAllText(loose).Trim();
        }
        var packed = Path.Combine(commonDir, "packed-refs");
        if (!File.Exists(packed)) return null;
        foreach (var line in File.ReadLines(packed))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[1].Trim() == reference && !line.StartsWith('#')) return parts[0];
        }
        return null;
    }

    private static string? OriginUrl(string commonDir)
    {
        var config = Path.Combine(commonDir, "config");
        if (!File.Exists(config)) return null;
        var inOrigin = false;
        foreach (var raw in File.ReadLines(config))
        {
            var line = raw.Trim();
            if (line.StartsWith('[')) inOrigin = line.Replace(" ", "") == "[remote\"origin\"]";
            else if (inOrigin && line.StartsWith("url", StringComparison.Ordinal) && line.Contains('='))
                return line[(line.IndexOf('=') + 1)..].Trim();
        }
        return null;
    }
}

namespace Research.Framework.Specs;

/// <summary>
/// Where a spec value came from: a file with a 1-based line and column, or (line 0) a source
/// without positions such as a <c>--set</c> argument on the command line or a schema default.
/// </summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>A value that came from <c>--set <paramref name="argument"/></c>.</summary>
    public static SourceLocation CommandLine(string argument) => new($"--set {argument} (command line)", 0, 0);

    /// <summary>A value filled in from the schema's default.</summary>
    public static SourceLocation Default { get; } = new("(default)", 0, 0);

    public bool HasPosition => Line > 0;

    public override string ToString() => HasPosition ? $"{File}:{Line}:{Column}" : File;
}

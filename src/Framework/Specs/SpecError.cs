namespace Research.Framework.Specs;

/// <summary>
/// One problem found in a spec: where it is (file, 1-based line and column; line 0 when the value
/// has no position, e.g. it came from the command line), the dotted key path, and what is wrong.
/// </summary>
public sealed record SpecError(string File, int Line, int Column, string KeyPath, string Message)
{
    public static SpecError At(SourceLocation location, string keyPath, string message) =>
        new(location.File, location.Line, location.Column, keyPath, message);

    /// <summary><c>experiments/x.yaml:12:5: objective.k: must be >= 1, got 0</c>.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return KeyPath.Length > 0 ? $"{where}: {KeyPath}: {Message}" : $"{where}: {Message}";
    }
}

namespace Research.Experiments.Verbs;

/// <summary>Process exit codes of the `research` executable.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A point failed (NaN loss, a crash inside training); the others still ran.</summary>
    public const int RunFailed = 1;

    /// <summary>The user's input is wrong (spec, override, missing file): nothing ran.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted with Ctrl-C; what was logged so far is kept.</summary>
    public const int Interrupted = 130;
}

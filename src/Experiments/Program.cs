using Research.Experiments.Cli;

namespace Research.Experiments;

/// <summary>The `research` executable: see <see cref="CommandLine"/> for the verbs.</summary>
public static class Program
{
    public static int Main(string[] args) => CommandLine.Build().Parse(args).Invoke();
}

using System.CommandLine;
using Research.Experiments.Cli;

namespace Research.Experiments;

/// <summary>The `research` executable: see <see cref="CommandLine"/> for the verbs.</summary>
public static class Program
{
    // Ctrl-C is left to the generic host of `run` (it ends the current point KILLED and exits 130).
    public static int Main(string[] args) =>
        CommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
}

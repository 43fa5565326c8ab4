using Research.Experiments.Demo;

namespace Research.Experiments;

/// <summary>
/// The `research` executable. Until the experiment host lands (YAML specs, sweeps, MLflow), it
/// offers `demo`: a small end-to-end training run of the engine.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "demo")
            return EngineDemo.Run(Console.Out, args.Length > 1 && int.TryParse(args[1], out var steps) ? steps : 3000);
        Console.Error.WriteLine($"Unknown verb '{args[0]}'. Usage: research demo [steps]");
        return 2;
    }
}

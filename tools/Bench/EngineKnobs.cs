using System.Reflection;
using Research.Framework.Tensors;

namespace Research.Bench;

/// <summary>
/// The one place the bench touches engine settings that are still being written on another branch:
/// <c>ThreadTeam.ThreadCount</c> (settable int) and <c>Gemm.KernelName</c> (string). They are found
/// by reflection so that this project builds with or without them; once they are on this branch,
/// these two members can become direct calls.
/// </summary>
public static class EngineKnobs
{
    private const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static;

    private static readonly Type? ThreadTeam = typeof(Gemm).Assembly.GetType("Research.Framework.Tensors.ThreadTeam");

    /// <summary>Sets the engine's worker count; returns the count in effect (1 when the engine has no thread team).</summary>
    public static int SetThreadCount(int threads)
    {
        var property = ThreadTeam?.GetProperty("ThreadCount", PublicStatic);
        if (property is null || !property.CanWrite) return 1;
        property.SetValue(null, threads);
        return (int)property.GetValue(null)!;
    }

    /// <summary>Whether the engine has a thread team (multithreaded kernels).</summary>
    public static bool HasThreadTeam => ThreadTeam?.GetProperty("ThreadCount", PublicStatic) is not null;

    /// <summary>The GEMM kernel the engine chose on this machine, or a note that it does not say.</summary>
    public static string GemmKernelName =>
        typeof(Gemm).GetProperty("KernelName", PublicStatic)?.GetValue(null) as string
        ?? typeof(Gemm).GetField("KernelName", PublicStatic)?.GetValue(null) as string
        ?? "unnamed(reference)";
}

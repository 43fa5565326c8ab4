using Research.Framework.Kernels;
using Research.Framework.Tensors;

namespace Research.Bench;

/// <summary>The one place the bench sets or reads engine-wide settings.</summary>
public static class EngineKnobs
{
    /// <summary>Sets the engine's worker count (the caller included); returns the count in effect.</summary>
    public static int SetThreadCount(int threads)
    {
        ThreadTeam.ThreadCount = threads;
        DeviceSupport.UseThreads(Device.TorchCpu, threads); // the torch-cpu cases run LibTorch on as many threads
        return ThreadTeam.ThreadCount;
    }

    /// <summary>The GEMM kernel the engine chose on this machine.</summary>
    public static string GemmKernelName => Gemm.KernelName;
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Research.Framework.Kernels;

/// <summary>
/// One thread's GEMM pack buffers, grown once and then reused, so products allocate nothing in
/// steady state. Pinned (pinned object heap) because the kernels hold raw pointers into them;
/// handed out 64-byte aligned so packed vectors never straddle cache lines.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    [ThreadStatic] private static GemmWorkspace? t_current;

    private float[] _a = [];
    private float[] _b = [];

    public static GemmWorkspace ForCurrentThread => t_current ??= new GemmWorkspace();

    public float* A(int length) => Aligned(ref _a, length);
    public float* B(int length) => Aligned(ref _b, length);

    private static float* Aligned(ref float[] buffer, int length)
    {
        if (buffer.Length < length + 16) buffer = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((p + 63) & ~(nint)63);
    }
}

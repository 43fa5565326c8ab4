namespace Research.Framework.Kernels;

/// <summary>The instruction-set path of the GEMM micro-kernel.</summary>
internal enum GemmKernelPath
{
    Portable,
    Avx2,
    Avx512,
}

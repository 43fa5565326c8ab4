namespace Research.Framework.Tensors;

/// <summary>The instruction-set path of the GEMM micro-kernel.</summary>
internal enum GemmKernelPath
{
    Portable,
    Avx2,
    Avx512,
}

using System.Runtime.CompilerServices;

namespace Research.Framework.Kernels;

/// <summary>
/// The cache-blocked loop nest around a micro-kernel, for one rectangle of C (one thread's share).
/// Blocks: kc values of k (A micro-panel of Mr x kc stays in L1 across a row of B panels),
/// mc rows of A packed per k block, nc columns of B packed per k block (kc x nc stays in L2).
/// Small row-major operands skip their pack and are read in place (<see cref="GemmProblem.DirectA"/>,
/// <see cref="GemmProblem.DirectB"/>).
/// The k blocks depend only on k, so each element of C is summed in the same order however the
/// rows and columns are shared out: results are bitwise identical for any thread count.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>Most k values in one block; k is cut into equal blocks no longer than this (tuned: 384 to 768 measure alike).</summary>
    public const int KcMax = 512;

    /// <summary>
    /// Rows of A packed at once (rounded down to whole micro-panels). Only one micro-panel of the block is
    /// hot at a time, so this is large: B, the costlier pack, is then packed once per k block.
    /// </summary>
    public const int McMax = 2048;

    /// <summary>Columns of B packed at once (rounded down to whole micro-panels): kc x nc floats, about half of L2.</summary>
    public const int NcMax = 480;

    /// <summary>The k block length: k split into ceil(k / KcMax) near-equal blocks.</summary>
    public static int KcFor(int k)
    {
        var blocks = (k + KcMax - 1) / KcMax;
        return (k + blocks - 1) / blocks;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 and OSR
    public static void Run<TK>(in GemmProblem g, int m0, int m1, int n0, int n1, GemmWorkspace ws)
        where TK : struct, IGemmMicroKernel
    {
        var mr = TK.Mr;
        var nr = TK.Nr;
        var kcBlock = KcFor(g.K);
        var mcMax = McMax / mr * mr;
        var ncMax = NcMax / nr * nr;
        var aPack = ws.A(Math.Min(mcMax, RoundUp(m1 - m0, mr)) * kcBlock);
        var bPack = ws.B((g.DirectB ? nr : Math.Min(ncMax, RoundUp(n1 - n0, nr))) * kcBlock);

        for (var ic = m0; ic < m1; ic += mcMax)
        {
            var mc = Math.Min(mcMax, m1 - ic);
            for (var p0 = 0; p0 < g.K; p0 += kcBlock)
            {
                var kc = Math.Min(kcBlock, g.K - p0);
                var accumulate = g.Accumulate || p0 > 0;
                // In place, only the last, partial row panel of A needs a (zero-padded) packed copy.
                var directA = g.DirectA && TK.ReadsAInPlace;
                var packFrom = directA ? mc / mr * mr : 0;
                if (packFrom < mc) GemmPacking.PackA(g.TransA, g.A, g.Lda, ic + packFrom, mc - packFrom, p0, kc, mr, aPack);
                for (var jc = n0; jc < n1; jc += ncMax)
                {
                    var nc = Math.Min(ncMax, n1 - jc);
                    var fullPanels = nc / nr;
                    if (!g.DirectB) GemmPacking.PackB(g.TransB, g.B, g.Ldb, p0, kc, jc, nc, nr, bPack);
                    else if (nc % nr != 0 && !TK.MasksEdges) GemmPacking.PackB(false, g.B, g.Ldb, p0, kc, jc + fullPanels * nr, nc % nr, nr, bPack);

                    for (var ir = 0; ir < mc; ir += mr)
                    for (var jr = 0; jr < nc; jr += nr)
                        Tile<TK>(g, aPack, packFrom, bPack, ic, jc, p0, kc, mc, nc, ir, jr, accumulate);
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>One register tile: its A and B micro-panels (each packed or in place) and where it lands in C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TK>(in GemmProblem g, float* aPack, int packFrom, float* bPack, int ic, int jc, int p0, int kc, int mc, int nc, int ir, int jr, bool accumulate)
        where TK : struct, IGemmMicroKernel
    {
        var mr = TK.Mr;
        var nr = TK.Nr;
        var rows = Math.Min(mr, mc - ir);
        var cols = Math.Min(nr, nc - jr);
        float* aPanel;
        nint lda;
        if (ir < packFrom) { aPanel = g.A + (ic + ir) * g.Lda + p0; lda = g.Lda; }
        else { aPanel = aPack + (nint)(ir - packFrom) * kc; lda = 0; }
        float* bPanel;
        nint bStride;
        if (!g.DirectB) { bPanel = bPack + (nint)jr * kc; bStride = nr; }
        else if (cols == nr || TK.MasksEdges) { bPanel = g.B + p0 * g.Ldb + jc + jr; bStride = g.Ldb; }
        else { bPanel = bPack; bStride = nr; }
        TK.Run(kc, aPanel, lda, bPanel, bStride, g.C + (ic + ir) * g.Ldc + jc + jr, g.Ldc, accumulate, rows, cols);
    }
}

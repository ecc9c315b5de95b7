using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Portable 4×4 tile with scalar FMA, for hardware without Vector256 + FMA.</summary>
internal readonly unsafe struct MicroKernelScalar<T> : IMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int MR => 4;
    public static int NR => 4;

    public static void Run(int kc, T* a, nint ars, nint acs, T* b, nint ldb, T* pack, T* c, nint ldc, bool add)
    {
        var acc = stackalloc T[16];
        for (var i = 0; i < 16; i++) acc[i] = T.Zero;
        for (var p = 0; p < kc; p++)
        {
            if (pack != null)
                for (var j = 0; j < 4; j++) pack[p * 4 + j] = b[j];
            for (var r = 0; r < 4; r++)
            {
                var x = a[r * ars];
                for (var j = 0; j < 4; j++) acc[r * 4 + j] = T.FusedMultiplyAdd(x, b[j], acc[r * 4 + j]);
            }
            a += acs; b += ldb;
        }
        for (var r = 0; r < 4; r++)
            for (var j = 0; j < 4; j++)
                c[r * ldc + j] = add ? c[r * ldc + j] + acc[r * 4 + j] : acc[r * 4 + j];
    }
}

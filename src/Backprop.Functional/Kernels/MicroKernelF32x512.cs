using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>8×32 float tile: 16 Vector512 accumulators, A broadcast from memory, two B vectors per step.</summary>
internal readonly unsafe struct MicroKernelF32x512 : IMicroKernel<float>
{
    public static int MR => 8;
    public static int NR => 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint ars, nint acs, float* b, nint ldb, float* pack, float* c, nint ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        nint ars2 = 2 * ars, ars3 = 3 * ars;
        float* a4 = a + 4 * ars;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            if (pack != null)
            {
                b0.Store(pack);
                b1.Store(pack + 16);
                pack += 32;
            }
            var x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[ars]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[ars2]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[ars3]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a4[0]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a4[ars]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a4[ars2]);
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a4[ars3]);
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            a += acs; a4 += acs; b += ldb;
        }
        Put(c, c00, c01, add); c += ldc;
        Put(c, c10, c11, add); c += ldc;
        Put(c, c20, c21, add); c += ldc;
        Put(c, c30, c31, add); c += ldc;
        Put(c, c40, c41, add); c += ldc;
        Put(c, c50, c51, add); c += ldc;
        Put(c, c60, c61, add); c += ldc;
        Put(c, c70, c71, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector512<float> v0, Vector512<float> v1, bool add)
    {
        if (add)
        {
            v0 = Vector512.Load(c) + v0;
            v1 = Vector512.Load(c + 16) + v1;
        }
        v0.Store(c);
        v1.Store(c + 16);
    }
}

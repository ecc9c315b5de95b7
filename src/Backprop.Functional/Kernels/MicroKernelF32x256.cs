using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>6×16 float tile for AVX2 + FMA: 12 Vector256 accumulators, A broadcast, two B vectors per step.</summary>
internal readonly unsafe struct MicroKernelF32x256 : IMicroKernel<float>
{
    public static int MR => 6;
    public static int NR => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint ars, nint acs, float* b, nint ldb, float* pack, float* c, nint ldc, bool add)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default, c50 = default, c51 = default;
        nint ars2 = 2 * ars;
        float* a3 = a + 3 * ars;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            if (pack != null)
            {
                b0.Store(pack);
                b1.Store(pack + 8);
                pack += 16;
            }
            var x = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[ars]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[ars2]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[0]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            x = Vector256.Create(a3[ars]);
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40); c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
            x = Vector256.Create(a3[ars2]);
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50); c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
            a += acs; a3 += acs; b += ldb;
        }
        Put(c, c00, c01, add); c += ldc;
        Put(c, c10, c11, add); c += ldc;
        Put(c, c20, c21, add); c += ldc;
        Put(c, c30, c31, add); c += ldc;
        Put(c, c40, c41, add); c += ldc;
        Put(c, c50, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector256<float> v0, Vector256<float> v1, bool add)
    {
        if (add)
        {
            v0 = Vector256.Load(c) + v0;
            v1 = Vector256.Load(c + 8) + v1;
        }
        v0.Store(c);
        v1.Store(c + 8);
    }
}

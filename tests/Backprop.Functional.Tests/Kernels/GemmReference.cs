using System.Numerics;
using Backprop.Functional.Kernels;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>One GEMM call on arrays: C (+)= op(A)·op(B) with the case's shape and flags.</summary>
internal delegate void GemmCall<T>(T[] a, bool transA, T[] b, bool transB, T[] c, int m, int n, int k, bool accumulate);

/// <summary>A GEMM implementation against a double-precision triple loop on random operands.</summary>
internal static class GemmReference
{
    public static void Check<T>(GemmCase g) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Check<T>(g, (a, ta, b, tb, c, m, n, k, acc) => Gemm.Multiply<T>(a, ta, b, tb, c, m, n, k, acc));

    // Bound per element: (k + 2)·eps·(Σ|a||b| + |c0|), the classic worst-case rounding bound for a length-k dot
    // product plus the final addition into C.
    public static void Check<T>(GemmCase g, GemmCall<T> multiply) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (m, n, k) = (g.M, g.N, g.K);
        var rng = new Random(g.Seed);
        T[] a = Random<T>(rng, m * k), b = Random<T>(rng, k * n), c = Random<T>(rng, m * n);
        var c0 = (T[])c.Clone();
        multiply(a, g.TransA, b, g.TransB, c, m, n, k, g.Accumulate);
        var eps = double.CreateChecked(T.BitIncrement(T.One) - T.One);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = g.Accumulate ? double.CreateChecked(c0[i * n + j]) : 0, magnitude = Math.Abs(sum);
                for (var p = 0; p < k; p++)
                {
                    var x = double.CreateChecked(g.TransA ? a[p * m + i] : a[i * k + p]);
                    var y = double.CreateChecked(g.TransB ? b[j * k + p] : b[p * n + j]);
                    sum += x * y;
                    magnitude += Math.Abs(x * y);
                }
                var actual = double.CreateChecked(c[i * n + j]);
                var tolerance = (k + 2) * eps * magnitude;
                if (!(Math.Abs(actual - sum) <= tolerance))
                    Assert.Fail($"{typeof(T).Name} {g}: C[{i},{j}] = {actual}, expected {sum} ± {tolerance}");
            }
    }

    /// <summary>Uniform values in [−1, 1).</summary>
    public static T[] Random<T>(Random rng, int length) where T : IBinaryFloatingPointIeee754<T>
    {
        var v = new T[length];
        for (var i = 0; i < v.Length; i++) v[i] = T.CreateChecked(2 * rng.NextDouble() - 1);
        return v;
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace Backprop.Functional.Benchmarks;

/// <summary>
/// The <c>peak</c> mode: the FMA throughput of one core (or THREADS cores) with the widest vector the hardware
/// runs natively, from 12 independent FMA chains (enough to cover the FMA latency on both pipes). The peer's own
/// peak loop is written with Vector512 only, which on a machine without AVX-512 runs emulated and reports far less
/// than the hardware does; this is the yardstick a GEMM's "fraction of peak" is measured against.
/// </summary>
internal static class PeakTiming
{
    private const long Iterations = 50_000_000;

    public static int Run(string dtype, int threads)
    {
        var width = Vector512.IsHardwareAccelerated ? 512 : 256;
        var lanes = width / (dtype == "f64" ? 64 : 32);
        Action loop = (dtype, width) switch
        {
            ("f32", 512) => () => Sink = F32x512(),
            ("f32", _) => () => Sink = F32x256(),
            ("f64", 512) => () => Sink = F64x512(),
            _ => () => Sink = F64x256(),
        };
        var best = 0.0;
        for (var round = 0; round < 5; round++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => loop());
            var flops = 2.0 * 12 * lanes * Iterations * threads;
            best = Math.Max(best, flops / clock.Elapsed.TotalSeconds / 1e9);
        }
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kind"] = "fma_peak", ["vector_bits"] = width, ["dtype"] = dtype, ["threads"] = threads, ["gflops"] = best,
        }));
        return 0;
    }

    // Twelve chains x ← x·m + d (they converge to d/(1 − m), never denormal), one method per vector type, each returning its
    // result (a generic version with a typeof-dispatched FMA, or one storing into a static, measured a quarter of this). Fully optimised at once: each loop runs once
    // per round, too few calls for tiered compilation to reach optimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float F32x256()
    {
        var m = Vector256.Create((float)0.999999);
        var d = Vector256.Create((float)1e-7);
        Vector256<float> x0 = Vector256<float>.One, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d, x4 = x3 + d, x5 = x4 + d;
        Vector256<float> x6 = x5 + d, x7 = x6 + d, x8 = x7 + d, x9 = x8 + d, x10 = x9 + d, x11 = x10 + d;
        for (long i = 0; i < Iterations; i++)
        {
            x0 = Vector256.FusedMultiplyAdd(x0, m, d); x1 = Vector256.FusedMultiplyAdd(x1, m, d);
            x2 = Vector256.FusedMultiplyAdd(x2, m, d); x3 = Vector256.FusedMultiplyAdd(x3, m, d);
            x4 = Vector256.FusedMultiplyAdd(x4, m, d); x5 = Vector256.FusedMultiplyAdd(x5, m, d);
            x6 = Vector256.FusedMultiplyAdd(x6, m, d); x7 = Vector256.FusedMultiplyAdd(x7, m, d);
            x8 = Vector256.FusedMultiplyAdd(x8, m, d); x9 = Vector256.FusedMultiplyAdd(x9, m, d);
            x10 = Vector256.FusedMultiplyAdd(x10, m, d); x11 = Vector256.FusedMultiplyAdd(x11, m, d);
        }
        return (x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11).GetElement(0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double F64x256()
    {
        var m = Vector256.Create((double)0.999999);
        var d = Vector256.Create((double)1e-9);
        Vector256<double> x0 = Vector256<double>.One, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d, x4 = x3 + d, x5 = x4 + d;
        Vector256<double> x6 = x5 + d, x7 = x6 + d, x8 = x7 + d, x9 = x8 + d, x10 = x9 + d, x11 = x10 + d;
        for (long i = 0; i < Iterations; i++)
        {
            x0 = Vector256.FusedMultiplyAdd(x0, m, d); x1 = Vector256.FusedMultiplyAdd(x1, m, d);
            x2 = Vector256.FusedMultiplyAdd(x2, m, d); x3 = Vector256.FusedMultiplyAdd(x3, m, d);
            x4 = Vector256.FusedMultiplyAdd(x4, m, d); x5 = Vector256.FusedMultiplyAdd(x5, m, d);
            x6 = Vector256.FusedMultiplyAdd(x6, m, d); x7 = Vector256.FusedMultiplyAdd(x7, m, d);
            x8 = Vector256.FusedMultiplyAdd(x8, m, d); x9 = Vector256.FusedMultiplyAdd(x9, m, d);
            x10 = Vector256.FusedMultiplyAdd(x10, m, d); x11 = Vector256.FusedMultiplyAdd(x11, m, d);
        }
        return (x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11).GetElement(0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float F32x512()
    {
        var m = Vector512.Create((float)0.999999);
        var d = Vector512.Create((float)1e-7);
        Vector512<float> x0 = Vector512<float>.One, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d, x4 = x3 + d, x5 = x4 + d;
        Vector512<float> x6 = x5 + d, x7 = x6 + d, x8 = x7 + d, x9 = x8 + d, x10 = x9 + d, x11 = x10 + d;
        for (long i = 0; i < Iterations; i++)
        {
            x0 = Vector512.FusedMultiplyAdd(x0, m, d); x1 = Vector512.FusedMultiplyAdd(x1, m, d);
            x2 = Vector512.FusedMultiplyAdd(x2, m, d); x3 = Vector512.FusedMultiplyAdd(x3, m, d);
            x4 = Vector512.FusedMultiplyAdd(x4, m, d); x5 = Vector512.FusedMultiplyAdd(x5, m, d);
            x6 = Vector512.FusedMultiplyAdd(x6, m, d); x7 = Vector512.FusedMultiplyAdd(x7, m, d);
            x8 = Vector512.FusedMultiplyAdd(x8, m, d); x9 = Vector512.FusedMultiplyAdd(x9, m, d);
            x10 = Vector512.FusedMultiplyAdd(x10, m, d); x11 = Vector512.FusedMultiplyAdd(x11, m, d);
        }
        return (x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11).GetElement(0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double F64x512()
    {
        var m = Vector512.Create((double)0.999999);
        var d = Vector512.Create((double)1e-9);
        Vector512<double> x0 = Vector512<double>.One, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d, x4 = x3 + d, x5 = x4 + d;
        Vector512<double> x6 = x5 + d, x7 = x6 + d, x8 = x7 + d, x9 = x8 + d, x10 = x9 + d, x11 = x10 + d;
        for (long i = 0; i < Iterations; i++)
        {
            x0 = Vector512.FusedMultiplyAdd(x0, m, d); x1 = Vector512.FusedMultiplyAdd(x1, m, d);
            x2 = Vector512.FusedMultiplyAdd(x2, m, d); x3 = Vector512.FusedMultiplyAdd(x3, m, d);
            x4 = Vector512.FusedMultiplyAdd(x4, m, d); x5 = Vector512.FusedMultiplyAdd(x5, m, d);
            x6 = Vector512.FusedMultiplyAdd(x6, m, d); x7 = Vector512.FusedMultiplyAdd(x7, m, d);
            x8 = Vector512.FusedMultiplyAdd(x8, m, d); x9 = Vector512.FusedMultiplyAdd(x9, m, d);
            x10 = Vector512.FusedMultiplyAdd(x10, m, d); x11 = Vector512.FusedMultiplyAdd(x11, m, d);
        }
        return (x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11).GetElement(0);
    }

    /// <summary>Keeps the chains' results alive so the loop is not removed.</summary>
    private static object? Sink;
}

using System.Diagnostics;
using System.Numerics;
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
            ("f32", 512) => () => Loop512(1e-7f),
            ("f32", _) => () => Loop256(1e-7f),
            ("f64", 512) => () => Loop512(1e-9),
            _ => () => Loop256(1e-9),
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

    private static void Loop256<T>(T step) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = Vector256.Create(T.CreateChecked(0.999999));
        var d = Vector256.Create(step);
        Vector256<T> x0 = Vector256<T>.One, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d, x4 = x3 + d, x5 = x4 + d;
        Vector256<T> x6 = x5 + d, x7 = x6 + d, x8 = x7 + d, x9 = x8 + d, x10 = x9 + d, x11 = x10 + d;
        for (long i = 0; i < Iterations; i++)
        {
            x0 = Fma(x0, m, d); x1 = Fma(x1, m, d); x2 = Fma(x2, m, d); x3 = Fma(x3, m, d);
            x4 = Fma(x4, m, d); x5 = Fma(x5, m, d); x6 = Fma(x6, m, d); x7 = Fma(x7, m, d);
            x8 = Fma(x8, m, d); x9 = Fma(x9, m, d); x10 = Fma(x10, m, d); x11 = Fma(x11, m, d);
        }
        Sink = (x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11).GetElement(0);
    }

    private static void Loop512<T>(T step) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = Vector512.Create(T.CreateChecked(0.999999));
        var d = Vector512.Create(step);
        Vector512<T> x0 = Vector512<T>.One, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d, x4 = x3 + d, x5 = x4 + d;
        Vector512<T> x6 = x5 + d, x7 = x6 + d, x8 = x7 + d, x9 = x8 + d, x10 = x9 + d, x11 = x10 + d;
        for (long i = 0; i < Iterations; i++)
        {
            x0 = Fma(x0, m, d); x1 = Fma(x1, m, d); x2 = Fma(x2, m, d); x3 = Fma(x3, m, d);
            x4 = Fma(x4, m, d); x5 = Fma(x5, m, d); x6 = Fma(x6, m, d); x7 = Fma(x7, m, d);
            x8 = Fma(x8, m, d); x9 = Fma(x9, m, d); x10 = Fma(x10, m, d); x11 = Fma(x11, m, d);
        }
        Sink = (x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11).GetElement(0);
    }

    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    /// <summary>Keeps the chains' results alive so the loop is not removed.</summary>
    private static object? Sink;
}

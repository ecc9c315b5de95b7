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
        Func<double> loop = (dtype, width) switch
        {
            ("f32", 512) => Chains<Vector512<float>, F32x512>,
            ("f32", _) => Chains<Vector256<float>, F32x256>,
            ("f64", 512) => Chains<Vector512<double>, F64x512>,
            _ => Chains<Vector256<double>, F64x256>,
        };
        var best = 0.0;
        for (var round = 0; round < 5; round++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Sink = loop());
            var flops = 2.0 * 12 * lanes * Iterations * threads;
            best = Math.Max(best, flops / clock.Elapsed.TotalSeconds / 1e9);
        }
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kind"] = "fma_peak", ["vector_bits"] = width, ["dtype"] = dtype, ["threads"] = threads, ["gflops"] = best,
        }));
        return 0;
    }

    // Twelve chains x ← x·m + d (they converge to d/(1 − m), never denormal), returning their sum (a version storing
    // into a static inside the loop's method measured a quarter of the peak). Fully optimised at once: the loop runs
    // once per round, too few calls for tiered compilation to reach optimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Chains<TV, TL>() where TL : ILanes<TV>
    {
        TV m = TL.Create(0.999999), d = TL.Create(TL.Step);
        TV x0 = TL.Create(1), x1 = TL.Add(x0, d), x2 = TL.Add(x1, d), x3 = TL.Add(x2, d), x4 = TL.Add(x3, d), x5 = TL.Add(x4, d);
        TV x6 = TL.Add(x5, d), x7 = TL.Add(x6, d), x8 = TL.Add(x7, d), x9 = TL.Add(x8, d), x10 = TL.Add(x9, d), x11 = TL.Add(x10, d);
        for (long i = 0; i < Iterations; i++)
        {
            x0 = TL.Fma(x0, m, d); x1 = TL.Fma(x1, m, d); x2 = TL.Fma(x2, m, d); x3 = TL.Fma(x3, m, d);
            x4 = TL.Fma(x4, m, d); x5 = TL.Fma(x5, m, d); x6 = TL.Fma(x6, m, d); x7 = TL.Fma(x7, m, d);
            x8 = TL.Fma(x8, m, d); x9 = TL.Fma(x9, m, d); x10 = TL.Fma(x10, m, d); x11 = TL.Fma(x11, m, d);
        }
        return TL.First(TL.Add(TL.Add(TL.Add(x0, x1), TL.Add(x2, x3)), TL.Add(TL.Add(TL.Add(x4, x5), TL.Add(x6, x7)), TL.Add(TL.Add(x8, x9), TL.Add(x10, x11)))));
    }

    /// <summary>The operations of one vector type, resolved at compile time as the GEMM's micro-kernels are.</summary>
    private interface ILanes<TV>
    {
        static abstract double Step { get; }
        static abstract TV Create(double value);
        static abstract TV Add(TV a, TV b);
        static abstract TV Fma(TV a, TV b, TV c);
        static abstract double First(TV v);
    }

    private readonly struct F32x256 : ILanes<Vector256<float>>
    {
        public static double Step => 1e-7;
        public static Vector256<float> Create(double value) => Vector256.Create((float)value);
        public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
        public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
        public static double First(Vector256<float> v) => v.GetElement(0);
    }

    private readonly struct F64x256 : ILanes<Vector256<double>>
    {
        public static double Step => 1e-9;
        public static Vector256<double> Create(double value) => Vector256.Create(value);
        public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
        public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
        public static double First(Vector256<double> v) => v.GetElement(0);
    }

    private readonly struct F32x512 : ILanes<Vector512<float>>
    {
        public static double Step => 1e-7;
        public static Vector512<float> Create(double value) => Vector512.Create((float)value);
        public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
        public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
        public static double First(Vector512<float> v) => v.GetElement(0);
    }

    private readonly struct F64x512 : ILanes<Vector512<double>>
    {
        public static double Step => 1e-9;
        public static Vector512<double> Create(double value) => Vector512.Create(value);
        public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
        public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
        public static double First(Vector512<double> v) => v.GetElement(0);
    }

    /// <summary>Keeps the chains' results alive so the loop is not removed.</summary>
    private static object? Sink;
}

using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Backprop.Functional.Kernels;

namespace Backprop.Functional.Benchmarks;

/// <summary>The <c>gemm</c> mode: ≥1 s warm-up, then ≥200 timed calls; prints the median as one JSON line.</summary>
internal static class GemmTiming
{
    public static int Run(string[] args)
    {
        if (args.Length < 6) throw new ArgumentException("gemm f32|f64 THREADS M K N [nn|nt|tn|tt]");
        var threads = int.Parse(args[2], CultureInfo.InvariantCulture);
        int m = int.Parse(args[3], CultureInfo.InvariantCulture);
        int k = int.Parse(args[4], CultureInfo.InvariantCulture);
        int n = int.Parse(args[5], CultureInfo.InvariantCulture);
        var op = args.Length > 6 ? args[6] : "nn";
        return Parallelism.With(threads, () => args[1] switch
        {
            "f32" => Time<float>("f32", threads, m, n, k, op),
            "f64" => Time<double>("f64", threads, m, n, k, op),
            _ => throw new ArgumentException($"unknown dtype {args[1]}"),
        });
    }

    private static int Time<T>(string dtype, int threads, int m, int n, int k, string op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool transA = op[0] == 't', transB = op[1] == 't';
        var rng = new Random(0);
        T[] a = Random<T>(rng, m * k), b = Random<T>(rng, k * n), c = new T[m * n];
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 1.0) Gemm.Multiply<T>(a, transA, b, transB, c, m, n, k);
        var times = new List<double>(4096);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var total = Stopwatch.StartNew();
        while (times.Count < 200 || total.Elapsed.TotalSeconds < 0.5)
        {
            var t0 = Stopwatch.GetTimestamp();
            Gemm.Multiply<T>(a, transA, b, transB, c, m, n, k);
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : 0.5 * (times[times.Count / 2 - 1] + times[times.Count / 2]);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kind"] = "gemm", ["dtype"] = dtype, ["threads"] = threads, ["m"] = m, ["n"] = n, ["k"] = k, ["op"] = op,
            ["median_ms"] = median, ["gflops"] = 2.0 * m * n * k / (median * 1e-3) / 1e9, ["reps"] = times.Count,
            ["alloc_bytes_per_call"] = (double)allocated / times.Count,
        }));
        return 0;
    }

    internal static T[] Random<T>(Random rng, int length) where T : IBinaryFloatingPointIeee754<T>
    {
        var v = new T[length];
        for (var i = 0; i < v.Length; i++) v[i] = T.CreateChecked(2 * rng.NextDouble() - 1);
        return v;
    }
}

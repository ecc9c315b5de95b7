using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Backprop.Functional.Kernels;

namespace Backprop.Functional.Benchmarks;

/// <summary>The <c>gemm</c> mode: ≥1 s warm-up, then ≥200 timed batches of calls (≥0.5 s); prints the median time a call as one JSON line.</summary>
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
        var calls = 0L;
        for (; warmup.Elapsed.TotalSeconds < 1.0; calls++) Gemm.Multiply<T>(a, transA, b, transB, c, m, n, k);
        // Each sample times a batch of calls lasting about 20 µs, so a product of a microsecond is not lost in the clock's ticks.
        var batch = (int)Math.Clamp(calls * 20e-6 / warmup.Elapsed.TotalSeconds, 1, 1 << 16);
        var times = new List<double>(4096);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var total = Stopwatch.StartNew();
        var reps = 0L;
        while (times.Count < 200 || total.Elapsed.TotalSeconds < 0.5)
        {
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < batch; i++) Gemm.Multiply<T>(a, transA, b, transB, c, m, n, k);
            times.Add((Stopwatch.GetTimestamp() - t0) * 1e3 / Stopwatch.Frequency / batch);
            reps += batch;
        }
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : 0.5 * (times[times.Count / 2 - 1] + times[times.Count / 2]);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kind"] = "gemm", ["dtype"] = dtype, ["threads"] = threads, ["m"] = m, ["n"] = n, ["k"] = k, ["op"] = op,
            ["median_ms"] = median, ["gflops"] = 2.0 * m * n * k / (median * 1e-3) / 1e9, ["reps"] = reps,
            ["alloc_bytes_per_call"] = (double)allocated / reps,
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

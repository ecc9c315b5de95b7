using System.Diagnostics;
using System.Text.Json;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Benchmarks;

/// <summary>
/// The cost argument for forward and reverse mode: the full Jacobian of a small network x [1, n] → Dense(64) → tanh
/// → Dense(m), in double, by forward mode (one linearised pass per input, n passes) and by reverse mode (one backward
/// pass per output, m passes), for n and m on either side of each other. One JSON line per (n, m): median
/// milliseconds of each and the ratio forward / reverse, which crosses 1 where n and m cross.
/// </summary>
public static class JacobianTiming
{
    public static int Run(int threads) => Backprop.Functional.Kernels.Parallelism.With(threads, () =>
    {
        foreach (var (n, m) in new[] { (4, 256), (16, 256), (64, 64), (256, 16), (256, 4) })
        {
            var x = Key.Create(1).Normal<double>(new Shape(1, n));
            var net = Nn<double>.Dense(64).Then(Nn<double>.Tanh).Then(Nn<double>.Dense(m));
            var p = net.Init(Key.Create(2), x).OrThrow();
            var forward = Median(() => Diff.JacobianForward(v => net(v), x, p).OrThrow());
            var reverse = Median(() => Diff.JacobianReverse(v => net(v), x, p).OrThrow());
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["inputs"] = n, ["outputs"] = m, ["threads"] = threads,
                ["forward_ms"] = Math.Round(forward, 3), ["reverse_ms"] = Math.Round(reverse, 3),
                ["forward_over_reverse"] = Math.Round(forward / reverse, 2),
            }));
        }
        return 0;
    });

    /// <summary>Median of 11 timed calls after the JIT has settled, in milliseconds.</summary>
    private static double Median(Action f)
    {
        WarmUp.Run(f);
        var times = Enumerable.Range(0, 11).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            f();
            return clock.Elapsed.TotalMilliseconds;
        }).Order().ToArray();
        return times[times.Length / 2];
    }
}

using System.Diagnostics;

namespace Backprop.Functional.Benchmarks;

/// <summary>
/// Warm-up until the JIT has settled. .NET compiles a method quickly first (tier 0), then with profiling, then
/// optimised (tier 1), in the background: a library with hundreds of small generic methods and lambdas can still
/// run partly unoptimised after 1 s, where a single hand-written loop is optimised almost at once, and timing then
/// measures the JIT, not the code. So: at least 20 steps and 1 s (the peers' rule), and then until two
/// successive 0.5 s windows bring no gain of more than 3 % in mean step time over the best before (at most 20 s).
/// </summary>
public static class WarmUp
{
    public readonly record struct Report(int Steps, double Seconds);

    public static Report Run(Action step)
    {
        var clock = Stopwatch.StartNew();
        var (steps, best, flat) = (0, double.PositiveInfinity, 0);
        while (true)
        {
            var (n, t0) = (0, clock.Elapsed.TotalSeconds);
            while (clock.Elapsed.TotalSeconds - t0 < 0.5) { step(); n++; }
            steps += n;
            var mean = (clock.Elapsed.TotalSeconds - t0) / n;
            flat = mean > 0.97 * best ? flat + 1 : 0;
            best = Math.Min(best, mean);
            if (steps >= 20 && clock.Elapsed.TotalSeconds >= 1.0 && flat >= 2 || clock.Elapsed.TotalSeconds >= 20)
                return new(steps, clock.Elapsed.TotalSeconds);
        }
    }
}

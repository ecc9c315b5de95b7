using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Backprop.Functional;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Training;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Benchmarks;

/// <summary>The peers' training-step workload, built with the public API as a user would.</summary>
public static class StepBenchmark
{
    /// <summary>
    /// <paramref name="loop"/> "unfold": Train.Steps with Optimiser.Sgd (metrics, gradient norms, NaN guard);
    /// "donate": the same with parameter donation on (each step reuses the memory of the parameters before it);
    /// "plain": the README's loop, Diff.ValueAndGrad then Optimiser.Sgd(η).Step. <paramref name="timedSteps"/> timed steps (200 as in the
    /// peers; more to profile the steady state).
    /// </summary>
    public static int Run(string workload, string dtype, int threads, string loop = "unfold", int timedSteps = 200) =>
        Backprop.Functional.Kernels.Parallelism.With(threads,
            () => dtype == "f64" ? Run<double>(workload, threads, loop, timedSteps) : Run<float>(workload, threads, loop, timedSteps));

    private static int Run<T>(string workload, int threads, string loop, int timedSteps) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (sizes, batch) = workload == "digits" ? (new[] { 64, 64, 10 }, 32) : (new[] { 784, 256, 128, 10 }, 128);
        var (xs, ys) = Data<T>(8, batch, sizes[0], sizes[^1], Key.Create(0));
        var model = Nn<T>.Sequential([.. sizes[1..^1].Select(h => Nn<T>.Dense(h, Nn<T>.HeNormal).Then(Nn<T>.Relu)), Nn<T>.Dense(sizes[^1])]);
        var p = model.Init(Key.Create(1), xs[0]).OrThrow();
        // Training as users write it: the Train.Steps unfold with plain SGD, over the 8 batches cycled.
        var batches = xs.Select((x, i) => new Dataset<T>(x, ys[i], sizes[^1])).ToArray();
        var steps = Train.Steps(Train.ClassifierObjective(model), Optimiser.Sgd(T.CreateChecked(0.01)), p,
                _ => batches, new TrainSettings(Epochs: int.MaxValue, Donate: loop == "donate"), Key.Create(2))
            .GetEnumerator();
        var plain = p;
        var i = 0;
        double Unfold() => steps.MoveNext() ? steps.Current.Metrics.Loss : throw new InvalidOperationException("the unfold ended");
        var sgd = Optimiser.Sgd(T.CreateChecked(0.01));
        double Plain()
        {
            var batch = batches[i++ % batches.Length];
            var loss = from logits in model(batch.Features) from l in Nn<T>.SoftmaxCrossEntropy(logits, batch.Labels) select l;
            var (value, grads) = Diff.ValueAndGrad(loss, plain).OrThrow();
            plain = sgd.Step(plain, grads, OptState<T>.Empty).Params;
            return double.CreateChecked(value);
        }
        Func<double> Step = loop == "plain" ? Plain : Unfold;
        var loss0 = Step();
        var warm = WarmUp.Run(() => Step());
        var ms = new double[timedSteps];
        var loss = 0.0;
        var alloc0 = GC.GetAllocatedBytesForCurrentThread();
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var pause0 = GC.GetTotalPauseDuration();
        for (var s = 0; s < ms.Length; s++)
        {
            var t0 = Stopwatch.GetTimestamp();
            loss = Step();
            ms[s] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        var alloc = (GC.GetAllocatedBytesForCurrentThread() - alloc0) / (double)ms.Length;
        var pauseMs = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds;
        var totalMs = ms.Sum();
        Array.Sort(ms);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["impl"] = "backprop-functional", ["loop"] = loop, ["workload"] = workload, ["dtype"] = typeof(T) == typeof(float) ? "f32" : "f64", ["threads"] = threads,
            ["median_ms"] = ms[ms.Length / 2], ["p10_ms"] = ms[ms.Length / 10], ["p90_ms"] = ms[ms.Length * 9 / 10],
            ["warmup_steps"] = warm.Steps + 1, ["warmup_s"] = Math.Round(warm.Seconds, 2), ["loss0"] = loss0, ["loss_end"] = loss, ["alloc_bytes_per_step"] = alloc,
            ["gc0"] = GC.CollectionCount(0) - g0, ["gc1"] = GC.CollectionCount(1) - g1, ["gc2"] = GC.CollectionCount(2) - g2,
            ["gc_pause_share"] = Math.Round(pauseMs / totalMs, 4),
        }));
        return 0;
    }

    /// <summary>Class centres plus unit Gaussian noise, as in the peers (from our Key, not System.Random).</summary>
    internal static (Tensor<T>[] X, int[][] Y) Data<T>(int batches, int batch, int features, int classes, Key key) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var keys = key.Split(batches * 2 + 1);
        var centres = keys[0].Normal<double>(new Shape(classes, features));
        var xs = new Tensor<T>[batches];
        var ys = new int[batches][];
        for (var b = 0; b < batches; b++)
        {
            var labels = Enumerable.Range(0, batch).Select(i => (int)(keys[2 * b + 1].Bits(i) % (ulong)classes)).ToArray();
            var noise = keys[2 * b + 2].Normal<double>(new Shape(batch, features));
            var rows = Enumerable.Range(0, batch).Select(i => noise.Rows(i, 1) + centres.Rows(labels[i], 1)).ToArray();
            xs[b] = Tensor<double>.FromSpan(new Shape(batch, features), rows.SelectMany(r => r.ToArray()).ToArray()).Cast<T>();
            ys[b] = labels;
        }
        return (xs, ys);
    }
}

using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Backprop.Functional;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Benchmarks;

/// <summary>
/// A LeNet-5-style conv net on 28×28 inputs, batch 64: one forward+backward step with
/// Diff.ValueAndGrad and Optimiser.Sgd(lr).Step, built with the public API. lenet_torch.py is the same network in PyTorch.
/// </summary>
public static class LeNetBenchmark
{
    private const int Batch = 64, Side = 28, Classes = 10, Batches = 8;

    /// <summary>Runs <paramref name="steps"/> timed steps after the warm-up of <see cref="WarmUp"/> (at least 20 steps and 1 s); prints one JSON line.</summary>
    public static int Run(string dtype, int threads, int steps = 200) =>
        Backprop.Functional.Kernels.Parallelism.With(threads, () => dtype == "f64" ? Run<double>(threads, steps) : Run<float>(threads, steps));

    /// <summary>conv 6@5×5 pad 2, relu, maxpool 2, conv 16@5×5, relu, maxpool 2, flatten, dense 120, relu, dense 84, relu, dense 10.</summary>
    public static Layer<T> Network<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => Nn<T>.Sequential(
        Nn<T>.Conv2d(6, 5, padding: 2, init: Nn<T>.HeNormal), Nn<T>.Relu, Nn<T>.MaxPool2d(2),
        Nn<T>.Conv2d(16, 5, init: Nn<T>.HeNormal), Nn<T>.Relu, Nn<T>.MaxPool2d(2), Nn<T>.Flatten,
        Nn<T>.Dense(120, Nn<T>.HeNormal), Nn<T>.Relu, Nn<T>.Dense(84, Nn<T>.HeNormal), Nn<T>.Relu, Nn<T>.Dense(Classes));

    private static int Run<T>(int threads, int steps) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (xs, ys) = Data<T>(Key.Create(0));
        var model = Network<T>();
        var p = model.Init(Key.Create(1), xs[0]).OrThrow();
        var lr = T.CreateChecked(0.01);
        var i = 0;
        var sgd = Optimiser.Sgd(lr);
        double Step()
        {
            var (x, y) = (xs[i % Batches], ys[i % Batches]);
            i++;
            var loss = from logits in model(x) from l in Nn<T>.SoftmaxCrossEntropy(logits, y) select l;
            var (value, grads) = Diff.ValueAndGrad(loss, p).OrThrow();
            p = sgd.Step(p, grads, OptState<T>.Empty).Params;
            return double.CreateChecked(value);
        }
        var loss0 = Step();
        var warm = WarmUp.Run(() => Step()).Steps + 1;
        var ms = new double[steps];
        var lossEnd = 0.0;
        var alloc0 = GC.GetAllocatedBytesForCurrentThread();
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        for (var s = 0; s < ms.Length; s++)
        {
            var t0 = Stopwatch.GetTimestamp();
            lossEnd = Step();
            ms[s] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        var alloc = (GC.GetAllocatedBytesForCurrentThread() - alloc0) / (double)ms.Length;
        Array.Sort(ms);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["impl"] = "backprop-functional", ["workload"] = "lenet5", ["dtype"] = typeof(T) == typeof(float) ? "f32" : "f64",
            ["threads"] = threads, ["batch"] = Batch, ["median_ms"] = ms[ms.Length / 2], ["p10_ms"] = ms[ms.Length / 10],
            ["p90_ms"] = ms[ms.Length * 9 / 10], ["warmup_steps"] = warm, ["steps"] = steps, ["loss0"] = loss0, ["loss_end"] = lossEnd,
            ["alloc_bytes_per_step"] = alloc,
            ["gc0"] = GC.CollectionCount(0) - g0, ["gc1"] = GC.CollectionCount(1) - g1, ["gc2"] = GC.CollectionCount(2) - g2,
        }));
        return 0;
    }

    /// <summary>8 batches of [64, 1, 28, 28]: a fixed image per class plus unit Gaussian noise, so the loss can fall.</summary>
    internal static (Tensor<T>[] X, int[][] Y) Data<T>(Key key) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int pixels = Side * Side;
        var keys = key.Split(Batches * 2 + 1);
        var centres = keys[0].Normal<double>(new Shape(Classes, pixels));
        var xs = new Tensor<T>[Batches];
        var ys = new int[Batches][];
        for (var b = 0; b < Batches; b++)
        {
            var labels = Enumerable.Range(0, Batch).Select(r => (int)(keys[2 * b + 1].Bits(r) % Classes)).ToArray();
            var noise = keys[2 * b + 2].Normal<double>(new Shape(Batch, pixels));
            var rows = Enumerable.Range(0, Batch).SelectMany(r => (noise.Rows(r, 1) + centres.Rows(labels[r], 1)).ToArray()).ToArray();
            xs[b] = Tensor<double>.FromSpan(new Shape(Batch, 1, Side, Side), rows).Cast<T>();
            ys[b] = labels;
        }
        return (xs, ys);
    }
}

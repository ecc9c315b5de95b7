using System.Numerics;
using System.Text.Json;
using Backprop.Functional;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Training;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Benchmarks;

/// <summary>
/// The <c>alloc</c> mode: bytes allocated per steady-state training step, with parameter donation off and on, one JSON
/// line each. mlp: 784-256-128-10 at batch 128 on the <c>step</c> workload's data; conv: the LeNet-5 net of
/// <c>conv</c> at batch 64. Loops: "unfold" is Train.Steps (TrainSettings.Donate), "plain" is Diff.ValueAndGrad then
/// Step or StepDonating. One thread; GC.GetAllocatedBytesForCurrentThread around the timed steps after a warm-up.
/// </summary>
public static class AllocationCount
{
    public static int Run(string workload, string dtype, string optimiser, int steps) =>
        Backprop.Functional.Kernels.Parallelism.With(1, () => dtype == "f64" ? Run<double>(workload, optimiser, steps) : Run<float>(workload, optimiser, steps));

    private static int Run<T>(string workload, string optimiser, int steps) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (model, xs, ys, classes) = workload == "conv" ? Conv<T>() : Mlp<T>();
        var opt = optimiser == "adam" ? Optimiser.Adam(T.CreateChecked(1e-3)) : Optimiser.Sgd(T.CreateChecked(0.01));
        var p0 = model.Init(Key.Create(1), xs[0]).OrThrow();
        var batches = xs.Select((x, i) => new Dataset<T>(x, ys[i], classes)).ToArray();
        foreach (var loop in new[] { "unfold", "plain" })
            foreach (var donate in new[] { false, true })
            {
                var step = loop == "unfold" ? Unfold(model, opt, p0, batches, donate) : Plain(model, opt, p0, batches, donate);
                for (var i = 0; i < 30; i++) step();
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < steps; i++) step();
                var perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)steps;
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["workload"] = workload, ["dtype"] = typeof(T) == typeof(float) ? "f32" : "f64", ["optimiser"] = optimiser, ["loop"] = loop,
                    ["donate"] = donate, ["steps"] = steps, ["bytes_per_step"] = Math.Round(perStep),
                    ["parameter_bytes"] = p0.ParameterCount * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(),
                }));
            }
        return 0;
    }

    private static Action Unfold<T>(Layer<T> model, Transform<T> opt, Params<T> p0, Dataset<T>[] batches, bool donate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var states = Train.Steps(Train.ClassifierObjective(model), opt, p0, _ => batches, new TrainSettings(int.MaxValue, Donate: donate), Key.Create(2))
            .GetEnumerator();
        return () => { if (!states.MoveNext()) throw new InvalidOperationException("the unfold ended"); };
    }

    private static Action Plain<T>(Layer<T> model, Transform<T> opt, Params<T> p0, Dataset<T>[] batches, bool donate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (p, s, i) = (p0.Copy(), opt.Init(p0), 0);
        return () =>
        {
            var batch = batches[i++ % batches.Length];
            var loss = from logits in model(batch.Features) from l in Nn<T>.SoftmaxCrossEntropy(logits, batch.Labels) select l;
            var (_, grads) = Diff.ValueAndGrad(loss, p).OrThrow();
            (p, s) = donate ? opt.StepDonating(p, grads, s) : opt.Step(p, grads, s);
        };
    }

    private static (Layer<T>, Tensor<T>[], int[][], int) Mlp<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (xs, ys) = StepBenchmark.Data<T>(8, 128, 784, 10, Key.Create(0));
        var model = Nn<T>.Sequential(Nn<T>.Dense(256, Nn<T>.HeNormal).Then(Nn<T>.Relu), Nn<T>.Dense(128, Nn<T>.HeNormal).Then(Nn<T>.Relu), Nn<T>.Dense(10));
        return (model, xs, ys, 10);
    }

    private static (Layer<T>, Tensor<T>[], int[][], int) Conv<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (xs, ys) = LeNetBenchmark.Data<T>(Key.Create(0));
        return (LeNetBenchmark.Network<T>(), xs, ys, 10);
    }
}

using Backprop.Functional.Kernels;
using System.Runtime.InteropServices;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using Xunit;
using static Backprop.Functional.Nn<float>;

namespace Backprop.Functional.Tests.Training;

[Collection("Parallelism")]
public class DeterminismTests
{
    private static byte[] TrainBytes()
    {
        var data = TrainTests.Digits(300);
        var model = Sequential(Dense(32, HeNormal).Then(Relu), Dense(10));
        var p0 = model.Init(Key.Create(11), data.Features.Rows(0, 2)).OrThrow();
        var last = Train.Steps(model, Optimiser.Adam(0.01f), p0, data, 32, new TrainSettings(2), Key.Create(12), 0.1).Last();
        return last.Params.SelectMany(e => MemoryMarshal.AsBytes(e.Value.Span).ToArray())
            .Concat(last.OptState.ToParams().SelectMany(e => MemoryMarshal.AsBytes(e.Value.Span).ToArray())).ToArray();
    }

    [Fact]
    public void Same_key_and_data_give_bit_identical_parameters_on_every_run() =>
        Assert.Equal(TrainBytes(), TrainBytes());

    /// <summary>Wide enough (128x512x64 products) that the GEMM takes its threaded path at 2 threads.</summary>
    private static byte[] WideTrainBytes(int threads) => Parallelism.With(threads, () =>
    {
        var data = TrainTests.Digits(512);
        var model = Sequential(Dense(512, HeNormal).Then(Relu), Dense(10));
        var p0 = model.Init(Key.Create(21), data.Features.Rows(0, 2)).OrThrow();
        var last = Train.Steps(model, Optimiser.Adam(0.01f), p0, data, 128, new TrainSettings(2), Key.Create(22)).Last();
        return last.Params.SelectMany(e => MemoryMarshal.AsBytes(e.Value.Span).ToArray()).ToArray();
    });

    [Fact]
    public void One_and_two_threads_give_bit_identical_parameters() =>
        Assert.Equal(WideTrainBytes(1), WideTrainBytes(2));
}

using System.Runtime.InteropServices;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using Xunit;

namespace Backprop.Functional.Tests.Serialisation;

public class CheckpointTests
{
    [Fact]
    public void Resuming_from_a_checkpoint_continues_bit_identically()
    {
        var data = Datasets.Digits<float>().OrThrow();
        var key = Key.Create(11);
        var (initKey, rest) = key.Split();
        var (batchKey, stepKey) = rest.Split();
        var model = Nn<float>.Sequential([Nn<float>.Dense(32, Nn<float>.HeNormal).Then(Nn<float>.Relu), Nn<float>.Dense(10)]);
        var p0 = model.Init(initKey, data.Features.Rows(0, 2)).OrThrow();
        IEnumerable<Dataset<float>> Batches(Key k) => data.Batches(k, 32).Take(6);
        var objective = Train.ClassifierObjective(model);
        var opt = Optimiser.Adam(0.01f);
        IEnumerable<TrainState<float>> Run(int epochs, Params<float> p, Key k, OptState<float>? s = null) =>
            Train.Steps(objective, opt, p, Batches, new TrainSettings(epochs), k, optState: s);

        var straight = Run(4, p0, stepKey).Last();

        var first = Run(2, p0, stepKey).Last();
        var path = Path.Combine(Path.GetTempPath(), $"bf-ckpt-{Guid.NewGuid():N}.safetensors");
        new Checkpoint<float>(first.Step, first.Key, first.Params, Params<float>.Empty, first.OptState.ToParams()).Save(path).OrThrow();
        var loaded = Checkpoint<float>.Load(path).OrThrow();
        File.Delete(path);
        var restored = opt.Restore(loaded.Params, loaded.OptimiserState).OrThrow();
        var resumed = Run(2, loaded.Params, loaded.Key, restored).Last();

        Assert.Equal(12, loaded.Step);
        Assert.Equal(first.Key, loaded.Key);
        Assert.Equal(12.0f, loaded.OptimiserState["adam/count"].ToScalar());
        Assert.Equal(Safetensors.Serialise(first.OptState.ToParams()).OrThrow(), Safetensors.Serialise(restored.ToParams()).OrThrow());
        Assert.Equal(0, loaded.LayerState.Count);
        Assert.Equal(straight.Key, resumed.Key);
        Assert.NotEqual(Safetensors.Serialise(first.Params).OrThrow(), Safetensors.Serialise(straight.Params).OrThrow());
        Assert.Equal(Safetensors.Serialise(straight.Params).OrThrow(), Safetensors.Serialise(resumed.Params).OrThrow());
    }

    [Fact]
    public void Trees_come_back_under_their_own_prefix()
    {
        var t = Tensor.Vector(1.0, 2.0);
        var c = new Checkpoint<double>(3, Key.Create(1), Params<double>.From([new("dense_1/w", t)]),
            Params<double>.From([new("bn_1/mean", 2.0 * t)]), Params<double>.From([new("dense_1/w/m", 3.0 * t)]));
        var back = Checkpoint<double>.FromBytes(c.ToBytes().OrThrow(), "mem").OrThrow();
        Assert.Equal((3, c.Key), (back.Step, back.Key));
        Assert.Equal([1.0, 2.0], back.Params["dense_1/w"].ToArray());
        Assert.Equal([2.0, 4.0], back.LayerState["bn_1/mean"].ToArray());
        Assert.Equal([3.0, 6.0], back.OptimiserState["dense_1/w/m"].ToArray());
    }

    [Fact]
    public void Files_that_are_not_checkpoints_are_refused()
    {
        var plain = Safetensors.Serialise(Params<double>.From([new("w", Tensor.Vector(1.0))])).OrThrow();
        Assert.Equal("x: __metadata__ format is '', not 'backprop.checkpoint/1': not a checkpoint",
            Checkpoint<double>.FromBytes(plain, "x").Match(_ => "", e => e.Message));
        var stray = Safetensors.Serialise(Params<double>.From([new("w", Tensor.Vector(1.0))]),
            new Dictionary<string, string> { ["format"] = "backprop.checkpoint/1", ["step"] = "1", ["key"] = "00000000000000FF" }).OrThrow();
        Assert.Equal("x: tensor 'w' is under none of params/, state/, opt/", Checkpoint<double>.FromBytes(stray, "x").Match(_ => "", e => e.Message));
        var badStep = Safetensors.Serialise(Params<double>.Empty,
            new Dictionary<string, string> { ["format"] = "backprop.checkpoint/1", ["step"] = "-1", ["key"] = "FF" }).OrThrow();
        Assert.Equal("x: __metadata__ step '-1' is not a non-negative integer", Checkpoint<double>.FromBytes(badStep, "x").Match(_ => "", e => e.Message));
        var pt = Safetensors.Serialise(Params<double>.Empty, new Dictionary<string, string> { ["format"] = "pt" }).OrThrow();
        Assert.Equal("x: __metadata__ format is 'pt', not 'backprop.checkpoint/1': not a checkpoint",
            Checkpoint<double>.FromBytes(pt, "x").Match(_ => "", e => e.Message));
        var badKey = Safetensors.Serialise(Params<double>.Empty,
            new Dictionary<string, string> { ["format"] = "backprop.checkpoint/1", ["step"] = "1", ["key"] = "0x1G" }).OrThrow();
        Assert.Equal("x: __metadata__ key '0x1G' is not a 64-bit hexadecimal number", Checkpoint<double>.FromBytes(badKey, "x").Match(_ => "", e => e.Message));
    }
}

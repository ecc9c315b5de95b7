using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Backprop.Functional.Training;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Training;

/// <summary>Train.Steps with TrainSettings.Donate: the same bits as without, and a donated state read later throws.</summary>
public class DonationTests
{
    private static Dataset<T> Blobs<T>(Key key, int rows, int features, int classes) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (kx, ky) = key.Split();
        var labels = Enumerable.Range(0, rows).Select(i => (int)(ky.Bits(i) % (ulong)classes)).ToArray();
        return new(kx.Normal<T>(new Shape(rows, features)), labels, classes);
    }

    private static Layer<T> Model<T>(int hidden, bool batchNorm) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        batchNorm
            ? Nn<T>.Sequential(Nn<T>.Dense(hidden, Nn<T>.HeNormal), Nn<T>.BatchNorm(), Nn<T>.Relu, Nn<T>.Dense(3))
            : Nn<T>.Sequential(Nn<T>.Dense(hidden, Nn<T>.HeNormal).Then(Nn<T>.Relu), Nn<T>.Dense(3));

    private static Transform<T> Optimiser<T>(int kind) where T : unmanaged, IBinaryFloatingPointIeee754<T> => kind switch
    {
        0 => Functional.Optimisers.Optimiser.Sgd(T.CreateChecked(0.1)),
        1 => Functional.Optimisers.Optimiser.Momentum(T.CreateChecked(0.05), T.CreateChecked(0.9)),
        _ => Functional.Optimisers.Optimiser.Adam(T.CreateChecked(0.01)),
    };

    /// <summary>Every step's loss and the final state's parameters, optimiser state, layer state and best snapshot, as bytes.</summary>
    private static (double[] Losses, byte[] Final) Run<T>(int seed, int hidden, int batch, int kind, bool batchNorm, TrainSettings settings)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var key = Key.Create(seed).Split(3);
        var data = Blobs<T>(key[0], 40, 5, 3);
        var model = Model<T>(hidden, batchNorm);
        var (p0, s0) = Diff.InitWithState(model(data.Features.Rows(0, 2)), key[1]).OrThrow();
        var losses = new List<double>();
        TrainState<T>? last = null;
        foreach (var s in Train.Steps(model, Optimiser<T>(kind), p0, data, batch, settings, key[2], 0.25, s0))
        {
            losses.Add(s.Metrics.Loss);
            last = s;
        }
        var trees = new[] { last!.Params, last.OptState.ToParams(), last.LayerState, last.Best?.Params ?? Params<T>.Empty };
        return ([.. losses], [.. trees.SelectMany(t => t.Values).SelectMany(v => MemoryMarshal.AsBytes(v.Span).ToArray())]);
    }

    private static bool SameWithAndWithout<T>(int seed, int hidden, int batch, int kind, bool batchNorm, int patience)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var off = Run<T>(seed, hidden, batch, kind, batchNorm, new TrainSettings(4, patience));
        var on = Run<T>(seed, hidden, batch, kind, batchNorm, new TrainSettings(4, patience, Donate: true));
        return off.Losses.SequenceEqual(on.Losses) && off.Final.SequenceEqual(on.Final);
    }

    private static readonly Gen<(int Seed, int Hidden, int Batch, int Kind, bool BatchNorm, int Patience)> Cases =
        from seed in Gen.Choose(0, 10_000)
        from hidden in Generators.Dim(9)
        from batch in Gen.Choose(1, 12)
        from kind in Gen.Choose(0, 2)
        from batchNorm in Gen.Elements(true, false)
        from patience in Gen.Choose(0, 2)
        select (seed, hidden, batch, kind, batchNorm, patience);

    [Property(MaxTest = 25)]
    public Property Donating_gives_the_same_bits_in_float() =>
        Prop.ForAll(Arb.From(Cases), c => SameWithAndWithout<float>(c.Seed, c.Hidden, c.Batch, c.Kind, c.BatchNorm, c.Patience));

    [Property(MaxTest = 25)]
    public Property Donating_gives_the_same_bits_in_double() =>
        Prop.ForAll(Arb.From(Cases), c => SameWithAndWithout<double>(c.Seed, c.Hidden, c.Batch, c.Kind, c.BatchNorm, c.Patience));

    private static readonly Layer<float> Mlp = Nn<float>.Sequential(Nn<float>.Dense(16, Nn<float>.HeNormal).Then(Nn<float>.Relu), Nn<float>.Dense(10));

    [Fact]
    public void Early_stopping_with_donation_hands_back_the_best_parameters_bit_for_bit()
    {
        // As TrainTests' early stopping: no epoch after the first improves, so the run stops after epoch 3 with epoch 1's parameters.
        var data = TrainTests.Digits(100);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        TrainState<float>[] Run(bool donate) =>
            [.. Train.Steps(Mlp, Functional.Optimisers.Optimiser.Adam(0.01f), p0, data, 25, new TrainSettings(50, Patience: 2, MinDelta: 1e9, Donate: donate), Key.Create(2), 0.2)];
        var (off, on) = (Run(false), Run(true));
        Assert.Equal(StopKind.EarlyStopped, on[^1].Stopped!.Kind);
        Assert.Equal(off.Select(s => s.Metrics.Loss), on.Select(s => s.Metrics.Loss));
        Assert.All(off[^1].Params, e => Assert.Equal(e.Value.ToArray(), on[^1].Params[e.Key].ToArray()));
        var endOfEpoch1 = on.First(s => s.EpochEnd?.Epoch == 1);       // the best snapshot: kept, not donated
        Assert.All(on[^1].Params, e => Assert.Equal(endOfEpoch1.Params[e.Key].ToArray(), e.Value.ToArray()));
        Assert.Throws<InvalidOperationException>(() => on[0].Params.Values[0].ToArray());
    }

    [Fact]
    public void A_state_read_after_the_next_step_throws_saying_it_was_donated()
    {
        var data = TrainTests.Digits(64);
        var p0 = Mlp.Init(Key.Create(3), data.Features.Rows(0, 2)).OrThrow();
        using var steps = Train.Steps(Mlp, Functional.Optimisers.Optimiser.Adam(0.01f), p0, data, 16, new TrainSettings(3, Donate: true), Key.Create(4)).GetEnumerator();
        Assert.True(steps.MoveNext());
        Assert.True(steps.MoveNext());
        var second = steps.Current;
        var w = second.Params["dense_1/w"];
        var view = w.Reshape(new Shape(w.Size));
        var mu = second.OptState.ToParams().Values.First(t => t.Size > 1);
        var copy = second.Params.Copy();
        Assert.False(w.Donated);
        Assert.True(steps.MoveNext());                                  // the third step donates the second state
        Assert.True(w.Donated);
        var e = Assert.Throws<InvalidOperationException>(() => w[0, 0]);
        Assert.Contains("donated", e.Message);
        Assert.Contains("Params.Copy()", e.Message);
        Assert.Contains(w.Shape.ToString(), e.Message);
        Assert.Throws<InvalidOperationException>(() => w.ToArray());
        Assert.Throws<InvalidOperationException>(() => view.ToArray());  // a view of donated memory is donated too
        Assert.Throws<InvalidOperationException>(() => mu.ToArray());
        Assert.Throws<InvalidOperationException>(() => Diff.Run(Mlp(data.Features), second.Params).OrThrow());
        Assert.True(Diff.Run(Mlp(data.Features), copy).IsSucc);          // the copy is the caller's
        Assert.All(steps.Current.Params.Values, t => Assert.False(t.Donated));
    }

    [Fact]
    public void A_best_snapshot_stays_readable_until_a_better_one_replaces_it()
    {
        var data = TrainTests.Digits(64);
        var p0 = Mlp.Init(Key.Create(9), data.Features.Rows(0, 2)).OrThrow();
        var bests = new List<BestSnapshot<float>>();
        var expected = new List<float[]>();
        TrainState<float>? last = null;
        foreach (var s in Train.Steps(Mlp, Functional.Optimisers.Optimiser.Adam(0.01f), p0, data, 16, new TrainSettings(6, Donate: true), Key.Create(10)))
        {
            if (s.Best is { } b && (bests.Count == 0 || !ReferenceEquals(bests[^1], b)))
            {
                bests.Add(b);
                expected.Add(b.Params["dense_1/w"].ToArray());
            }
            if (bests.Count > 0) Assert.Equal(expected[^1], bests[^1].Params["dense_1/w"].ToArray());   // the latest best, read after later steps
            last = s;
        }
        Assert.True(bests.Count >= 3, $"{bests.Count} best snapshots in 6 epochs");
        Assert.Same(bests[^1], last!.Best);
        Assert.False(bests[^1].Params["dense_1/w"].Donated);
        // A replaced snapshot goes with the step after its replacement: the one replaced at the last epoch's end had none.
        Assert.All(bests.SkipLast(2), b => Assert.True(b.Params["dense_1/w"].Donated));
    }

    [Fact]
    public void What_was_passed_in_is_never_donated()
    {
        var data = TrainTests.Digits(64);
        var p0 = Mlp.Init(Key.Create(5), data.Features.Rows(0, 2)).OrThrow();
        var before = p0.Values.Select(t => t.ToArray()).ToArray();
        var last = Train.Steps(Mlp, Functional.Optimisers.Optimiser.Adam(0.01f), p0, data, 16, new TrainSettings(2, Donate: true), Key.Create(6)).Last();
        Assert.Equal(before, p0.Values.Select(t => t.ToArray()).ToArray());
        Assert.All(last.Params.Values, t => Assert.False(t.Donated));
    }

    [Fact]
    public void Without_donation_every_state_stays_readable()
    {
        var data = TrainTests.Digits(64);
        var p0 = Mlp.Init(Key.Create(7), data.Features.Rows(0, 2)).OrThrow();
        var states = Train.Steps(Mlp, Functional.Optimisers.Optimiser.Adam(0.01f), p0, data, 16, new TrainSettings(2), Key.Create(8)).ToList();
        Assert.All(states, s => Assert.All(s.Params.Values, t => Assert.False(t.Donated)));
        Assert.All(states, s => Assert.True(Diff.Run(Mlp(data.Features), s.Params).IsSucc));
    }

    [Fact]
    public void A_non_finite_step_with_donation_keeps_the_last_finite_state_readable()
    {
        var data = Regression.Linear(Key.Create(5), 64);
        var model = Regression.Model();
        var p0 = model.Init(Key.Create(6), data.X).OrThrow();
        TrainState<float> Last(bool donate) =>
            Train.Steps(Regression.Objective(model), Functional.Optimisers.Optimiser.Sgd(2.0f), p0, _ => [data], new TrainSettings(10_000, Donate: donate), Key.Create(7)).Last();
        var (off, on) = (Last(false), Last(true));
        Assert.Equal(StopKind.NonFinite, on.Stopped!.Kind);
        Assert.Equal(off.Step, on.Step);
        Assert.All(off.Params, e => Assert.Equal(e.Value.ToArray(), on.Params[e.Key].ToArray()));
    }
}

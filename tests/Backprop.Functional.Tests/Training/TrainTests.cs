using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using Xunit;
using static Backprop.Functional.Nn<float>;

namespace Backprop.Functional.Tests.Training;

public class TrainTests
{
    internal static Dataset<float> Digits(int rows) =>
        Datasets.Digits<float>().OrThrow() is var all ? all.Take(Enumerable.Range(0, rows).ToArray()) : null!;

    private static readonly Layer<float> Mlp = Sequential(Dense(16, HeNormal).Then(Relu), Dense(10));

    [Fact]
    public void Runs_every_epoch_over_shuffled_batches_and_learns()
    {
        var data = Digits(200);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        var states = Train.Steps(Mlp, Optimiser.Adam(0.01f), p0, data, 32, new TrainSettings(10), Key.Create(2), validationFraction: 0.2).ToList();
        Assert.Equal(10 * 5, states.Count);                            // 160 training rows / 32 = 5 steps per epoch
        Assert.Equal(Enumerable.Range(1, 50), states.Select(s => s.Step));
        Assert.Equal(Enumerable.Range(1, 10), states.Where(s => s.EpochEnd is not null).Select(s => s.EpochEnd!.Epoch));
        Assert.Equal(StopKind.Completed, states[^1].Stopped!.Kind);
        Assert.All(states.SkipLast(1), s => Assert.Null(s.Stopped));
        var (first, last) = (states[4].EpochEnd!, states[^1].EpochEnd!);
        Assert.True(last.TrainLoss < first.TrainLoss / 2 && last.ValidationAccuracy > 0.7, $"train loss {first.TrainLoss} -> {last.TrainLoss}, validation accuracy {last.ValidationAccuracy}");
        Assert.Equal(["dense_1", "dense_2"], states[0].Metrics.GradNorms.Keys);
        Assert.All(states, s => Assert.All(s.Metrics.GradNorms.Values, n => Assert.True(n > 0 && double.IsFinite(n))));
    }

    [Fact]
    public void Batch_size_of_the_whole_set_is_full_batch_descent()
    {
        var data = Digits(50);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        var states = Train.Steps(Mlp, Optimiser.Sgd(0.1f), p0, data, 1000, new TrainSettings(3), Key.Create(2)).ToList();
        Assert.Equal(3, states.Count);
        Assert.All(states, s => Assert.NotNull(s.EpochEnd));
    }

    [Fact]
    public void Early_stopping_returns_the_best_parameters_seen()
    {
        // MinDelta so large that no epoch after the first counts as an improvement: the run stops after 1 + patience
        // epochs and hands back the parameters of epoch 1, not the latest ones.
        var data = Digits(100);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        var states = Train.Steps(Mlp, Optimiser.Sgd(0.1f), p0, data, 25, new TrainSettings(50, Patience: 2, MinDelta: 1e9), Key.Create(2), 0.2).ToList();
        var last = states[^1];
        Assert.Equal(StopKind.EarlyStopped, last.Stopped!.Kind);
        Assert.Equal(3, last.Epoch);
        Assert.Equal(1, last.Best!.Epoch);
        var endOfEpoch1 = states.First(s => s.EpochEnd?.Epoch == 1);
        Assert.All(last.Params, e => Assert.Equal(endOfEpoch1.Params[e.Key].ToArray(), e.Value.ToArray()));
        Assert.Contains("epoch 1", last.Stopped.Detail);
    }

    [Fact]
    public void A_too_high_learning_rate_diverges_and_the_guard_stops_with_a_reason()
    {
        var data = Regression.Linear(Key.Create(5), 64);
        var model = Regression.Model();
        var p0 = model.Init(Key.Create(6), data.X).OrThrow();
        var states = Train.Steps(Regression.Objective(model), Optimiser.Sgd(2.0f), p0, _ => [data], new TrainSettings(10_000), Key.Create(7)).ToList();
        var last = states[^1];
        Assert.Equal(StopKind.NonFinite, last.Stopped!.Kind);
        Assert.True(states.Count < 1000, $"{states.Count} steps before the guard fired");
        Assert.True(last.Metrics.Loss > 1e6 && double.IsFinite(last.Metrics.Loss), $"last finite loss {last.Metrics.Loss}");
        Assert.All(last.Params, e => Assert.All(e.Value.ToArray(), v => Assert.True(float.IsFinite(v))));
        Assert.Matches(@"step \d+ \(epoch \d+\): .*(not finite|is (NaN|∞|-∞|Infinity))", last.Stopped.Detail);
        var rejected = Assert.IsType<RejectedStep>(last.Stopped);
        Assert.Matches("^the (loss|gradient|update)", rejected.Cause);
        Assert.Equal($"step {last.Step + 1} (epoch {last.Epoch}): {rejected.Cause}; kept the state after step {last.Step}", rejected.Detail);
    }

    [Fact]
    public void A_small_learning_rate_converges_on_the_same_problem()
    {
        var data = Regression.Linear(Key.Create(5), 64);
        var model = Regression.Model();
        var p0 = model.Init(Key.Create(6), data.X).OrThrow();
        var last = Train.Steps(Regression.Objective(model), Optimiser.Sgd(0.05f), p0, _ => [data], new TrainSettings(500), Key.Create(7)).Last();
        Assert.Equal(StopKind.Completed, last.Stopped!.Kind);
        Assert.True(last.Metrics.Loss < 0.02, $"final loss {last.Metrics.Loss}");   // the noise variance is 0.01
        Assert.Equal([1f, -2f, 0.5f], last.Params["dense_1/w"].ToArray().Select(v => MathF.Round(v, 1)));
    }

    [Fact]
    public void Bad_settings_are_rejected_when_called_not_when_read()
    {
        var data = Digits(10);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        Assert.Contains("batch size", Assert.Throws<ArgumentOutOfRangeException>(() => Train.Steps(Mlp, Optimiser.Sgd(0.1f), p0, data, 0, new TrainSettings(1), Key.Create(2))).Message);
        Assert.Contains("epochs", Assert.Throws<ArgumentOutOfRangeException>(() => Train.Steps(Mlp, Optimiser.Sgd(0.1f), p0, data, 5, new TrainSettings(0), Key.Create(2))).Message);
    }

    [Fact]
    public void A_batch_that_does_not_fit_ends_the_stream_with_a_reason_not_an_exception()
    {
        var data = Digits(48);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        var (good, bad) = (data.Take([.. Enumerable.Range(0, 16)]), data.Reshape(8, 8).Take([.. Enumerable.Range(16, 16)]));
        var states = new List<TrainState<float>>();
        foreach (var s in Train.Steps(Train.ClassifierObjective(Mlp), Optimiser.Adam(0.01f), p0, _ => [good, good, bad, good], new TrainSettings(2), Key.Create(2)))
            states.Add(s);
        Assert.Equal([1, 2, 2], states.Select(s => s.Step));
        var stop = states[^1].Stopped!;
        Assert.Equal(StopKind.Failed, stop.Kind);
        Assert.StartsWith("step 3 (epoch 1): dense_1: ", stop.Detail);
        Assert.StartsWith("dense_1: ", Assert.IsType<RejectedStep>(stop).Cause);
        Assert.Contains("[16, 8, 8]", stop.Detail);
        Assert.Equal(states[1].Params, states[^1].Params);
    }

    [Fact]
    public void A_validation_set_that_does_not_fit_ends_the_stream_with_a_reason()
    {
        var data = Digits(32);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        var states = Train.Steps(Train.ClassifierObjective(Mlp), Optimiser.Sgd(0.1f), p0, k => data.Batches(k, 16), new TrainSettings(3), Key.Create(2),
            validation: data.Reshape(8, 8)).ToList();
        Assert.Equal(StopKind.Failed, states[^1].Stopped!.Kind);
        Assert.StartsWith("validation after epoch 1: dense_1: ", states[^1].Stopped!.Detail);
    }

    [Fact]
    public void Each_step_gives_the_optimiser_its_loss_and_a_fresh_key()
    {
        var data = Digits(64);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        var seen = new List<ExtraArgs<float>>();
        var sgd = Optimiser.Sgd(0.1f);
        var recording = new Transform<float>("record", sgd.Init, (u, s, p, x) => { seen.Add(x); return sgd.Update(u, s, p, x); });
        var states = Train.Steps(Mlp, recording, p0, data, 16, new TrainSettings(2), Key.Create(2)).ToList();
        Assert.Equal(states.Where(s => s.Step > 0).Select(s => (float)s.Metrics.Loss), seen.Select(x => x.Loss!.Value));
        Assert.Equal(8, seen.Select(x => x.Key!.Value).Distinct().Count());
    }

    [Fact]
    public void A_plateau_cut_in_the_chain_reads_the_training_loss()
    {
        var data = Digits(64);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        var opt = Transforms.Chain(Transforms.ScaleOnPlateau(0.5f, patience: 1, minDelta: 100f), Optimiser.Sgd(0.1f));
        var last = Train.Steps(Mlp, opt, p0, data, 16, new TrainSettings(1), Key.Create(2)).Last();
        // Nothing beats the first loss by 100: every later step is a plateau of one, so the scale halves each time.
        Assert.Equal(0.125f, last.OptState.Part("plateau").Scalar("scale"));
    }

    /// <summary>
    /// Plain SGD takes the gradient norms in its update's pass; a chain that scales the same way takes them in a pass
    /// of their own. Parameters and norms agree to the bit at every step, with and without donation (layers of more
    /// than one block of the norms' sums, so the blocks' order counts).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Plain_sgd_gives_the_bits_of_the_same_update_in_two_passes(bool donate)
    {
        var data = Digits(96);
        var mlp = Sequential(Dense(100, HeNormal).Then(Relu), Dense(10));
        var p0 = mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        var twoPasses = Transforms.Chain(Transforms.Identity<float>(), Transforms.Scale(-0.05f));
        Assert.Equal(-0.05f, Optimiser.Sgd(0.05f).Factor);
        Assert.Null(twoPasses.Factor);
        List<(float[][] Params, double[] Norms)> Run(Transform<float> opt) =>
            [.. Train.Steps(mlp, opt, p0.Copy(), data, 32, new TrainSettings(2, Donate: donate), Key.Create(2))
                .Select(s => (s.Params.Values.Select(t => t.ToArray()).ToArray(), s.Metrics.GradNorms.Values.ToArray()))];
        var (fused, plain) = (Run(Optimiser.Sgd(0.05f)), Run(twoPasses));
        Assert.Equal(6, fused.Count);
        Assert.Equal(plain.Count, fused.Count);
        for (var step = 0; step < fused.Count; step++)
        {
            Assert.Equal(plain[step].Norms.Select(BitConverter.DoubleToInt64Bits), fused[step].Norms.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(2, fused[step].Norms.Length);
            for (var t = 0; t < plain[step].Params.Length; t++)
                Assert.Equal(plain[step].Params[t].Select(BitConverter.SingleToInt32Bits), fused[step].Params[t].Select(BitConverter.SingleToInt32Bits));
        }
    }

    /// <summary>SGD changed by user code (<c>with</c> a function of its own) is not the library's: that function is what runs, not the fused pass.</summary>
    [Fact]
    public void Sgd_with_a_user_update_runs_that_update()
    {
        var data = Digits(32);
        var p0 = Mlp.Init(Key.Create(1), data.Features.Rows(0, 2)).OrThrow();
        var halved = Optimiser.Sgd(0.1f) with { UpdateAndApply = (g, s, p, _) => (p.Zip(g, (w, d) => w.AddScaled(d, -0.05f)), s) };
        Assert.Equal(-0.1f, halved.Factor);
        var ran = Train.Steps(Mlp, halved, p0, data, 32, new TrainSettings(1), Key.Create(2)).Single();
        var expected = Train.Steps(Mlp, Optimiser.Sgd(0.05f), p0, data, 32, new TrainSettings(1), Key.Create(2)).Single();
        Assert.All(expected.Params.Paths, path => Assert.Equal(expected.Params[path].ToArray(), ran.Params[path].ToArray()));
    }
}

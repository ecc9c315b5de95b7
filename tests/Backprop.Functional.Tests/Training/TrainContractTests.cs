using Backprop.Functional.Autodiff;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using Xunit;

namespace Backprop.Functional.Tests.Training;

/// <summary>
/// The unfold's bookkeeping on a toy objective whose numbers are known: L = Σ (w − target)² with the batch's own
/// accuracy figure, so epoch means, the monitored loss, stops, restarts and kept states can be checked exactly.
/// </summary>
public class TrainContractTests
{
    /// <summary>A batch: the target w should move to, and the accuracy the objective reports for it.</summary>
    private sealed record Toy(double Target, double Accuracy, double Scale = 1);

    private static readonly Params<double> W0 = Params<double>.Empty.With("w", Tensor.Vector(1.0));

    private static Diff<double, (Var<double> Loss, double Accuracy)> Objective(Toy b) =>
        from w in Diff.Param<double>("w", new Shape(1), (_, s) => Tensor<double>.Zeros(s))
        from d in Ops.Subtract(w, Tensor.Vector(b.Target))
        from sq in Ops.Multiply(d, d)
        from scaled in Ops.Multiply(sq, Tensor.Vector(b.Scale))
        from l in Ops.Sum(scaled)
        select (l, b.Accuracy);

    private static List<TrainState<double>> Run(Transform<double> opt, TrainSettings settings, Func<Key, IEnumerable<Toy>> batches,
        Toy? validation = null, OptState<double>? optState = null, Params<double>? start = null) =>
        Train.Steps(Objective, opt, start ?? W0, batches, settings, Key.Create(3), validation, optState: optState).ToList();

    [Fact]
    public void Bad_settings_and_arguments_are_refused_before_anything_runs()
    {
        var data = TrainTests.Digits(20);
        var model = Nn<float>.Dense(10);
        var p = model.Init(Key.Create(1), data.Features).OrThrow();
        foreach (var fraction in new[] { -0.1, 1.0, double.NaN })
            Assert.Throws<ArgumentOutOfRangeException>(() => Train.Steps(model, Optimiser.Sgd(0.1f), p, data, 8, new TrainSettings(1), Key.Create(2), fraction));
        Assert.Throws<ArgumentOutOfRangeException>(() => Train.Steps(model, Optimiser.Sgd(0.1f), p, data, 0, new TrainSettings(1), Key.Create(2)));
        foreach (var settings in new[] { new TrainSettings(0), new TrainSettings(1, Patience: -1), new TrainSettings(1, MinDelta: -0.1),
                     new TrainSettings(1, MinDelta: double.NaN), new TrainSettings(1, MinDelta: double.PositiveInfinity) })
            Assert.Throws<ArgumentOutOfRangeException>(() => Run(Optimiser.Sgd(0.1), settings, _ => [new Toy(0, 1)]));
        Assert.Throws<ArgumentNullException>(() => Train.Steps<double, Toy>(null!, Optimiser.Sgd(0.1), W0, _ => [], new TrainSettings(1), Key.Create(1)));
        Assert.Throws<ArgumentNullException>(() => Train.Steps<double, Toy>(Objective, Optimiser.Sgd(0.1), W0, null!, new TrainSettings(1), Key.Create(1)));
    }

    [Fact]
    public void A_loss_above_a_fixed_bound_ends_the_run_with_the_state_before_the_step()
    {
        // w frozen at 1: losses 1, 1, 9; the third exceeds 5.
        var states = Run(Optimiser.Sgd(0.1).Freezing("w"), new TrainSettings(3, MaxLoss: _ => 5), _ => [new Toy(0, 1), new Toy(2, 1), new Toy(4, 1)]);
        Assert.Equal([1.0, 1.0, 1.0], states.Select(s => s.Metrics.Loss));   // the last is step 2's state, kept
        var last = states[^1];
        Assert.Equal((2, 1), (last.Step, last.Epoch));
        Assert.Equal(StopKind.Diverged, last.Stopped!.Kind);
        Assert.Equal((9.0, 5.0), (Assert.IsType<Divergence>(last.Stopped).Loss, ((Divergence)last.Stopped).Bound));
        Assert.Equal("step 3 (epoch 1): the loss 9 exceeds 5; kept the state after step 2", last.Stopped.Detail);
        Assert.IsNotType<Divergence>(Run(Optimiser.Sgd(0.1), new TrainSettings(1), _ => [new Toy(0, 1)])[^1].Stopped);
    }

    [Fact]
    public void A_relative_bound_is_drawn_from_the_first_steps_loss_and_the_first_step_can_be_refused()
    {
        // Losses 1, 1.96, 2.25 against 2 × the first: the third is refused, the second (below) kept.
        var states = Run(Optimiser.Sgd(0.1).Freezing("w"), new TrainSettings(1, MaxLoss: first => 2 * first), _ => [new Toy(0, 1), new Toy(-0.4, 1), new Toy(2.5, 1)]);
        Assert.Equal((2, StopKind.Diverged), (states[^1].Step, states[^1].Stopped!.Kind));
        var divergence = Assert.IsType<Divergence>(states[^1].Stopped);
        Assert.Equal(2.0, divergence.Bound);
        Assert.Equal(2.25, divergence.Loss, 12);
        // A fixed bound below the first step's loss refuses that step: the initial parameters are what is left.
        var refused = Assert.Single(Run(Optimiser.Sgd(0.1), new TrainSettings(1, MaxLoss: _ => 0.5), _ => [new Toy(0, 1)]));
        Assert.Equal((0, StopKind.Diverged), (refused.Step, refused.Stopped!.Kind));
        Assert.Equal([1.0], refused.Params["w"].ToArray());
        // No bound: the same batches run to the end.
        Assert.Equal(StopKind.Completed, Run(Optimiser.Sgd(0.1).Freezing("w"), new TrainSettings(1), _ => [new Toy(0, 1), new Toy(2.5, 1)])[^1].Stopped!.Kind);
    }

    [Fact]
    public void A_loss_equal_to_the_bound_is_not_refused()
    {
        // w frozen at 1: losses 1 and 1 against a bound of 1.
        var states = Run(Optimiser.Sgd(0.1).Freezing("w"), new TrainSettings(1, MaxLoss: _ => 1), _ => [new Toy(0, 1), new Toy(2, 1)]);
        Assert.Equal((2, StopKind.Completed), (states[^1].Step, states[^1].Stopped!.Kind));
    }

    [Fact]
    public void With_donation_the_state_kept_before_a_diverging_step_stays_readable()
    {
        // SGD 0.1 on (w − t)²: w 1 → 0.8 → 0.64; the third batch's loss (0.64 − 100)² is far above 1000 × 1.
        var states = Run(Optimiser.Sgd(0.1), new TrainSettings(1, Donate: true, MaxLoss: first => 1000 * first), _ => [new Toy(0, 1), new Toy(0, 1), new Toy(100, 1)]);
        var last = states[^1];
        Assert.Equal((2, StopKind.Diverged), (last.Step, last.Stopped!.Kind));
        Assert.Equal(0.64, last.Params["w"].ToArray()[0], 12);
        Assert.Throws<InvalidOperationException>(() => states[0].Params["w"].ToArray());   // the state step 2 replaced was donated
    }

    [Fact]
    public void An_epoch_reports_the_mean_of_its_steps_losses_and_accuracies()
    {
        // w frozen at 1: losses (1−0)², (1−3)², (1−1)² = 1, 4, 0; accuracies 0.2, 0.5, 0.8.
        var states = Run(Optimiser.Sgd(0.1).Freezing("w"), new TrainSettings(1), _ => [new Toy(0, 0.2), new Toy(3, 0.5), new Toy(1, 0.8)]);
        Assert.Equal([1.0, 4.0, 0.0], states.Select(s => s.Metrics.Loss));
        var end = states[^1].EpochEnd!;
        Assert.Equal(5.0 / 3, end.TrainLoss, 15);
        Assert.Equal(0.5, end.TrainAccuracy, 15);
        Assert.Equal("Completed: 1 epochs, 3 steps", states[^1].Stopped!.ToString());
    }

    [Fact]
    public void Validation_runs_in_evaluation_mode_and_top_level_parameters_have_the_empty_scope()
    {
        // The accuracy this objective reports is 1 while training and 0 in evaluation.
        static Diff<double, (Var<double> Loss, double Accuracy)> ByMode(Toy b) =>
            from training in Diff.IsTraining<double>()
            from r in Objective(b)
            select (r.Loss, training ? 1.0 : 0.0);
        var end = Train.Steps<double, Toy>(ByMode, Optimiser.Sgd(0.1), W0, _ => [new Toy(0, 1)], new TrainSettings(1), Key.Create(3), new Toy(0, 1)).Last();
        Assert.Equal((1.0, 0.0), (end.EpochEnd!.TrainAccuracy, end.EpochEnd.ValidationAccuracy));
        Assert.Equal([""], end.Metrics.GradNorms.Keys);
        Assert.Equal(2.0, end.Metrics.GradNorms[""], 12);                 // |∂(w − 0)²/∂w| at w = 1
    }

    [Fact]
    public void Without_validation_the_training_loss_is_monitored_and_an_equal_loss_is_no_improvement()
    {
        var states = Run(Optimiser.Sgd(0.1).Freezing("w"), new TrainSettings(10, Patience: 1), _ => [new Toy(0, 1)]);
        var last = states[^1];
        Assert.Equal(StopKind.EarlyStopped, last.Stopped!.Kind);
        Assert.Equal(2, last.Epoch);
        Assert.StartsWith("no improvement of the training loss for 1 epochs", last.Stopped.Detail);
    }

    [Fact]
    public void With_validation_the_validation_loss_is_monitored_whatever_the_training_loss_does()
    {
        // Training pulls w from 1 towards 0 (the training loss falls), validation wants w = 2 (its loss rises): stop.
        var states = Run(Optimiser.Sgd(0.1), new TrainSettings(10, Patience: 1), _ => [new Toy(0, 1)], validation: new Toy(2, 0.5));
        var last = states[^1];
        Assert.Equal(StopKind.EarlyStopped, last.Stopped!.Kind);
        Assert.StartsWith("no improvement of the validation loss for 1 epochs", last.Stopped.Detail);
        Assert.Equal(1, last.Best!.Epoch);
        var first = states[0].EpochEnd!;
        Assert.Equal(Math.Pow(0.8 - 2, 2), first.ValidationLoss, 12);      // w after one step: 1 − 0.1·2·1 = 0.8
        Assert.Equal(0.5, first.ValidationAccuracy);
        // Frozen at the validation target: its loss is 0 every epoch, and an equal loss is no improvement.
        var flat = Run(Optimiser.Sgd(0.1).Freezing("w"), new TrainSettings(3, Patience: 1), _ => [new Toy(0, 1)], validation: new Toy(1, 0.5));
        Assert.Equal(StopKind.EarlyStopped, flat[^1].Stopped!.Kind);
        // Both losses fall: the run completes, with validation and without.
        Assert.Equal(StopKind.Completed, Run(Optimiser.Sgd(0.1), new TrainSettings(3, Patience: 1), _ => [new Toy(0, 1)], validation: new Toy(0, 0.5))[^1].Stopped!.Kind);
        Assert.Equal(StopKind.Completed, Run(Optimiser.Sgd(0.1), new TrainSettings(3, Patience: 1), _ => [new Toy(0, 1)])[^1].Stopped!.Kind);
    }

    [Fact]
    public void An_epoch_without_batches_or_a_validation_batch_that_fails_ends_the_run_with_the_reason()
    {
        var empty = Run(Optimiser.Sgd(0.1), new TrainSettings(2), _ => []);
        Assert.Equal(StopKind.Failed, Assert.Single(empty).Stopped!.Kind);
        Assert.Equal("epoch 1 has no batches", empty[0].Stopped!.Detail);
        var badValidation = Train.Steps<double, Toy>(b => b.Target < 0 ? Broken() : Objective(b), Optimiser.Sgd(0.1), W0,
            _ => [new Toy(0, 1)], new TrainSettings(2), Key.Create(3), validation: new Toy(-1, 0)).ToList();
        Assert.Equal(StopKind.Failed, badValidation[^1].Stopped!.Kind);
        Assert.StartsWith("validation after epoch 1: ", badValidation[^1].Stopped!.Detail);
        Assert.Contains("reshape", badValidation[^1].Stopped!.Detail);
        static Diff<double, (Var<double>, double)> Broken() =>
            from w in Diff.Param<double>("w", new Shape(1), (_, s) => Tensor<double>.Zeros(s))
            from bad in Ops.Reshape(w, new Shape(2))
            from l in Ops.Sum(bad)
            select (l, 0.0);
    }

    [Fact]
    public void An_update_that_overflows_from_finite_gradients_is_rejected_naming_the_parameter()
    {
        // ∂/∂w Σw = 1 is finite; −10³⁰⁸ − 10³⁰⁸·1 is not. Only the SGD update's own pass sees it (it checks as it writes).
        var p0 = Params<double>.Empty.With("a_1/w", Tensor.Vector(-1e308, 1.0)).With("b_1/w", Tensor.Vector(1.0));
        Diff<double, (Var<double>, double)> Objective(Toy _) =>
            from a in Diff.Scope("a", Diff.Param<double>("w", new Shape(2), (_, s) => Tensor<double>.Zeros(s)))
            from b in Diff.Scope("b", Diff.Param<double>("w", new Shape(1), (_, s) => Tensor<double>.Zeros(s)))
            from sa in Ops.Sum(a)
            from sb in Ops.Sum(b)
            from l in Ops.Add(sa, sb)
            select (l, 0.0);
        var states = Train.Steps<double, Toy>(Objective, Optimiser.Sgd(1e308), p0, _ => [new Toy(0, 0)], new TrainSettings(1), Key.Create(1)).ToList();
        var stop = Assert.Single(states).Stopped!;
        Assert.Equal(StopKind.NonFinite, stop.Kind);
        Assert.Contains("the update made 'a_1/w' non-finite", stop.Detail);
        Assert.Equal([-1e308, 1.0], states[0].Params["a_1/w"].ToArray());
    }

    /// <summary>Plain SGD finds the non-finite gradient in its update's pass; a chain that scales the same way, in the norms' pass before it.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_gradient_that_is_not_finite_in_one_layer_only_is_named(bool plainSgd)
    {
        Transform<double> Sgd() => plainSgd ? Optimiser.Sgd(0.1) : Transforms.Chain(Transforms.Identity<double>(), Transforms.Scale(-0.1));
        // √a has an infinite derivative at a = 0; b is a second, finite layer.
        var p0 = Params<double>.Empty.With("a_1/w", Tensor.Vector(0.0)).With("b_1/w", Tensor.Vector(1.0));
        Diff<double, (Var<double>, double)> Objective(Toy _) =>
            from a in Diff.Scope("a", Diff.Param<double>("w", new Shape(1), (_, s) => Tensor<double>.Zeros(s)))
            from b in Diff.Scope("b", Diff.Param<double>("w", new Shape(1), (_, s) => Tensor<double>.Zeros(s)))
            from r in Ops.Sqrt(a)
            from sum in Ops.Add(r, b)
            from l in Ops.Sum(sum)
            select (l, 0.0);
        var states = Train.Steps<double, Toy>(Objective, Sgd(), p0, _ => [new Toy(0, 0)], new TrainSettings(1), Key.Create(1)).ToList();
        var stop = Assert.Single(states).Stopped!;
        Assert.True(stop.Kind == StopKind.NonFinite, stop.Detail);
        Assert.Equal(StopKind.NonFinite, stop.Kind);
        Assert.Contains("the gradient of 'a_1/w' is not finite", stop.Detail);
        Assert.Equal([0.0], states[0].Params["a_1/w"].ToArray());              // nothing of the step is kept
        Assert.Equal([1.0], states[0].Params["b_1/w"].ToArray());
        // Every layer's gradient non-finite: still named as the gradient, before any update.
        var alone = Train.Steps<double, Toy>(_ => from a in Diff.Scope("a", Diff.Param<double>("w", new Shape(1), (_, s) => Tensor<double>.Zeros(s)))
                                                  from r in Ops.Sqrt(a)
                                                  from l in Ops.Sum(r)
                                                  select (l, 0.0),
            Sgd(), Params<double>.Empty.With("a_1/w", Tensor.Vector(0.0)), _ => [new Toy(0, 0)], new TrainSettings(1), Key.Create(1)).Single().Stopped!;
        Assert.Contains("the gradient of 'a_1/w' is not finite", alone.Detail);
    }

    [Fact]
    public void A_run_continued_from_its_optimiser_state_equals_the_run_in_one_go()
    {
        var opt = Optimiser.Momentum(0.1, 0.9);
        IEnumerable<Toy> Batches(Key _) => [new Toy(3, 1), new Toy(-1, 1)];
        var whole = Run(opt, new TrainSettings(2), Batches);
        var half = Run(opt, new TrainSettings(1), Batches);
        var rest = Run(opt, new TrainSettings(1), Batches, optState: half[^1].OptState, start: half[^1].Params);
        Assert.Equal(whole[^1].Params["w"].ToArray(), rest[^1].Params["w"].ToArray());
        var fresh = Run(opt, new TrainSettings(1), Batches, start: half[^1].Params);
        Assert.NotEqual(whole[^1].Params["w"].ToArray(), fresh[^1].Params["w"].ToArray());
    }

    [Fact]
    public void Every_state_kept_from_the_sequence_keeps_its_values()
    {
        // Adam's moments live in pooled buffers during a step; states read after the run must still hold their own.
        var opt = Optimiser.Adam(0.1);
        IEnumerable<Toy> Batches(Key _) => [new Toy(3, 1), new Toy(-1, 1), new Toy(2, 1)];
        var kept = Run(opt, new TrainSettings(3), Batches);
        var (p, s) = (W0, opt.Init(W0));
        foreach (var (state, i) in kept.Select((x, i) => (x, i)))
        {
            var batch = Batches(default).ElementAt(i % 3);
            var grads = Diff.ValueAndGrad(Objective(batch), p, default).Match(r => r.Grads, e => throw new Exception(e.Message));
            (p, s) = opt.Step(p, grads, s);
            Assert.Equal(p["w"].ToArray(), state.Params["w"].ToArray());
            Assert.Equal(s.ToParams().Select(e => e.Value.ToArray()), state.OptState.ToParams().Select(e => e.Value.ToArray()));
        }
    }

    [Fact]
    public void A_users_optimiser_may_keep_what_it_is_given()
    {
        var seen = new List<Tensor<double>>();
        var keeper = Transforms.Stateless<double>((u, _) => { seen.Add(u["w"]); return u; }, "keeper").Then(Transforms.Scale(-0.1));
        IEnumerable<Toy> Batches(Key _) => [new Toy(3, 1), new Toy(-1, 1), new Toy(2, 1), new Toy(0, 1)];
        var states = Run(keeper, new TrainSettings(2), Batches);
        var p = W0;
        foreach (var (g, i) in seen.Select((g, i) => (g, i)))
        {
            var expected = Diff.ValueAndGrad(Objective(Batches(default).ElementAt(i % 4)), p, default).Match(r => r.Grads, e => throw new Exception(e.Message));
            Assert.Equal(expected["w"].ToArray(), g.ToArray());
            p = states[i].Params;
        }
    }

    [Fact]
    public void Predictions_take_the_largest_logit_along_the_last_axis()
    {
        var logits = Tensor.Create(new Shape(1, 2, 3), 0.0, 5.0, 1.0, 9.0, 2.0, 3.0);
        Assert.Equal([1, 0], Metrics.Predictions(logits));
        Assert.Equal(0.0, Metrics.Accuracy(Tensor<double>.Zeros(new Shape(0, 3)), []));
        Assert.Equal(0.5, Metrics.Accuracy(logits.Reshape(new Shape(2, 3)), [1, 2]));
    }
}

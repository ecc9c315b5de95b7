using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Kernels;
using Backprop.Functional.Losses;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Training;

public static partial class Train
{
    /// <summary>
    /// Trains a classifier on <paramref name="data"/>: the unfold of <see cref="Steps{T,B}"/> over shuffled
    /// mini-batches of <paramref name="batchSize"/> rows (1 is SGD on single examples; data.Count or more is
    /// full-batch descent), with softmax cross-entropy as the loss and accuracy as a metric. When
    /// <paramref name="validationFraction"/> is in (0, 1), that fraction of the rows is held out (a keyed split)
    /// and measured at each epoch's end. Settings and batch size are checked here, before anything runs.
    /// </summary>
    public static IEnumerable<TrainState<T>> Steps<T>(
        Layer<T> model, Transform<T> optimiser, Params<T> initial, Dataset<T> data, int batchSize,
        TrainSettings settings, Key key, double validationFraction = 0, Params<T>? layerState = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"train: batch size must be positive, got {batchSize}");
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, $"train: validation fraction must be in [0, 1), got {validationFraction}");
        var (splitKey, runKey) = key.Split();
        var (train, validation) = validationFraction > 0 ? data.Split(splitKey, 1 - validationFraction) : (data, null);
        var size = Math.Min(batchSize, Math.Max(1, train.Count));
        return Steps(ClassifierObjective(model), optimiser, initial, k => train.Batches(k, size), settings, runKey, validation, layerState);
    }

    /// <summary>A classifier's objective: mean softmax cross-entropy of its logits, with the batch accuracy as a metric.</summary>
    public static Func<Dataset<T>, Diff<T, (Var<T> Loss, double Accuracy)>> ClassifierObjective<T>(Layer<T> model)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        batch => from logits in model(batch.Features)
                 from loss in Loss.SoftmaxCrossEntropy(logits, batch.Labels)
                 select (loss, Metrics.Accuracy(logits.Raw, batch.Labels));

    /// <summary>
    /// Training as an unfold: a lazy sequence of immutable states, one per mini-batch, for any kind of batch
    /// <typeparamref name="B"/>. Each step splits the key, takes the loss and gradient of
    /// <paramref name="objective"/> at the current parameters (training mode, layer state threaded through
    /// <see cref="Diff.ValueAndGrad{T,A}"/>), records per-layer gradient norms, and applies
    /// <paramref name="optimiser"/>. <paramref name="epochBatches"/> gives an epoch's batches from a key (so each
    /// epoch is shuffled differently but reproducibly). At each epoch's end the validation batch (if any) is measured
    /// in evaluation mode, the best checkpoint kept and early stopping decided.
    /// The guard: a step whose loss, gradient or new parameters are not all finite is rejected; the sequence
    /// ends with the last finite state, its <see cref="TrainState{T}.Stopped"/> saying which step and what.
    /// Likewise a batch (or validation set) the program cannot run on ends it with <see cref="StopKind.Failed"/>
    /// and the error: reading the sequence never throws for bad data.
    /// Settings are checked when this is called; nothing else runs until the sequence is read. To continue a run, pass
    /// the optimiser state it reached (<paramref name="optState"/>; from a checkpoint through
    /// <see cref="TransformExtensions.Restore{T}"/>); without one the optimiser starts from its Init.
    /// With <see cref="TrainSettings.Donate"/>, each state's tensors are valid only until the next state is read (their
    /// memory is reused; reading them later throws); the last state, the latest best snapshot and what was passed in stay valid.
    /// </summary>
    public static IEnumerable<TrainState<T>> Steps<T, B>(
        Func<B, Diff<T, (Var<T> Loss, double Accuracy)>> objective, Transform<T> optimiser, Params<T> initial,
        Func<Key, IEnumerable<B>> epochBatches, TrainSettings settings, Key key, B? validation = null, Params<T>? layerState = null,
        OptState<T>? optState = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where B : class
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(epochBatches);
        var checkedSettings = settings.Validated();
        var start = new TrainState<T>(initial, optState ?? optimiser.Init(initial), layerState ?? Params<T>.Empty, key, 0, 1, StepMetrics.None);
        return Unfold(objective, optimiser, start, epochBatches, checkedSettings, validation);
    }

    private static IEnumerable<TrainState<T>> Unfold<T, B>(
        Func<B, Diff<T, (Var<T> Loss, double Accuracy)>> objective, Transform<T> optimiser, TrainState<T> state,
        Func<Key, IEnumerable<B>> epochBatches, TrainSettings settings, B? validation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where B : class
    {
        var sinceBest = 0;
        double? firstLoss = null;                                 // the first step's loss, which MaxLoss's bound is drawn from
        var (given, owned) = (state, false);
        BestSnapshot<T>? replaced = null;                         // a best snapshot a better one replaced: donated with the next step
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            var (rest, shuffle) = state.Key.Split();
            state = state with { Key = rest, Epoch = epoch };
            TrainState<T>? pending = null;
            double lossSum = 0, accuracySum = 0;
            var count = 0;
            foreach (var batch in epochBatches(shuffle))
            {
                if (pending is not null) yield return pending;
                var (next, rejected) = StepOn(objective, optimiser, state, batch);
                firstLoss ??= rejected is null ? next.Metrics.Loss : null;
                rejected ??= Diverged(settings, firstLoss, state, next);
                if (rejected is not null)
                {
                    yield return state with { Stopped = rejected };
                    yield break;
                }
                if (settings.Donate && owned) Donate(state, next, given, replaced);
                (owned, replaced) = (true, null);
                state = next;
                pending = next;
                lossSum += next.Metrics.Loss;
                accuracySum += next.Metrics.Accuracy;
                count++;
            }
            if (pending is null)
            {
                yield return state with { Stopped = new(StopKind.Failed, $"epoch {epoch} has no batches") };
                yield break;
            }

            var (afterVal, valKey) = state.Key.Split();
            var measured = validation is null ? Fin<(double, double)>.Succ((double.NaN, double.NaN)) : Evaluate(objective, state, validation, valKey);
            if (measured.IsFail)
            {
                yield return state with { Stopped = new(StopKind.Failed, $"validation after epoch {epoch}: {measured.Match(_ => "", e => e.Message)}") };
                yield break;
            }
            var (valLoss, valAccuracy) = measured.Match(m => m, _ => default);
            var summary = new EpochMetrics(epoch, lossSum / count, accuracySum / count, valLoss, valAccuracy);
            var monitored = validation is null ? summary.TrainLoss : valLoss;
            var improved = state.Best is null || monitored < state.Best.Loss - settings.MinDelta;
            var best = improved ? new BestSnapshot<T>(state.Params, state.LayerState, epoch, monitored) : state.Best!;
            replaced = improved ? state.Best : null;
            sinceBest = improved ? 0 : sinceBest + 1;
            state = state with { Key = afterVal, EpochEnd = summary, Best = best };
            if (settings.Patience > 0 && sinceBest >= settings.Patience)
            {
                yield return state with
                {
                    Params = best.Params, LayerState = best.LayerState,
                    Stopped = new(StopKind.EarlyStopped, $"no improvement of the {(validation is null ? "training" : "validation")} loss for {sinceBest} epochs; best {best.Loss:G6} at epoch {best.Epoch}"),
                };
                yield break;
            }
            yield return epoch == settings.Epochs ? state with { Stopped = new(StopKind.Completed, $"{epoch} epochs, {state.Step} steps") } : state;
            state = state with { EpochEnd = null };
        }
    }

    /// <summary>The key an optimiser gets (<see cref="ExtraArgs{T}.Key"/>): the step's key folded with this, so the program's own draws are unchanged.</summary>
    private const int OptimiserStream = 0x6f7074;

    /// <summary>The reason to reject <paramref name="next"/> when its loss is above the settings' bound, else null.</summary>
    private static StopReason? Diverged<T>(TrainSettings settings, double? firstLoss, TrainState<T> state, TrainState<T> next)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        settings.MaxLoss is { } bound && firstLoss is { } first && bound(first) is var limit && next.Metrics.Loss > limit
            ? new Divergence(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"step {next.Step} (epoch {next.Epoch}): the loss {next.Metrics.Loss:G4} exceeds {limit:G4}; kept the state after step {state.Step}"),
                next.Metrics.Loss, limit)
            : null;

    /// <summary>One step; a non-null reason means the step was rejected and nothing in it is kept.</summary>
    private static (TrainState<T> Next, StopReason? Rejected) StepOn<T, B>(
        Func<B, Diff<T, (Var<T> Loss, double Accuracy)>> objective, Transform<T> optimiser, TrainState<T> state, B batch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (next, stepKey) = state.Key.Split();
        (TrainState<T>, StopReason) Reject(StopKind kind, string cause) =>
            (state, new RejectedStep(kind, $"step {state.Step + 1} (epoch {state.Epoch}): {cause}; kept the state after step {state.Step}", cause));
        var run = Diff.ValueAndGrad(objective(batch), state.Params, stepKey, state.LayerState);
        if (run.IsFail) return Reject(StopKind.Failed, run.Match(_ => "", e => e.Message));
        var result = run.Match(r => r, _ => null!);
        if (!T.IsFinite(result.Loss)) return Reject(StopKind.NonFinite, $"the loss is {result.Loss}");
        // The gradient norms take one pass over the gradients (a non-finite element makes its layer's norm non-finite).
        // Plain SGD takes them in its own pass, so there the update runs before a non-finite gradient is found.
        var sgd = optimiser.IsLibrary ? optimiser.Factor : null;
        var before = sgd is null ? GradNorms(result.Grads) : null;
        if (before is not null && NonFinite(before, result.Grads) is { } badGrad) return Reject(StopKind.NonFinite, $"the gradient of '{badGrad}' is not finite");
        var (parameters, optState, norms, badSgdGrad) = sgd is { } factor
            ? UpdateSgd(factor, state, result)
            : Update(optimiser, state, result, stepKey.FoldIn(OptimiserStream), before!);
        if (badSgdGrad is not null) return Reject(StopKind.NonFinite, $"the gradient of '{badSgdGrad}' is not finite");
        if (FirstNonFinite(parameters) is { } badParam) return Reject(StopKind.NonFinite, $"the update made '{badParam}' non-finite");
        var metrics = new StepMetrics(double.CreateChecked(result.Loss), result.Aux, norms);
        return (state with { Params = parameters, OptState = optState, LayerState = result.State, Key = next, Step = state.Step + 1, Metrics = metrics }, null);
    }

    /// <summary>
    /// The optimiser step. The library's own optimisers run in an arena: their temporaries go back to the pool, and
    /// so do the gradients once the new parameters and optimiser state exist (unless one of them still holds a
    /// gradient's buffer). An optimiser with user code in it might keep what it is given, so nothing is reused.
    /// </summary>
    private static (Params<T> Params, OptState<T> State, ImmutableSortedDictionary<string, double> Norms, string? BadGrad) Update<T, A>(
        Transform<T> optimiser, TrainState<T> state, GradResult<T, A> result, Key key, ImmutableSortedDictionary<string, double> norms)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var alive = Tensors(result.State, state.LayerState);
        var (parameters, next) = optimiser.PooledStep(state.Params, result.Grads, state.OptState, new ExtraArgs<T>(result.Loss, key), alive);
        if (optimiser.IsLibrary) TensorArena<T>.Recycle(result.Grads.Tensors.AsSpan(), CollectionsMarshal.AsSpan(alive));
        return (parameters, next, norms, null);
    }

    /// <summary>
    /// <see cref="Update"/> for plain SGD (θ′ = θ + factor·g, no state), with the gradient norms taken in the same pass,
    /// and the path of a non-finite gradient (then the gradients are not recycled: the step is rejected).
    /// </summary>
    private static (Params<T> Params, OptState<T> State, ImmutableSortedDictionary<string, double> Norms, string? BadGrad) UpdateSgd<T, A>(
        T factor, TrainState<T> state, GradResult<T, A> result)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var alive = Tensors(result.State, state.LayerState);
        var squares = new double[result.Grads.Count];
        var (parameters, next) = TransformExtensions.Pooled(
            () => (Transforms.AddScaledSquares(state.Params, result.Grads, factor, squares), state.OptState), state.Params, state.OptState, alive);
        var norms = Norms(result.Grads.Scopes, squares);
        var bad = NonFinite(norms, result.Grads);
        if (bad is null) TensorArena<T>.Recycle(result.Grads.Tensors.AsSpan(), CollectionsMarshal.AsSpan(alive));
        return (parameters, next, norms, bad);
    }

    /// <summary>
    /// Donation: gives back the memory of the state a step has replaced (its parameters, optimiser and layer state)
    /// and of a best snapshot a better one replaced, except what the new state, its best snapshot or what the caller
    /// passed in (<paramref name="given"/>) still uses.
    /// </summary>
    private static void Donate<T>(TrainState<T> spent, TrainState<T> next, TrainState<T> given, BestSnapshot<T>? replaced)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var alive = Tensors(next.Params, next.LayerState, given.Params, given.LayerState, next.Best?.Params ?? Params<T>.Empty, next.Best?.LayerState ?? Params<T>.Empty);
        next.OptState.AddTensorsTo(alive);
        given.OptState.AddTensorsTo(alive);
        var dead = Tensors(spent.Params, spent.LayerState, replaced?.Params ?? Params<T>.Empty, replaced?.LayerState ?? Params<T>.Empty);
        spent.OptState.AddTensorsTo(dead);
        TensorArena<T>.Donate(CollectionsMarshal.AsSpan(dead), CollectionsMarshal.AsSpan(alive));
    }

    private static Fin<(double Loss, double Accuracy)> Evaluate<T, B>(
        Func<B, Diff<T, (Var<T> Loss, double Accuracy)>> objective, TrainState<T> state, B validation, Key key)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Run(objective(validation), state.Params, key, training: false, state: state.LayerState)
            .Map(r => (double.CreateChecked(r.Loss.Raw.ToScalar()), r.Accuracy));

    /// <summary>‖∂L/∂θ‖ per layer: the norm over the tensors of each scope (a path without its last segment).</summary>
    public static ImmutableSortedDictionary<string, double> GradNorms<T>(Params<T> grads) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tensors = grads.Tensors;
        var squares = new double[tensors.Length];
        for (var i = 0; i < tensors.Length; i++) squares[i] = Streaming.SumOfSquares<T>(tensors[i].Span);
        return Norms(grads.Scopes, squares);
    }

    /// <summary>The norm of each scope from the Σ x² of its tensors (in path order), summed in that order.</summary>
    private static ImmutableSortedDictionary<string, double> Norms(ImmutableArray<string> scopes, double[] squares)
    {
        // Scopes in order of first appearance (a layer has a few tensors).
        var names = new string[scopes.Length];
        var sums = new double[scopes.Length];
        var distinct = 0;
        for (var i = 0; i < scopes.Length; i++)
        {
            var at = Array.IndexOf(names, scopes[i], 0, distinct);
            if (at < 0) names[at = distinct++] = scopes[i];
            sums[at] += squares[i];
        }
        var result = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        for (var s = 0; s < distinct; s++) result.Add(names[s], Math.Sqrt(sums[s]));
        return result.ToImmutable();
    }

    private static List<Tensor<T>> Tensors<T>(params ReadOnlySpan<Params<T>> trees) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var count = 0;
        foreach (var tree in trees) count += tree.Count;
        var all = new List<Tensor<T>>(count);
        foreach (var tree in trees) all.AddRange(tree.Tensors.AsSpan());
        return all;
    }

    /// <summary>The path of the first gradient with a non-finite element when a norm is not finite, else null.</summary>
    private static string? NonFinite<T>(ImmutableSortedDictionary<string, double> norms, Params<T> grads) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (var (_, n) in norms)
            if (!double.IsFinite(n)) return FirstNonFinite(grads);
        return null;
    }

    private static string? FirstNonFinite<T>(Params<T> tree) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (var (path, t) in tree)
            if (!t.KnownFinite && !Streaming.AllFinite<T>(t.Span)) return path;
        return null;
    }
}

using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Losses;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Training;

/// <summary>Training as an unfold: a lazy sequence of immutable states, one per mini-batch.</summary>
public static partial class Train
{
    /// <summary>
    /// For each batch: take the loss and its gradient at the current parameters, then apply
    /// <paramref name="update"/> (params, grads) ↦ params. Nothing runs until the sequence is read. A batch the
    /// program cannot run on ends the sequence with the state before it, its <see cref="TrainState{T}.Stopped"/>
    /// saying which step and what (never an exception while the sequence is read).
    /// </summary>
    public static IEnumerable<TrainState<T>> Steps<T>(
        Func<Dataset<T>, Diff<T, Var<T>>> loss,
        Func<Params<T>, Params<T>, Params<T>> update,
        Params<T> initial, IEnumerable<Dataset<T>> batches, Key key)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var state = new TrainState<T>(initial, key, 0, T.NaN);
        foreach (var batch in batches)
        {
            var (next, stepKey) = state.Key.Split();
            var result = Diff.ValueAndGrad(loss(batch), state.Params, stepKey);
            if (result.IsFail)
            {
                yield return state with { Stopped = new(StopKind.Failed, $"step {state.Step + 1}: {result.Match(_ => "", e => e.Message)}") };
                yield break;
            }
            var (value, grads) = result.Match(r => r, _ => null!);
            state = new(update(state.Params, grads), next, state.Step + 1, value);
            yield return state;
        }
    }

    /// <summary>The mean softmax cross-entropy of a classifier on a batch.</summary>
    public static Func<Dataset<T>, Diff<T, Var<T>>> ClassifierLoss<T>(Layer<T> model) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        batch => from logits in model(batch.Features)
                 from loss in Loss.SoftmaxCrossEntropy(logits, batch.Labels)
                 select loss;

    /// <summary>Accuracy of a classifier on a data set, in evaluation mode.</summary>
    public static double Accuracy<T>(Layer<T> model, Params<T> parameters, Dataset<T> data, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Metrics.Accuracy(model.Predict(parameters, data.Features, state).OrThrow(), data.Labels);
}

using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Cli;

/// <summary>
/// What a run learns, over batches of type <typeparamref name="B"/> and a test split of type <typeparamref name="S"/>: the objective (loss and the batch accuracy, NaN
/// for regression), the batches of an epoch, and the scores measured on a whole split in evaluation mode
/// (named by <see cref="ScoreNames"/>; <see cref="Sample"/>: a few training rows' features, to initialise the model's shapes: "accuracy", or "rmse", "mae", "r2" in the target's units).
/// </summary>
public sealed record TrainTask<T, B, S>(
    string Kind, S Test, int TrainCount, int TestCount, Tensor<T> Sample, string[] ScoreNames,
    Func<Key, int, IEnumerable<B>> Batches,
    Func<Layer<T>, Func<B, Diff<T, (Var<T> Loss, double Accuracy)>>> Objective,
    Func<Layer<T>, Params<T>, Params<T>, S, Fin<(double Loss, double[] Scores)>> Score)
    where T : unmanaged, IBinaryFloatingPointIeee754<T> where B : class where S : class
{
    public bool IsRegression => Kind == "regression";
}

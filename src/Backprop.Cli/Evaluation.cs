using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using LanguageExt;

namespace Backprop.Cli;

/// <summary>A model measured on a data set in evaluation mode, in chunks of rows (so a conv net's buffers stay small).</summary>
public static class Evaluation
{
    private const int Chunk = 500;

    /// <summary>The predicted class of every row.</summary>
    public static Fin<int[]> Predict<T>(Layer<T> model, Params<T> parameters, Params<T> state, Dataset<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Chunks(data).Select(c => model.Predict(parameters, c.Features, state).Map(Metrics.Predictions))
            .Aggregate(Fin<int[]>.Succ([]), (all, next) => from a in all from b in next select (int[])[.. a, .. b]);

    /// <summary>Mean softmax cross-entropy and accuracy over all rows.</summary>
    public static Fin<(double Loss, double Accuracy)> LossAndAccuracy<T>(Layer<T> model, Params<T> parameters, Params<T> state, Dataset<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Chunks(data).Select(c => Diff.Run(Train.ClassifierObjective(model)(c), parameters, default, training: false, state)
                .Map(r => (Loss: double.CreateChecked(r.Loss.Value.ToScalar()) * c.Count, Correct: r.Accuracy * c.Count)))
            .Aggregate(Fin<(double, double)>.Succ((0, 0)), (all, next) => from a in all from b in next select (a.Item1 + b.Loss, a.Item2 + b.Correct))
            .Map(t => (t.Item1 / Math.Max(1, data.Count), t.Item2 / Math.Max(1, data.Count)));

    private static IEnumerable<Dataset<T>> Chunks<T>(Dataset<T> data) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Enumerable.Range(0, (data.Count + Chunk - 1) / Chunk)
            .Select(i => data.Take([.. Enumerable.Range(i * Chunk, Math.Min(Chunk, data.Count - i * Chunk))]));
}

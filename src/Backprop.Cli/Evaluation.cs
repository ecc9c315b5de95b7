using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Losses;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using LanguageExt;

namespace Backprop.Cli;

/// <summary>
/// A model measured on a data set in evaluation mode, a chunk of rows at a time: as many rows as fit in
/// <see cref="ChunkBytes"/> of buffers, measured on the model itself (a conv net's im2col columns take far more per row
/// than a dense net's activations), so memory stays flat whatever the model or data set.
/// </summary>
public static class Evaluation
{
    /// <summary>The bytes a chunk's forward pass may allocate: below the large-object threshold, so a gen-0 collection frees them.</summary>
    public const long ChunkBytes = 8L << 20;

    /// <summary>
    /// The rows in each float mean of the test loss (the loss is their row-weighted average): a fixed grouping, so the
    /// figure does not depend on the chunk size memory asks for.
    /// </summary>
    public const int LossRows = 500;

    /// <summary>The predicted class of every row.</summary>
    public static Fin<int[]> Predict<T>(Layer<T> model, Params<T> parameters, Params<T> state, Dataset<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Logits(model, parameters, state, data, ChunkRows(model, parameters, state, data.Features)).Map(Metrics.Predictions);

    /// <summary>Mean softmax cross-entropy and accuracy over all rows.</summary>
    public static Fin<(double Loss, double Accuracy)> LossAndAccuracy<T>(Layer<T> model, Params<T> parameters, Params<T> state, Dataset<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LossAndAccuracy(model, parameters, state, LabelledSplit<T>.Of(data));

    /// <summary>As for a data set, over a split (an image set's bytes converted <see cref="LossRows"/> rows at a time).</summary>
    public static Fin<(double Loss, double Accuracy)> LossAndAccuracy<T>(Layer<T> model, Params<T> parameters, Params<T> state, LabelledSplit<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        data.Groups(LossRows)
            .Select(c => Logits(model, parameters, state, c, ChunkRows(model, parameters, state, c.Features)).Bind(logits =>
                Diff.Run(Loss.SoftmaxCrossEntropy<T>(logits, c.Labels), Params<T>.Empty).Map(loss =>
                    (Loss: double.CreateChecked(loss.Value.ToScalar()) * c.Count, Correct: Metrics.Accuracy(logits, c.Labels) * c.Count))))
            .Aggregate(Fin<(double, double)>.Succ((0, 0)), (all, next) => from a in all from b in next select (a.Item1 + b.Loss, a.Item2 + b.Correct))
            .Map(t => (t.Item1 / Math.Max(1, data.Count), t.Item2 / Math.Max(1, data.Count)));

    /// <summary>
    /// How many rows of <paramref name="features"/> a chunk holds: <see cref="ChunkBytes"/> over the bytes one more
    /// row costs (the model run in evaluation mode on one row and on two, plus the row's features); at least 1.
    /// A row's outputs do not depend on the rows beside it, so the chunk size never changes a result.
    /// </summary>
    public static int ChunkRows<T>(Layer<T> model, Params<T> parameters, Params<T> state, Tensor<T> features)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (features.Shape[0] < 2) return 1;
        long Cost(int rows)
        {
            var x = features.Rows(0, rows);
            var before = GC.GetAllocatedBytesForCurrentThread();
            _ = model.Predict(parameters, x, state);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        _ = Cost(1);                                              // first run: one-off allocations (caches, closures)
        var perRow = Math.Max(1, Cost(2) - Cost(1)) + features.Size / features.Shape[0] * Unsafe.SizeOf<T>();
        return (int)Math.Clamp(ChunkBytes / perRow, 1, features.Shape[0]);
    }

    /// <summary>The logits of every row, computed <paramref name="rows"/> at a time and put together.</summary>
    private static Fin<Tensor<T>> Logits<T>(Layer<T> model, Params<T> parameters, Params<T> state, Dataset<T> data, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Slices(data.Count, rows).Select(s => model.Predict(parameters, data.Features.Rows(s.Start, s.Count), state))
            .Aggregate(Fin<List<Tensor<T>>>.Succ([]), (all, next) => from a in all from b in next select Append(a, b))
            .Map(parts => parts.Count == 1 ? parts[0] : Tensor<T>.Concat(0, [.. parts]));

    /// <summary>
    /// Mean squared error on the standardised target, and RMSE, MAE and R² in the target's units
    /// (predictions and targets mapped back by × std + mean; R² against the mean of these rows).
    /// </summary>
    public static Fin<(double Loss, double Rmse, double Mae, double R2, double[] Actual, double[] Predicted)> Regression<T>(
        Layer<T> model, Params<T> parameters, Params<T> state, RegressionSet<T> data, double mean, double std)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        PredictValues(model, parameters, state, data).Map(p =>
        {
            var standard = data.Targets.ToArray().Select(double.CreateChecked).ToArray();
            var loss = standard.Zip(p, (y, f) => (f - y) * (f - y)).Average();
            double[] actual = [.. standard.Select(y => y * std + mean)];
            double[] predicted = [.. p.Select(f => f * std + mean)];
            var errors = actual.Zip(predicted, (y, f) => f - y).ToArray();
            var centre = actual.Average();
            var total = actual.Sum(y => (y - centre) * (y - centre));
            var residual = errors.Sum(e => e * e);
            return (loss, Math.Sqrt(residual / errors.Length), errors.Average(Math.Abs), total > 0 ? 1 - residual / total : double.NaN, actual, predicted);
        });

    /// <summary>The model's single output for every row, in standardised units.</summary>
    public static Fin<double[]> PredictValues<T>(Layer<T> model, Params<T> parameters, Params<T> state, RegressionSet<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = ChunkRows(model, parameters, state, data.Features);
        return Slices(data.Count, rows).Select(s => model.Predict(parameters, data.Features.Rows(s.Start, s.Count), state))
            .Aggregate(Fin<List<double>>.Succ([]), (all, next) => from a in all from b in next select Append(a, b.Span))
            .Map(values => values.ToArray());
    }

    /// <summary>[start, start + size) ranges covering 0..count.</summary>
    private static IEnumerable<(int Start, int Count)> Slices(int count, int size) =>
        Enumerable.Range(0, (count + size - 1) / size).Select(i => (i * size, Math.Min(size, count - i * size)));

    private static int[] Rows((int Start, int Count) slice) => [.. Enumerable.Range(slice.Start, slice.Count)];

    private static List<Tensor<T>> Append<T>(List<Tensor<T>> parts, Tensor<T> next) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        parts.Add(next);
        return parts;
    }

    private static List<double> Append<T>(List<double> values, ReadOnlySpan<T> next) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (var v in next) values.Add(double.CreateChecked(v));
        return values;
    }
}

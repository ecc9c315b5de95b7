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
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Enumerable.Range(0, (data.Count + Chunk - 1) / Chunk)
            .Select(i => data.Take([.. Enumerable.Range(i * Chunk, Math.Min(Chunk, data.Count - i * Chunk))]))
            .Select(c => model.Predict(parameters, c.Features, state).Map(y => y.ToArray().Select(double.CreateChecked).ToArray()))
            .Aggregate(Fin<double[]>.Succ([]), (all, next) => from a in all from b in next select (double[])[.. a, .. b]);

    private static IEnumerable<Dataset<T>> Chunks<T>(Dataset<T> data) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Enumerable.Range(0, (data.Count + Chunk - 1) / Chunk)
            .Select(i => data.Take([.. Enumerable.Range(i * Chunk, Math.Min(Chunk, data.Count - i * Chunk))]));
}

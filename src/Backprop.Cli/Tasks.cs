using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Losses;
using Backprop.Functional.Training;
using Backprop.Functional.Tensors;

namespace Backprop.Cli;

/// <summary>The two tasks `train` runs: a classifier (softmax cross-entropy) and a regression (mean squared error on the standardised target).</summary>
public static class Tasks
{
    public static TrainTask<T, Dataset<T>, LabelledSplit<T>> Classification<T>(PreparedData<T> data) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new("classification", data.Test, data.Train.Count, data.Test.Count, data.Train.First(Math.Min(2, data.Train.Count)), ["accuracy"],
            (key, size) => data.Train.Batches(key, size),
            Train.ClassifierObjective,
            (model, p, state, rows) => Evaluation.LossAndAccuracy(model, p, state, rows).Map(r => (r.Loss, new[] { r.Accuracy })));

    /// <summary>A regression with <paramref name="loss"/> "mse" or "huber"; the test loss is that loss, the scores in the target's units.</summary>
    public static TrainTask<T, RegressionSet<T>, RegressionSet<T>> Regression<T>(PreparedRegression<T> data, string loss) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new("regression", data.Test, data.Train.Count, data.Test.Count, data.Train.Features.Rows(0, Math.Min(2, data.Train.Count)), ["rmse", "mae", "r2"],
            (key, size) => data.Train.Batches(key, size),
            model => RegressionObjective(model, loss),
            (model, p, state, rows) =>
                from l in Diff.Run(RegressionObjective(model, loss)(rows), p, default, training: false, state)
                from r in Evaluation.Regression(model, p, state, rows, data.TargetMean, data.TargetStd)
                select (double.CreateChecked(l.Loss.Value.ToScalar()), new[] { r.Rmse, r.Mae, r.R2 }));

    /// <summary>
    /// The mean squared error, or the Huber loss with δ = 1 (squared within one standard deviation of the target,
    /// absolute beyond: outliers pull less), of the model's single output against the standardised target; no accuracy.
    /// </summary>
    public static Func<RegressionSet<T>, Diff<T, (Var<T> Loss, double Accuracy)>> RegressionObjective<T>(Layer<T> model, string loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        batch => from y in model(batch.Features)
                 from l in loss == "huber" ? Loss.Huber(y, batch.Targets, T.One) : Loss.MeanSquaredError(y, batch.Targets)
                 select (l, double.NaN);
}

using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Training;

/// <summary>Training as an unfold: a lazy sequence of immutable states, one per mini-batch.</summary>
public static partial class Train
{
    /// <summary>Accuracy of a classifier on a data set, in evaluation mode.</summary>
    public static double Accuracy<T>(Layer<T> model, Params<T> parameters, Dataset<T> data, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Metrics.Accuracy(model.Predict(parameters, data.Features, state).OrThrow(), data.Labels);
}

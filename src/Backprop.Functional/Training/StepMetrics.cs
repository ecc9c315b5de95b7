using System.Collections.Immutable;

namespace Backprop.Functional.Training;

/// <summary>
/// What one step measured: the batch loss, the batch accuracy (NaN when the objective has none) and the gradient
/// norm of every layer, by scope ("dense_1" ↦ ‖∂L/∂dense_1/*‖), for spotting vanishing or exploding gradients.
/// </summary>
public sealed record StepMetrics(double Loss, double Accuracy, ImmutableSortedDictionary<string, double> GradNorms)
{
    public static StepMetrics None { get; } = new(double.NaN, double.NaN, ImmutableSortedDictionary<string, double>.Empty);
}

namespace Backprop.Functional.Rules;

/// <summary>How a loss turns per-element (or per-row) terms into one scalar.</summary>
public enum Reduction
{
    /// <summary>The average: the sum divided by the number of terms (the default everywhere).</summary>
    Mean,
    /// <summary>The plain sum: the loss, and so the gradient, grows with the batch.</summary>
    Sum,
}

namespace Backprop.Functional.Autodiff;

/// <summary>How a program runs: building parameters, applying them, or applying and taping for gradients.</summary>
public enum RunMode
{
    /// <summary>Parameters and state are created from their initialisers on first use.</summary>
    Init,
    /// <summary>Parameters are read from the given tree; nothing is taped.</summary>
    Apply,
    /// <summary>As Apply, and every primitive records its pullback for the backward pass.</summary>
    Gradient,
    /// <summary>As Apply, and every primitive pushes its inputs' tangents forward (forward mode: nothing is taped).</summary>
    Forward,
}

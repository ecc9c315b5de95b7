namespace Backprop.Functional.Tensors;

/// <summary>
/// Shapes that do not fit. Rules throw it; the Diff interpreter turns it into an error value
/// that also names the layer path, so callers of Init/ValueAndGrad see a <c>Fin</c>.
/// </summary>
public sealed class ShapeException(string message) : Exception(message);

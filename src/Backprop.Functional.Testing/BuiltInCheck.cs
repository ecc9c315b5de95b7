using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// A gradient check of one built-in rule or layer for generated sizes: <see cref="Run"/> takes
/// <see cref="DimCount"/> dimensions (each ≥ 1) and a key, builds inputs of those sizes from the key and checks them.
/// </summary>
public sealed record BuiltInCheck(string Name, bool IsLayer, int DimCount, Func<int[], Key, GradCheckOptions?, GradCheckReport> Run);

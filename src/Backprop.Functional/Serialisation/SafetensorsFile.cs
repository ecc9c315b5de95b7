using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Serialisation;

/// <summary>What a safetensors file holds: the tensors by name and the "__metadata__" string map.</summary>
public sealed record SafetensorsFile<T>(Params<T> Tensors, ImmutableSortedDictionary<string, string> Metadata)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;

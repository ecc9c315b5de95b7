using System.Globalization;
using System.Text;

namespace Backprop.Functional.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>Nested brackets for small tensors, a summary for large ones.</summary>
    public override string ToString()
    {
        if (Size > 100) return $"Tensor{Shape} (min {Min()}, max {Max()}, mean {Sum() / T.CreateChecked(Size)})";
        var sb = new StringBuilder();
        Write(sb, 0, 0);
        return sb.ToString();
    }

    private T Min() => TensorPrimitives.Min(Span);
    private T Max() => TensorPrimitives.Max(Span);

    private void Write(StringBuilder sb, int axis, int offset)
    {
        if (axis == Rank) { sb.Append(Format(Data[offset])); return; }
        var stride = 1;
        for (var a = axis + 1; a < Rank; a++) stride *= Shape[a];
        sb.Append('[');
        for (var i = 0; i < Shape[axis]; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, axis + 1, offset + i * stride);
        }
        sb.Append(']');
    }

    private static string Format(T v) => double.CreateChecked(v).ToString("G4", CultureInfo.InvariantCulture);
}

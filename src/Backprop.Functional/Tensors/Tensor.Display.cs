using System.Globalization;
using Backprop.Functional.Display;

namespace Backprop.Functional.Tensors;

/// <summary>
/// The notebook form of a tensor: its element type, shape and size, then its values (a vector as one row, a matrix
/// as a table, each cut to <see cref="DisplayEdge"/> rows and columns with "…"), or, past rank 2, min, max and mean.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed partial class Tensor<T> : IHtmlDisplay
{
    /// <summary>Rows and columns shown of a vector or matrix before the rest is elided.</summary>
    public const int DisplayEdge = 12;

    public string ToHtml()
    {
        var head = $"<p><code>Tensor&lt;{ElementName}&gt;</code> {Html.Encode(Shape.ToString())}, {Size.ToString(CultureInfo.InvariantCulture)} value{(Size == 1 ? "" : "s")}</p>";
        return Size == 0 ? head
            : Rank == 0 ? head + $"<pre>{Format(Data[0])}</pre>"
            : Rank == 1 ? head + Html.Table(Indices(Size).Select(Label), [Indices(Size).Select(j => Cell(0, j, 1))])
            : Rank == 2 ? head + Html.Table(Indices(Shape[1]).Select(Label).Prepend(""), Indices(Shape[0]).Select(i => Indices(Shape[1]).Select(j => Cell(i, j, Shape[1])).Prepend(Label(i))))
            : head + $"<p>min {Format(Min())}, max {Format(Max())}, mean {Format(Sum() / T.CreateChecked(Size))}</p>";
    }

    private string Cell(int i, int j, int columns) => i < 0 || j < 0 ? "…" : Format(Data[i * columns + j]);

    private static string Label(int index) => index < 0 ? "…" : index.ToString(CultureInfo.InvariantCulture);

    /// <summary>0 … n−1, or the first <see cref="DisplayEdge"/> indices, −1 for "…", and the last one.</summary>
    private static IEnumerable<int> Indices(int n) =>
        n <= DisplayEdge ? Enumerable.Range(0, n) : Enumerable.Range(0, DisplayEdge - 1).Append(-1).Append(n - 1);

    private static string ElementName =>
        typeof(T) == typeof(float) ? "float" : typeof(T) == typeof(double) ? "double" : typeof(T) == typeof(Half) ? "Half" : typeof(T).Name;
}

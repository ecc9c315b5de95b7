using System.Globalization;
using Backprop.Functional.Display;

namespace Backprop.Functional.Tensors;

/// <summary>The notebook form of a parameter tree: a row per tensor with its path, shape, number of values and norm.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed partial class Params<T> : IHtmlDisplay
{
    private static readonly string[] DisplayHeaders = ["path", "shape", "values", "norm"];

    public string ToHtml() =>
        Html.Table(DisplayHeaders, DisplayRows(), $"{Count} tensor{(Count == 1 ? "" : "s")}, {this.Sum(e => e.Value.Size).ToString(CultureInfo.InvariantCulture)} values");

    private IEnumerable<string[]> DisplayRows() => this.Select(e => new[]
    {
        e.Key, e.Value.Shape.ToString(), e.Value.Size.ToString(CultureInfo.InvariantCulture),
        double.CreateChecked(e.Value.Norm()).ToString("G4", CultureInfo.InvariantCulture),
    });
}

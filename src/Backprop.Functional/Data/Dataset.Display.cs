using System.Globalization;
using Backprop.Functional.Display;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Data;

/// <summary>The notebook form of a data set: its size, the count of each class, and its first rows.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed partial record Dataset<T> : IHtmlDisplay
{
    private const int PreviewRows = 5;
    private const int PreviewFeatures = 8;

    public override string ToString() =>
        $"Dataset: {Count} rows, features {Features.Shape}, {Classes} classes\n"
        + TextTable.Of(["class", "name", "rows"], ClassCounts().Select(c => (IReadOnlyList<string>)[c.Label, c.Name, c.Rows]));

    public string ToHtml() =>
        Html.Table(["class", "name", "rows"], ClassCounts().Select(c => new[] { c.Label, c.Name, c.Rows }),
            $"{Count} rows, features {Features.Shape}, {Classes} classes")
        + Html.Table(PreviewColumns().Select(N).Prepend("label").Prepend("row").Concat(Elided), Enumerable.Range(0, Math.Min(PreviewRows, Count)).Select(Preview), "the first rows");

    private IEnumerable<(string Label, string Name, string Rows)> ClassCounts()
    {
        var counts = new int[Classes];
        foreach (var label in Labels) if ((uint)label < (uint)Classes) counts[label]++;
        return counts.Select((n, c) => (N(c), c < ClassNames.Length ? ClassNames[c] : "", N(n)));
    }

    private IEnumerable<int> PreviewColumns() => Enumerable.Range(0, Math.Min(PreviewFeatures, RowSize));

    private IEnumerable<string> Preview(int row)
    {
        var cells = PreviewColumns().Select(j => double.CreateChecked(Features.Span[row * RowSize + j]).ToString("G4", CultureInfo.InvariantCulture));
        return cells.Prepend(N(Labels[row])).Prepend(N(row)).Concat(Elided);
    }

    private IEnumerable<string> Elided => RowSize > PreviewFeatures ? ["…"] : [];

    private int RowSize => Count == 0 ? 0 : Features.Size / Count;

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}

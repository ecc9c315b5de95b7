using System.Globalization;
using System.Text;
using Backprop.Functional.Display;

namespace Backprop.Functional.Diagnostics;

/// <summary>Counts[true class, predicted class] over a data set, with the class names, as a value.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record ConfusionMatrix(int[,] Counts, IReadOnlyList<string> Names) : IHtmlDisplay
{
    public int Classes => Names.Count;

    public int Total => Counts.Cast<int>().Sum();

    public double Accuracy => Total == 0 ? 0 : (double)Enumerable.Range(0, Classes).Sum(i => Counts[i, i]) / Total;

    public static ConfusionMatrix From(IReadOnlyList<int> labels, IReadOnlyList<int> predicted, IReadOnlyList<string> names)
    {
        if (labels.Count != predicted.Count) throw new ArgumentException($"{labels.Count} labels but {predicted.Count} predictions", nameof(predicted));
        var counts = new int[names.Count, names.Count];
        for (var i = 0; i < labels.Count; i++) counts[labels[i], predicted[i]]++;
        return new(counts, names);
    }

    /// <summary>A text table: a row per true class (its name, counts per predicted class, recall), columns numbered by class.</summary>
    public string ToText()
    {
        var nameWidth = Math.Max(10, Names.Max(n => n.Length) + 4);
        var cell = Math.Max(5, Counts.Cast<int>().Max().ToString(CultureInfo.InvariantCulture).Length + 1);
        var text = new StringBuilder();
        text.Append("true \\ pred".PadRight(nameWidth));
        for (var j = 0; j < Classes; j++) text.Append(j.ToString(CultureInfo.InvariantCulture).PadLeft(cell));
        text.AppendLine("   recall");
        for (var i = 0; i < Classes; i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            text.Append((Names[i] == index ? index : $"{index} {Names[i]}").PadRight(nameWidth));
            for (var j = 0; j < Classes; j++) text.Append(Counts[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(cell));
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {Recall(i),7:P1}"));
        }
        return text.ToString();
    }

    public override string ToString() => ToText();

    /// <summary>The same table in HTML, the diagonal (correct predictions) in bold.</summary>
    public string ToHtml() =>
        Html.TableOfHtml(Enumerable.Range(0, Classes).Select(j => j.ToString(CultureInfo.InvariantCulture)).Prepend("true \\ predicted").Append("recall"),
            Enumerable.Range(0, Classes).Select(i => Enumerable.Range(0, Classes)
                .Select(j => i == j ? $"<b>{Counts[i, j]}</b>" : Counts[i, j].ToString(CultureInfo.InvariantCulture))
                .Prepend(Html.Encode(Names[i] == i.ToString(CultureInfo.InvariantCulture) ? Names[i] : $"{i} {Names[i]}"))
                .Append(Recall(i).ToString("P1", CultureInfo.InvariantCulture))),
            $"accuracy {Accuracy.ToString("P2", CultureInfo.InvariantCulture)} on {Total} examples");

    private double Recall(int i)
    {
        var row = Enumerable.Range(0, Classes).Sum(j => Counts[i, j]);
        return row == 0 ? double.NaN : (double)Counts[i, i] / row;
    }
}

using System.Collections.Immutable;
using System.Net;
using System.Numerics;
using System.Text;
using Backprop.Functional.Display;

namespace Backprop.Functional.Diagnostics;

/// <summary>
/// A backward pass written out: the loss, then each node the pass reached with the cotangent that arrived
/// (∂L/∂z₂, say) and those it sent on (∂L/∂W₂ and ∂L/∂a₁). <see cref="ToString"/> is a text table,
/// <see cref="ToHtml"/> an HTML table for notebooks; numbers are shown as their first few values and norm.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record ChainRuleTrace<T>(T Loss, ImmutableArray<ChainRuleStep<T>> Steps) : IHtmlDisplay
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The step of the node (or parameter) so named, e.g. "dense_2/matmul" or "dense_2/w".</summary>
    public ChainRuleStep<T>? Find(string node) => Steps.FirstOrDefault(s => s.Node == node);

    public override string ToString()
    {
        var rows = Steps.Select(s => (Step: s.Step.ToString(), s.Node, Shape: s.OutputShape.ToString(), In: Compact.Of(s.CotangentIn),
            Out: s.CotangentsOut.Select(e => $"{Target(e)}: {Compact.Of(e.Cotangent)}").DefaultIfEmpty(s.IsParameter ? "(gradient)" : "").ToArray())).ToArray();
        var w = (Step: Width(rows.Select(r => r.Step), "#"), Node: Width(rows.Select(r => r.Node), "node"),
            Shape: Width(rows.Select(r => r.Shape), "shape"), In: Width(rows.Select(r => r.In), "∂L/∂output"));
        var text = new StringBuilder($"loss = {Compact.Number(Loss)}\n");
        Line("#", "node", "shape", "∂L/∂output", "sent to inputs");
        foreach (var r in rows)
            for (var k = 0; k < r.Out.Length; k++)
                if (k == 0) Line(r.Step, r.Node, r.Shape, r.In, r.Out[0]);
                else Line("", "", "", "", r.Out[k]);
        return text.ToString();

        void Line(string a, string b, string c, string d, string e) =>
            text.Append($"{a.PadLeft(w.Step)}  {b.PadRight(w.Node)}  {c.PadRight(w.Shape)}  {d.PadRight(w.In)}  {e}".TrimEnd()).Append('\n');
    }

    /// <summary>An HTML table of the steps (the notebook runner shows it as text/html).</summary>
    public string ToHtml()
    {
        var html = new StringBuilder($"<p>loss = {Compact.Number(Loss)}</p>\n<table>\n<thead><tr><th>#</th><th>node</th><th>shape</th><th>∂L/∂output</th><th>sent to inputs</th></tr></thead>\n<tbody>\n");
        foreach (var s in Steps)
            html.Append($"<tr><td>{s.Step}</td><td><code>{E(s.Node)}</code></td><td>{E(s.OutputShape.ToString())}</td><td>{E(Compact.Of(s.CotangentIn))}</td><td>")
                .Append(string.Join("<br/>", s.CotangentsOut.Select(e => $"<code>{E(Target(e))}</code>: {E(Compact.Of(e.Cotangent))}")))
                .Append(s.IsParameter ? "(gradient)" : "").Append("</td></tr>\n");
        return html.Append("</tbody>\n</table>").ToString();

        static string E(string s) => WebUtility.HtmlEncode(s);
    }

    /// <summary>"x → relu", or just the path for a parameter ("dense_1/w").</summary>
    private static string Target(ChainRuleEdge<T> e) => e.Input == e.To ? e.To : $"{e.Input} → {e.To}";

    private static int Width(IEnumerable<string> cells, string header) => cells.Select(c => c.Length).Append(header.Length).Max();
}

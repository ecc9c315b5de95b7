using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Backprop.Notebooks;

/// <summary>
/// Turns a cell's kernel events into nbformat outputs, as a Jupyter client shows them: console text as stream outputs
/// (adjacent writes to one stream merged), displays as display_data (a display updated in place keeps its place and
/// shows its last value), the cell's value as execute_result, warnings as stderr text.
/// </summary>
internal sealed class KernelOutputs(int executionCount)
{
    private readonly CellOutputs outputs = new();
    private readonly Dictionary<string, int> displays = new(StringComparer.Ordinal);

    public void Add(string? eventType, JsonObject e)
    {
        switch (eventType)
        {
            case "StandardOutputValueProduced": outputs.Write("stdout", Text(e)); break;
            case "StandardErrorValueProduced": outputs.Write("stderr", Text(e)); break;
            case "DisplayedValueProduced":
                var index = outputs.Add(new DisplayData(Bundle(e)));
                if ((string?)e["valueId"] is { } id) displays[id] = index;
                break;
            case "DisplayedValueUpdated":
                if ((string?)e["valueId"] is { } updated && displays.TryGetValue(updated, out var at)) outputs.Replace(at, new DisplayData(Bundle(e)));
                else outputs.Add(new DisplayData(Bundle(e)));
                break;
            case "ReturnValueProduced": outputs.Add(new ExecuteResult(executionCount, Bundle(e))); break;
            case "ErrorProduced": outputs.Write("stderr", ((string?)e["message"] ?? "") + "\n"); break;
            case "DiagnosticsProduced":
                foreach (var d in e["diagnostics"]?.AsArray() ?? [])
                    if ((string?)d?["severity"] == "warning") outputs.Write("stderr", $"{Position(d!)}: warning {(string?)d!["code"]}: {(string?)d["message"]}\n");
                break;
        }
    }

    public KernelResult Succeeded() => new(outputs.ToImmutable(), null);

    public KernelResult Failed(string message) => new(outputs.ToImmutable(), message);

    private static string Text(JsonObject e) =>
        string.Concat((e["formattedValues"]?.AsArray() ?? []).Select(v => (string?)v?["value"] ?? ""));

    private static MimeBundle Bundle(JsonObject e) =>
        (e["formattedValues"]?.AsArray() ?? []).Aggregate(MimeBundle.Empty, (bundle, v) =>
            (string?)v?["mimeType"] is { } mime && (string?)v["value"] is { } value ? bundle.With(mime, value.ReplaceLineEndings("\n")) : bundle);

    /// <summary>"(line,column)", 1-based, as the compiler prints it.</summary>
    private static string Position(JsonNode d) =>
        $"({(int?)d["linePositionSpan"]?["start"]?["line"] + 1},{(int?)d["linePositionSpan"]?["start"]?["character"] + 1})";
}

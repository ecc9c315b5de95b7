using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Notebooks;

/// <summary>
/// Reads and writes .ipynb (nbformat 4) the way Jupyter does: keys sorted, one-space indent,
/// text as lists of lines, a trailing newline. Writing the same notebook twice gives the same bytes.
/// </summary>
public static class NotebookJson
{
    public static Fin<Notebook> Read(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject root ? ReadNotebook(root) : Error.New("a notebook is a JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return Error.New($"not a valid nbformat 4 notebook: {e.Message}");
        }
    }

    public static Fin<Notebook> ReadFile(string path) =>
        File.Exists(path) ? Read(File.ReadAllText(path)).BiMap(n => n, e => Error.New($"{path}: {e.Message}"))
        : Error.New($"{path}: no such notebook");

    public static string Write(Notebook notebook)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 1,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
            WriteSorted(writer, ToJson(notebook));
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Writes the notebook atomically: a temporary file beside it, then a rename, so a failed write leaves the old file whole.</summary>
    public static void WriteFile(string path, Notebook notebook)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temporary, Write(notebook), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, path, overwrite: true);
    }

    private static Fin<Notebook> ReadNotebook(JsonObject root) =>
        root["nbformat"]?.GetValue<int>() is not 4 ? Error.New($"nbformat is {root["nbformat"]?.ToJsonString() ?? "missing"}, expected 4")
        : root["cells"] is not JsonArray cells ? Error.New("'cells' is missing")
        : new Notebook(
            [.. cells.Select(c => ReadCell(c!.AsObject()))],
            Clone(root["metadata"]) ?? [],
            4,
            root["nbformat_minor"]?.GetValue<int>() ?? 0);

    private static Cell ReadCell(JsonObject cell) => new(
        cell["cell_type"]?.GetValue<string>() switch
        {
            "code" => CellKind.Code,
            "markdown" => CellKind.Markdown,
            "raw" => CellKind.Raw,
            var other => throw new FormatException($"unknown cell_type '{other}'"),
        },
        MultilineText(cell["source"]),
        Clone(cell["metadata"]) ?? [],
        cell["outputs"] is JsonArray outputs ? [.. outputs.Select(o => ReadOutput(o!.AsObject()))] : [],
        cell["execution_count"]?.GetValue<int>(),
        cell["id"]?.GetValue<string>(),
        Clone(cell["attachments"]));

    private static Output ReadOutput(JsonObject output) => output["output_type"]?.GetValue<string>() switch
    {
        "stream" => new StreamOutput(output["name"]!.GetValue<string>(), MultilineText(output["text"])),
        "display_data" => new DisplayData(ReadBundle(output["data"])),
        "execute_result" => new ExecuteResult(output["execution_count"]?.GetValue<int>() ?? 0, ReadBundle(output["data"])),
        "error" => new ErrorOutput(output["ename"]!.GetValue<string>(), output["evalue"]!.GetValue<string>(),
            [.. output["traceback"]!.AsArray().Select(t => t!.GetValue<string>())]),
        var other => throw new FormatException($"unknown output_type '{other}'"),
    };

    private static MimeBundle ReadBundle(JsonNode? data) =>
        new((data?.AsObject() ?? []).ToImmutableSortedDictionary(
            e => e.Key,
            e => IsJsonMime(e.Key) ? e.Value!.DeepClone() : JsonValue.Create(MultilineText(e.Value)),
            StringComparer.Ordinal));

    private static bool IsJsonMime(string mime) => mime.StartsWith("application/", StringComparison.Ordinal) && mime.EndsWith("json", StringComparison.Ordinal);

    private static string MultilineText(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => node.GetValue<string>(),
    };

    private static JsonObject? Clone(JsonNode? node) => node?.DeepClone().AsObject();

    private static JsonObject ToJson(Notebook notebook) => new()
    {
        ["cells"] = new JsonArray([.. notebook.Cells.Select(ToJson)]),
        ["metadata"] = notebook.Metadata.DeepClone(),
        ["nbformat"] = notebook.Format,
        ["nbformat_minor"] = notebook.FormatMinor,
    };

    private static JsonNode ToJson(Cell cell)
    {
        var json = new JsonObject
        {
            ["cell_type"] = cell.Kind switch { CellKind.Code => "code", CellKind.Markdown => "markdown", _ => "raw" },
            ["metadata"] = cell.Metadata.DeepClone(),
            ["source"] = Lines(cell.Source),
        };
        if (cell.Id is not null) json["id"] = cell.Id;
        if (cell.Attachments is not null) json["attachments"] = cell.Attachments.DeepClone();
        if (cell.Kind == CellKind.Code)
        {
            json["execution_count"] = cell.ExecutionCount;
            json["outputs"] = new JsonArray([.. cell.Outputs.Select(ToJson)]);
        }
        return json;
    }

    private static JsonNode ToJson(Output output) => output switch
    {
        StreamOutput s => new JsonObject { ["name"] = s.Name, ["output_type"] = "stream", ["text"] = Lines(s.Text) },
        DisplayData d => new JsonObject { ["data"] = ToJson(d.Data), ["metadata"] = new JsonObject(), ["output_type"] = "display_data" },
        ExecuteResult r => new JsonObject
        {
            ["data"] = ToJson(r.Data), ["execution_count"] = r.ExecutionCount, ["metadata"] = new JsonObject(), ["output_type"] = "execute_result",
        },
        ErrorOutput e => new JsonObject
        {
            ["ename"] = e.Name, ["evalue"] = e.Value, ["output_type"] = "error",
            ["traceback"] = new JsonArray([.. e.Traceback.Select(t => (JsonNode)t!)]),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, "unknown output"),
    };

    private static JsonObject ToJson(MimeBundle bundle) => new(bundle.Items.Select(e => KeyValuePair.Create(e.Key,
        (JsonNode?)(e.Key.StartsWith("text/", StringComparison.Ordinal) && bundle.Text(e.Key) is { } text ? Lines(text) : e.Value.DeepClone()))));

    /// <summary>Jupyter's multiline string: one string per line, each keeping its "\n" except the last.</summary>
    private static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = text.IndexOf('\n'); i >= 0; start = i + 1, i = text.IndexOf('\n', start))
            lines.Add(text[start..(i + 1)]);
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}

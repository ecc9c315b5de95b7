using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>
/// nbformat 4.5's JSON schema (nbformat.v4.5.schema.json) as checks in C#: required keys, types, no
/// unknown keys where the schema forbids them, the cell and output enums and each output type's fields.
/// Returns every violation as "path: problem"; an empty list means valid.
/// </summary>
public static partial class NbformatSchema
{
    public static IReadOnlyList<string> Validate(JsonNode? root)
    {
        var errors = new List<string>();
        if (Object(root, "$", errors) is not { } nb) return errors;
        Keys(nb, "$", ["cells", "metadata", "nbformat", "nbformat_minor"], [], errors);
        if (Integer(nb["nbformat"], "$.nbformat", errors) is { } major && major != 4) errors.Add($"$.nbformat: {major}, expected 4");
        if (Integer(nb["nbformat_minor"], "$.nbformat_minor", errors) is { } minor && minor < 5) errors.Add($"$.nbformat_minor: {minor}, the 4.5 schema needs at least 5");
        NotebookMetadata(nb["metadata"], errors);
        if (Array(nb["cells"], "$.cells", errors) is { } cells)
            for (var i = 0; i < cells.Count; i++) Cell(cells[i], $"$.cells[{i}]", errors);
        return errors;
    }

    private static void NotebookMetadata(JsonNode? node, List<string> errors)
    {
        if (Object(node, "$.metadata", errors) is not { } metadata) return;
        if (metadata["kernelspec"] is { } spec && Object(spec, "$.metadata.kernelspec", errors) is { } kernelspec)
        {
            Keys(kernelspec, "$.metadata.kernelspec", ["name", "display_name"], null, errors);
            String(kernelspec["name"], "$.metadata.kernelspec.name", errors);
            String(kernelspec["display_name"], "$.metadata.kernelspec.display_name", errors);
        }
        if (metadata["language_info"] is { } info && Object(info, "$.metadata.language_info", errors) is { } language)
        {
            Keys(language, "$.metadata.language_info", ["name"], null, errors);
            String(language["name"], "$.metadata.language_info.name", errors);
        }
        if (metadata["orig_nbformat"] is { } orig) Integer(orig, "$.metadata.orig_nbformat", errors);
        if (metadata["title"] is { } title) String(title, "$.metadata.title", errors);
        if (metadata["authors"] is { } authors) Array(authors, "$.metadata.authors", errors);
    }

    private static void Cell(JsonNode? node, string path, List<string> errors)
    {
        if (Object(node, path, errors) is not { } cell) return;
        var type = String(cell["cell_type"], $"{path}.cell_type", errors);
        switch (type)
        {
            case "code":
                Keys(cell, path, ["id", "cell_type", "metadata", "source", "outputs", "execution_count"], [], errors);
                if (cell["execution_count"] is { } count && Integer(count, $"{path}.execution_count", errors) is < 0)
                    errors.Add($"{path}.execution_count: negative");
                if (Array(cell["outputs"], $"{path}.outputs", errors) is { } outputs)
                    for (var i = 0; i < outputs.Count; i++) Output(outputs[i], $"{path}.outputs[{i}]", errors);
                break;
            case "markdown" or "raw":
                Keys(cell, path, ["id", "cell_type", "metadata", "source"], ["attachments"], errors);
                if (cell["attachments"] is { } attachments) Object(attachments, $"{path}.attachments", errors);
                break;
            case not null:
                errors.Add($"{path}.cell_type: '{type}' is not one of code, markdown, raw");
                break;
        }
        if (String(cell["id"], $"{path}.id", errors) is { } id && !CellId().IsMatch(id))
            errors.Add($"{path}.id: '{id}' does not match ^[a-zA-Z0-9-_]+$ (1 to 64 characters)");
        Multiline(cell["source"], $"{path}.source", errors);
        if (Object(cell["metadata"], $"{path}.metadata", errors) is { } metadata)
        {
            if (metadata["collapsed"] is { } collapsed) Boolean(collapsed, $"{path}.metadata.collapsed", errors);
            if (metadata["tags"] is { } tags && Array(tags, $"{path}.metadata.tags", errors) is { } list)
                foreach (var tag in list) String(tag, $"{path}.metadata.tags[]", errors);
        }
    }

    private static void Output(JsonNode? node, string path, List<string> errors)
    {
        if (Object(node, path, errors) is not { } output) return;
        switch (String(output["output_type"], $"{path}.output_type", errors))
        {
            case "execute_result":
                Keys(output, path, ["output_type", "data", "metadata", "execution_count"], [], errors);
                if (output["execution_count"] is { } count && Integer(count, $"{path}.execution_count", errors) is < 0)
                    errors.Add($"{path}.execution_count: negative");
                MimeBundle(output["data"], $"{path}.data", errors);
                Object(output["metadata"], $"{path}.metadata", errors);
                break;
            case "display_data":
                Keys(output, path, ["output_type", "data", "metadata"], ["transient"], errors);
                MimeBundle(output["data"], $"{path}.data", errors);
                Object(output["metadata"], $"{path}.metadata", errors);
                break;
            case "stream":
                Keys(output, path, ["output_type", "name", "text"], [], errors);
                String(output["name"], $"{path}.name", errors);
                Multiline(output["text"], $"{path}.text", errors);
                break;
            case "error":
                Keys(output, path, ["output_type", "ename", "evalue", "traceback"], [], errors);
                String(output["ename"], $"{path}.ename", errors);
                String(output["evalue"], $"{path}.evalue", errors);
                if (Array(output["traceback"], $"{path}.traceback", errors) is { } traceback)
                    foreach (var line in traceback) String(line, $"{path}.traceback[]", errors);
                break;
            case { } other:
                errors.Add($"{path}.output_type: '{other}' is not one of execute_result, display_data, stream, error");
                break;
        }
    }

    private static void MimeBundle(JsonNode? node, string path, List<string> errors)
    {
        if (Object(node, path, errors) is not { } bundle) return;
        foreach (var (mime, value) in bundle)
        {
            if (!MimeType().IsMatch(mime)) errors.Add($"{path}: '{mime}' is not a MIME type");
            else if (!JsonMime().IsMatch(mime)) Multiline(value, $"{path}['{mime}']", errors);
        }
    }

    /// <summary>Required keys present; with <paramref name="optional"/> given, no other keys (additionalProperties: false).</summary>
    private static void Keys(JsonObject obj, string path, string[] required, string[]? optional, List<string> errors)
    {
        errors.AddRange(required.Where(k => !obj.ContainsKey(k)).Select(k => $"{path}: missing required '{k}'"));
        if (optional is not null)
            errors.AddRange(obj.Select(e => e.Key).Where(k => !required.Contains(k) && !optional.Contains(k)).Select(k => $"{path}: unexpected '{k}'"));
    }

    private static void Multiline(JsonNode? node, string path, List<string> errors)
    {
        if (node is JsonArray lines)
            foreach (var line in lines) String(line, $"{path}[]", errors);
        else String(node, path, errors);
    }

    private static JsonObject? Object(JsonNode? node, string path, List<string> errors) =>
        node as JsonObject ?? Fail<JsonObject>(node, path, "an object", errors);

    private static JsonArray? Array(JsonNode? node, string path, List<string> errors) =>
        node as JsonArray ?? Fail<JsonArray>(node, path, "an array", errors);

    private static string? String(JsonNode? node, string path, List<string> errors) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : Fail<string>(node, path, "a string", errors);

    private static int? Integer(JsonNode? node, string path, List<string> errors) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.TryGetValue<int>(out var i) ? i
        : FailValue(node, path, "an integer", errors);

    private static void Boolean(JsonNode? node, string path, List<string> errors)
    {
        if (node is not JsonValue v || v.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            errors.Add($"{path}: expected a boolean");
    }

    private static T? Fail<T>(JsonNode? node, string path, string expected, List<string> errors) where T : class
    {
        errors.Add($"{path}: expected {expected}, got {(node is null ? "nothing" : node.GetValueKind().ToString())}");
        return null;
    }

    private static int? FailValue(JsonNode? node, string path, string expected, List<string> errors)
    {
        errors.Add($"{path}: expected {expected}, got {(node is null ? "nothing" : node.GetValueKind().ToString())}");
        return null;
    }

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex CellId();

    [GeneratedRegex(@"^[a-zA-Z0-9]+/[a-zA-Z0-9\-\+\.]+$")]
    private static partial Regex MimeType();

    [GeneratedRegex(@"^application/(.*\+)?json$")]
    private static partial Regex JsonMime();
}

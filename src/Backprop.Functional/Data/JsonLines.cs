using System.IO.Compression;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>
/// Reads JSON lines (one JSON object a line) into records with System.Text.Json: property names
/// match case-insensitively, required constructor parameters and non-nullable members are enforced.
/// Errors name the source, the line and the byte in the line.
/// </summary>
public static class JsonLines
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>
    /// Reads every non-blank line of <paramref name="stream"/> (which it disposes) as an <typeparamref name="R"/>;
    /// <paramref name="check"/> may reject a record with a message (null when it is fine).
    /// </summary>
    public static Fin<R[]> Read<R>(Stream stream, string source, bool gzip, Func<R, string?>? check = null)
    {
        var records = new List<R>();
        var lineNo = 0;
        try
        {
            using var reader = new StreamReader(gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream);
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                var record = JsonSerializer.Deserialize<R>(line, Options);
                if (record is null) return Error.New($"{source}, line {lineNo}: null instead of an object");
                if (check?.Invoke(record) is { } problem) return Error.New($"{source}, line {lineNo}: {problem}");
                records.Add(record);
            }
            return records.ToArray();
        }
        catch (JsonException e)
        {
            return Error.New($"{source}, line {lineNo}, byte {e.BytePositionInLine ?? 0}: {e.Message.Split(" Path:")[0]}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return Error.New($"{source}, line {lineNo}: cannot read: {e.Message}");
        }
    }

    public static Fin<R[]> ReadFile<R>(string path, Func<R, string?>? check = null) =>
        File.Exists(path)
            ? Read(File.OpenRead(path), path, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase), check)
            : Error.New($"{path}: file not found");
}

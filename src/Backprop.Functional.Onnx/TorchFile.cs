using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Interop;

/// <summary>
/// A state_dict file as PyTorch writes it: its float tensors (converted to <typeparamref name="T"/>), and every tensor's
/// stored dtype and shape, integer ones included (BatchNorm's int64 <c>num_batches_tracked</c>), which are set aside
/// before the library's reader checks the rest, since our layers have no use for them.
/// </summary>
internal sealed record TorchFile<T>(Params<T> Tensors, IReadOnlyDictionary<string, (string Dtype, Shape Shape)> Stored)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static readonly string[] Floats = ["F16", "F32", "F64"];

    public static Fin<TorchFile<T>> Read(string path)
    {
        try
        {
            if (!File.Exists(path)) return Error.New($"{path}: file not found");
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < 8) return Error.New($"{path}: truncated: a safetensors file starts with an 8-byte header length");
            var n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            if (n > Safetensors.MaxHeaderBytes || n > (ulong)bytes.Length - 8) return Error.New($"{path}: header length {n} does not fit the file ({bytes.Length} bytes)");
            if (JsonNode.Parse(bytes.AsSpan(8, (int)n)) is not JsonObject header) return Error.New($"{path}: the header is not a JSON object");
            var tensors = header.Where(p => p.Key != "__metadata__" && p.Value is JsonObject).ToArray();
            var stored = tensors.ToDictionary(p => p.Key, p => ((string?)p.Value!["dtype"] ?? "", new Shape([.. p.Value!["shape"]!.AsArray().Select(d => (int)d!)])));
            var others = tensors.Where(p => !Floats.Contains((string?)p.Value!["dtype"])).Select(p => p.Key).ToArray();
            var floats = others.Length == 0 ? bytes : Without(header, others, bytes, 8 + (int)n);
            return Safetensors.Parse<T>(floats, path, convert: true).Map(f => new TorchFile<T>(f.Tensors, stored));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return Error.New($"{path}: cannot read a safetensors state_dict: {e.Message}");
        }
    }

    /// <summary>The file's bytes with the tensors <paramref name="others"/> taken out: a new header, the remaining data packed.</summary>
    private static byte[] Without(JsonObject header, string[] others, byte[] bytes, int dataStart)
    {
        var kept = new JsonObject();
        var data = new MemoryStream();
        foreach (var (name, value) in header.ToArray())
        {
            if (others.Contains(name)) continue;
            if (name == "__metadata__" || value is not JsonObject entry) { kept[name] = value?.DeepClone(); continue; }
            var (begin, end) = ((long)entry["data_offsets"]![0]!, (long)entry["data_offsets"]![1]!);
            kept[name] = new JsonObject { ["dtype"] = entry["dtype"]!.DeepClone(), ["shape"] = entry["shape"]!.DeepClone(),
                ["data_offsets"] = new JsonArray(data.Length, data.Length + end - begin) };
            data.Write(bytes, dataStart + (int)begin, (int)(end - begin));
        }
        var text = Encoding.UTF8.GetBytes(kept.ToJsonString());
        var padded = text.Concat(Enumerable.Repeat((byte)' ', (8 - text.Length % 8) % 8)).ToArray();
        var result = new byte[8 + padded.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded.Length);
        padded.CopyTo(result, 8);
        data.ToArray().CopyTo(result, 8 + padded.Length);
        return result;
    }
}

using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Serialisation;

public static partial class Safetensors
{
    private sealed record Entry(string Name, string Dtype, int[] Shape, ulong Begin, ulong End);

    /// <summary>
    /// Parses the bytes of a safetensors file. Checked: the header length (at most
    /// <see cref="MaxHeaderBytes"/> and inside the file), the header (UTF-8 JSON object, no duplicate
    /// names, string-only metadata), each tensor (known dtype, non-negative integer dims, two offsets,
    /// byte length = elements × dtype size) and the data section (tensors contiguous, non-overlapping,
    /// covering it exactly). A dtype other than <typeparamref name="T"/>'s is an error unless
    /// <paramref name="convert"/>. Every failure is an error naming <paramref name="source"/> and the place.
    /// </summary>
    public static Fin<SafetensorsFile<T>> Parse<T>(ReadOnlyMemory<byte> bytes, string source, bool convert = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Error Fail(long at, string what) => Error.New($"{source}: byte {at}: {what}");
        if (!BitConverter.IsLittleEndian) return Error.New($"{source}: safetensors reading needs a little-endian machine");
        if (bytes.Length < 8) return Fail(0, $"truncated: {bytes.Length} bytes, a safetensors file starts with an 8-byte header length");
        var n = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Span);
        if (n > MaxHeaderBytes) return Fail(0, $"header length {n} is larger than the limit of {MaxHeaderBytes} bytes");
        if (n > (ulong)bytes.Length - 8) return Fail(0, $"header length {n} runs past the end of the file ({bytes.Length} bytes)");
        var header = bytes.Slice(8, (int)n);
        var data = bytes[(8 + (int)n)..];
        return Header(header, source)
            .Bind(h => Layout(h.Entries, data.Length, 8 + (long)n, source).Map(_ => h))
            .Bind(h => Tensors<T>(h.Entries, data, 8 + (long)n, source, convert)
                .Map(ts => new SafetensorsFile<T>(ts, h.Metadata)));
    }

    private static Fin<(List<Entry> Entries, ImmutableSortedDictionary<string, string> Metadata)> Header(ReadOnlyMemory<byte> header, string source)
    {
        if (!Utf8.IsValid(header.Span)) return Error.New($"{source}: header (bytes 8..{8 + header.Length}) is not valid UTF-8");
        try
        {
            using var doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return Error.New($"{source}: header is a JSON {doc.RootElement.ValueKind}, not an object");
            var entries = new List<Entry>();
            var metadata = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(p.Name)) return Error.New($"{source}: header: the name '{p.Name}' appears twice");
                var parsed = p.Name == MetadataKey ? Metadata(p.Value, metadata) : Describe(p.Name, p.Value).Map(e => { entries.Add(e); return Unit.Default; });
                if (parsed.Match(_ => (string?)null, e => e.Message) is { } problem) return Error.New($"{source}: header: {problem}");
            }
            return (entries, metadata.ToImmutable());
        }
        catch (JsonException e)
        {
            return Error.New($"{source}: header is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine} of the line): {e.Message.Split(" LineNumber:")[0]}");
        }
    }

    private static Fin<Unit> Metadata(JsonElement value, ImmutableSortedDictionary<string, string>.Builder into)
    {
        if (value.ValueKind != JsonValueKind.Object) return Error.New($"'{MetadataKey}' is a JSON {value.ValueKind}, not an object of strings");
        foreach (var p in value.EnumerateObject())
            if (p.Value.ValueKind != JsonValueKind.String) return Error.New($"'{MetadataKey}' entry '{p.Name}' is a JSON {p.Value.ValueKind}, not a string");
            else if (!into.TryAdd(p.Name, p.Value.GetString()!)) return Error.New($"'{MetadataKey}' entry '{p.Name}' appears twice");
        return Unit.Default;
    }

    private static Fin<Entry> Describe(string name, JsonElement value)
    {
        Error Fail(string what) => Error.New($"tensor '{name}': {what}");
        if (value.ValueKind != JsonValueKind.Object) return Fail($"a JSON {value.ValueKind}, not an object");
        if (!value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String) return Fail("no string 'dtype'");
        var type = dtype.GetString()!;
        if (SizeOf(type) == 0) return Fail($"dtype '{type}' is not supported (F16, F32, F64)");
        if (!value.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array) return Fail("no 'shape' array");
        var dims = new List<int>();
        foreach (var d in shape.EnumerateArray())
            if (d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var k) && k >= 0) dims.Add(k);
            else return Fail($"shape entry {d.GetRawText()} is not an integer in 0..{int.MaxValue}");
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            return Fail("no 'data_offsets' array of two numbers");
        if (offsets[0].ValueKind != JsonValueKind.Number || !offsets[0].TryGetUInt64(out var begin)
            || offsets[1].ValueKind != JsonValueKind.Number || !offsets[1].TryGetUInt64(out var end))
            return Fail($"data_offsets {offsets.GetRawText()} are not two non-negative integers");
        return new Entry(name, type, [.. dims], begin, end);
    }

    /// <summary>Byte lengths match shapes and dtypes; the tensors tile the data section exactly.</summary>
    private static Fin<Unit> Layout(List<Entry> entries, int dataLength, long dataStart, string source)
    {
        foreach (var e in entries)
        {
            Error Fail(string what) => Error.New($"{source}: tensor '{e.Name}': {what}");
            if (e.End < e.Begin) return Fail($"data_offsets [{e.Begin}, {e.End}] end before they begin");
            if (e.End > (ulong)dataLength) return Fail($"data_offsets [{e.Begin}, {e.End}] run past the data section (byte {dataStart + dataLength} of the file, {dataLength} data bytes)");
            var count = 1L;
            foreach (var d in e.Shape) count = Math.Min(count * d, (long)int.MaxValue + 1);
            if (count > int.MaxValue) return Fail($"shape [{string.Join(", ", e.Shape)}] has more than {int.MaxValue} elements");
            if ((ulong)(count * SizeOf(e.Dtype)) != e.End - e.Begin)
                return Fail($"shape [{string.Join(", ", e.Shape)}] of {e.Dtype} needs {count * SizeOf(e.Dtype)} bytes, data_offsets [{e.Begin}, {e.End}] hold {e.End - e.Begin}");
        }
        var next = 0UL;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin < next) return Error.New($"{source}: tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] overlap the tensor before (which ends at {next})");
            if (e.Begin > next) return Error.New($"{source}: byte {dataStart + (long)next}: data bytes {next}..{e.Begin} belong to no tensor");
            next = e.End;
        }
        return next == (ulong)dataLength ? Unit.Default
            : Error.New($"{source}: byte {dataStart + (long)next}: {(ulong)dataLength - next} data bytes after the last tensor belong to none");
    }

    private static Fin<Params<T>> Tensors<T>(List<Entry> entries, ReadOnlyMemory<byte> data, long dataStart, string source, bool convert)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var wanted = Dtype<T>();
        var tensors = new List<KeyValuePair<string, Tensor<T>>>(entries.Count);
        foreach (var e in entries)
        {
            if (e.Dtype != wanted && !convert)
                return Error.New($"{source}: tensor '{e.Name}' (byte {dataStart + (long)e.Begin}) is {e.Dtype}, not {wanted ?? typeof(T).Name}; read with convert: true to convert it");
            var bytes = data.Span[(int)e.Begin..(int)e.End];
            var shape = new Shape(e.Shape);
            var tensor = e.Dtype == wanted ? Tensor<T>.FromSpan(shape, MemoryMarshal.Cast<byte, T>(bytes))
                : e.Dtype switch
                {
                    "F16" => Tensor<Half>.FromSpan(shape, MemoryMarshal.Cast<byte, Half>(bytes)).Cast<T>(),
                    "F32" => Tensor<float>.FromSpan(shape, MemoryMarshal.Cast<byte, float>(bytes)).Cast<T>(),
                    _ => Tensor<double>.FromSpan(shape, MemoryMarshal.Cast<byte, double>(bytes)).Cast<T>(),
                };
            tensors.Add(KeyValuePair.Create(e.Name, tensor));
        }
        return Params<T>.From(tensors);
    }
}

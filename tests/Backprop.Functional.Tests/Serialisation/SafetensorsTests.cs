using System.Text;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Serialisation;

public class SafetensorsTests
{
    private static string ErrorOf(byte[] bytes, bool convert = false) =>
        Safetensors.Parse<float>(bytes, "m.safetensors", convert).Match(f => throw new Xunit.Sdk.XunitException($"read {f.Tensors.Count} tensors"), e => e.Message);

    private static byte[] Two(string wShape = "[2]", string wOffsets = "[0,8]", string bOffsets = "[8,12]", string dtype = "F32", int dataBytes = 12) =>
        SafetensorsBytes.Make($$$"""{"w":{"dtype":"{{{dtype}}}","shape":{{{wShape}}},"data_offsets":{{{wOffsets}}}},"b":{"dtype":"F32","shape":[],"data_offsets":{{{bOffsets}}}}}""",
            SafetensorsBytes.Floats(1, 2, 3, 4)[..dataBytes]);

    [Fact]
    public void Reads_a_hand_made_file_with_metadata_and_a_scalar()
    {
        var bytes = SafetensorsBytes.Make("""{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[],"data_offsets":[8,12]}}   """,
            SafetensorsBytes.Floats(1, 2, 3));
        var file = Safetensors.Parse<float>(bytes, "m").OrThrow();
        Assert.Equal([1f, 2f], file.Tensors["w"].ToArray());
        Assert.Equal(3f, file.Tensors["b"].ToScalar());
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void Writes_the_documented_layout()
    {
        var p = Params<float>.From([new("dense_1/w", Tensor.Vector(1f, 2f)), new("b", Tensor.Scalar(3f))]);
        var bytes = Safetensors.Serialise(p, new Dictionary<string, string> { ["step"] = "4" }).OrThrow();
        var n = (int)BitConverter.ToUInt64(bytes);
        Assert.Equal(0, (8 + n) % 8);
        Assert.Equal("""{"__metadata__":{"step":"4"},"b":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"dense_1/w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""",
            Encoding.UTF8.GetString(bytes, 8, n).TrimEnd(' '));
        Assert.Equal(SafetensorsBytes.Floats(3, 1, 2), bytes[(8 + n)..]);
    }

    [Fact]
    public void Header_length_problems_name_byte_0()
    {
        Assert.Equal("m.safetensors: byte 0: truncated: 5 bytes, a safetensors file starts with an 8-byte header length", ErrorOf(new byte[5]));
        Assert.Equal("m.safetensors: byte 0: header length 18446744073709551615 is larger than the limit of 104857600 bytes", ErrorOf(SafetensorsBytes.Make("{}", [], ulong.MaxValue)));
        Assert.Equal("m.safetensors: byte 0: header length 100 runs past the end of the file (10 bytes)", ErrorOf(SafetensorsBytes.Make("{}", [], 100)));
    }

    [Fact]
    public void Malformed_headers_are_named()
    {
        Assert.StartsWith("m.safetensors: header is not valid JSON (line 1, byte ", ErrorOf(SafetensorsBytes.Make("{\"w\":", [])));
        Assert.Equal("m.safetensors: header is a JSON Array, not an object", ErrorOf(SafetensorsBytes.Make("[]", [])));
        Assert.Equal("m.safetensors: header (bytes 8..10) is not valid UTF-8", ErrorOf([2, 0, 0, 0, 0, 0, 0, 0, 0xC3, 0x28]));
        Assert.Equal("m.safetensors: header: the name 'w' appears twice",
            ErrorOf(SafetensorsBytes.Make("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", new byte[8])));
        Assert.Equal("m.safetensors: header: '__metadata__' entry 'n' is a JSON Number, not a string",
            ErrorOf(SafetensorsBytes.Make("""{"__metadata__":{"n":1}}""", [])));
    }

    [Fact]
    public void Bad_tensor_entries_name_the_tensor()
    {
        Assert.Equal("m.safetensors: header: tensor 'w': dtype 'I8' is not supported (F16, F32, F64)", ErrorOf(Two(dtype: "I8")));
        Assert.Equal("m.safetensors: header: tensor 'w': shape entry -2 is not an integer in 0..2147483647", ErrorOf(Two(wShape: "[-2]")));
        Assert.Equal("m.safetensors: header: tensor 'w': shape entry 1.5 is not an integer in 0..2147483647", ErrorOf(Two(wShape: "[1.5]")));
        Assert.Equal("m.safetensors: header: tensor 'w': data_offsets [0,-8] are not two non-negative integers", ErrorOf(Two(wOffsets: "[0,-8]")));
        Assert.Equal("m.safetensors: header: tensor 'w': no 'data_offsets' array of two numbers", ErrorOf(Two(wOffsets: "[0]")));
    }

    [Fact]
    public void Offsets_must_tile_the_data_section()
    {
        Assert.Equal("m.safetensors: tensor 'w': shape [3] of F32 needs 12 bytes, data_offsets [0, 8] hold 8", ErrorOf(Two(wShape: "[3]")));
        Assert.Equal("m.safetensors: tensor 'b': data_offsets [8, 12] run past the data section (byte 123 of the file, 8 data bytes)", ErrorOf(Two(dataBytes: 8)));
        Assert.Equal("m.safetensors: tensor 'b': data_offsets [4, 8] overlap the tensor before (which ends at 8)", ErrorOf(Two(bOffsets: "[4,8]")));
        Assert.Equal("m.safetensors: byte 117: data bytes 0..4 belong to no tensor", ErrorOf(Two(wOffsets: "[4,12]", bOffsets: "[12,16]", dataBytes: 16)));
        Assert.Equal("m.safetensors: tensor 'w': data_offsets [8, 0] end before they begin", ErrorOf(Two(wOffsets: "[8,0]")));
        var longer = Two().Concat(new byte[4]).ToArray();
        Assert.Equal("m.safetensors: byte 127: 4 data bytes after the last tensor belong to none", ErrorOf(longer));
    }

    [Fact]
    public void A_dtype_other_than_T_needs_an_explicit_conversion()
    {
        var bytes = Safetensors.Serialise(Params<double>.From([new("x", Tensor.Vector(0.5, 1e300))])).OrThrow();
        Assert.Equal("m.safetensors: tensor 'x' (byte 64) is F64, not F32; read with convert: true to convert it", ErrorOf(bytes));
        Assert.Equal([0.5f, float.PositiveInfinity], Safetensors.Parse<float>(bytes, "m", convert: true).OrThrow().Tensors["x"].ToArray());
    }

    [Fact]
    public void Write_is_atomic_and_leaves_no_temporary_files()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var path = Path.Combine(folder, "sub", "p.safetensors");
        var p = Params<double>.From([new("w", Tensor.Vector(1.0, 2.0))]);
        Safetensors.Write(path, p).OrThrow();
        Safetensors.Write(path, p.Map(t => 2.0 * t)).OrThrow();
        Assert.Equal([2.0, 4.0], Safetensors.ReadParams<double>(path).OrThrow()["w"].ToArray());
        Assert.Equal(["p.safetensors"], Directory.GetFiles(Path.Combine(folder, "sub")).Select(Path.GetFileName));
        var blocked = Path.Combine(path, "x.safetensors");          // a "folder" that is a file
        Assert.StartsWith($"{blocked}: cannot write", Safetensors.Write(blocked, p).Match(_ => "", e => e.Message));
        Assert.Equal($"{Path.Combine(folder, "none")}: file not found", Safetensors.Read<double>(Path.Combine(folder, "none")).Match(_ => "", e => e.Message));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Metadata_is_written_in_ordinal_key_order_and_left_out_when_empty()
    {
        static string HeaderOf(byte[] bytes) => Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToUInt64(bytes)).TrimEnd(' ');
        var p = Params<float>.From([new("w", Tensor.Vector(1f))]);
        var plain = HeaderOf(Safetensors.Serialise(p).OrThrow());
        Assert.Equal("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", plain);
        Assert.Equal(plain, HeaderOf(Safetensors.Serialise(p, new Dictionary<string, string>()).OrThrow()));
        var unordered = new Dictionary<string, string> { ["b"] = "2", ["B"] = "3", ["a"] = "1" };
        Assert.StartsWith("""{"__metadata__":{"B":"3","a":"1","b":"2"},""", HeaderOf(Safetensors.Serialise(p, unordered).OrThrow()));
    }

    [Fact]
    public void Each_float_type_has_its_dtype_and_half_round_trips()
    {
        Assert.Equal(("F16", "F32", "F64"), (Safetensors.Dtype<Half>(), Safetensors.Dtype<float>(), Safetensors.Dtype<double>()));
        var bytes = Safetensors.Serialise(Params<Half>.From([new("h", Tensor.Vector((Half)1.5, (Half)(-2)))])).OrThrow();
        var back = Safetensors.Parse<Half>(bytes, "m").OrThrow().Tensors["h"];
        Assert.Equal([(Half)1.5, (Half)(-2)], back.ToArray());
        Assert.Equal([1.5, -2.0], Safetensors.Parse<double>(bytes, "m", convert: true).OrThrow().Tensors["h"].ToArray());
    }

    [Fact]
    public void A_float_type_safetensors_has_no_dtype_for_is_refused()
    {
        Assert.Null(Safetensors.Dtype<System.Runtime.InteropServices.NFloat>());
        Assert.Equal("safetensors has no dtype for NFloat",
            Safetensors.Serialise(Params<System.Runtime.InteropServices.NFloat>.Empty).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Metadata_name_is_reserved() =>
        Assert.Contains("__metadata__", Safetensors.Serialise(Params<float>.From([new("__metadata__", Tensor.Vector(1f))])).Match(_ => "", e => e.Message));
}

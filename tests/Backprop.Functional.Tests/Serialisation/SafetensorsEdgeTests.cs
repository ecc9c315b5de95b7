using Backprop.Functional.Autodiff;
using Backprop.Functional.Serialisation;
using Xunit;

namespace Backprop.Functional.Tests.Serialisation;

/// <summary>
/// The reader at the edges of its checks: lengths at the limits, header values of the wrong JSON kind, tensors past
/// the first (so byte positions are offsets plus where the data starts), and the F16 conversion.
/// </summary>
public class SafetensorsEdgeTests
{
    private static string ErrorOf(byte[] bytes) =>
        Safetensors.Parse<float>(bytes, "m.safetensors").Match(f => $"read {f.Tensors.Count} tensors", e => e.Message);

    private static byte[] One(string tensor, int dataBytes = 4) =>
        SafetensorsBytes.Make($$"""{"w":{{tensor}}}""", new byte[dataBytes]);

    [Fact]
    public void A_file_of_exactly_eight_bytes_is_not_truncated_but_has_an_empty_header()
    {
        Assert.StartsWith("m.safetensors: header is not valid JSON (line 1, byte 0", ErrorOf(new byte[8]));
    }

    [Fact]
    public void A_header_length_at_the_limit_is_checked_against_the_file_instead()
    {
        Assert.Equal("m.safetensors: byte 0: header length 104857600 runs past the end of the file (10 bytes)",
            ErrorOf(SafetensorsBytes.Make("{}", [], Safetensors.MaxHeaderBytes)));
    }

    [Fact]
    public void A_header_nested_deeper_than_eight_levels_is_refused_as_invalid_JSON()
    {
        var deep = SafetensorsBytes.Make("""{"__metadata__":{"a":[[[[[[[[["x"]]]]]]]]]}}""", []);
        Assert.StartsWith("m.safetensors: header is not valid JSON (line 1, byte ", ErrorOf(deep));
    }

    [Theory]
    [InlineData("3", "a JSON Number, not an object")]
    [InlineData("""{"shape":[1],"data_offsets":[0,4]}""", "no string 'dtype'")]
    [InlineData("""{"dtype":5,"shape":[1],"data_offsets":[0,4]}""", "no string 'dtype'")]
    [InlineData("""{"dtype":"F32","data_offsets":[0,4]}""", "no 'shape' array")]
    [InlineData("""{"dtype":"F32","shape":1,"data_offsets":[0,4]}""", "no 'shape' array")]
    [InlineData("""{"dtype":"F32","shape":[1]}""", "no 'data_offsets' array of two numbers")]
    [InlineData("""{"dtype":"F32","shape":[1],"data_offsets":4}""", "no 'data_offsets' array of two numbers")]
    public void A_tensor_entry_of_the_wrong_kind_is_named_with_what_is_missing(string tensor, string problem)
    {
        Assert.Equal($"m.safetensors: header: tensor 'w': {problem}", ErrorOf(One(tensor)));
    }

    [Fact]
    public void A_shape_of_more_elements_than_an_int_holds_is_refused_before_its_byte_count()
    {
        Assert.Equal("m.safetensors: tensor 'w': shape [65536, 65536] has more than 2147483647 elements",
            ErrorOf(One("""{"dtype":"F32","shape":[65536,65536],"data_offsets":[0,4]}""")));
        Assert.Equal("m.safetensors: tensor 'w': shape [2147483647] of F32 needs 8589934588 bytes, data_offsets [0, 4] hold 4",
            ErrorOf(One("""{"dtype":"F32","shape":[2147483647],"data_offsets":[0,4]}""")));
    }

    [Fact]
    public void A_shape_of_several_dimensions_is_named_with_all_of_them() =>
        Assert.Equal("m.safetensors: tensor 'w': shape [2, 3] of F32 needs 24 bytes, data_offsets [0, 4] hold 4",
            ErrorOf(One("""{"dtype":"F32","shape":[2,3],"data_offsets":[0,4]}""")));

    [Fact]
    public void Errors_about_a_later_tensor_give_its_own_offsets_and_file_positions()
    {
        static string Header(string b) => "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":" + b + "}";
        var header = Header("""{"dtype":"F32","shape":[2],"data_offsets":[8,12]}""");
        Assert.Equal("m.safetensors: tensor 'b': shape [2] of F32 needs 8 bytes, data_offsets [8, 12] hold 4",
            ErrorOf(SafetensorsBytes.Make(header, new byte[12])));
        var gap = Header("""{"dtype":"F32","shape":[1],"data_offsets":[8,12]}""");
        Assert.Equal($"m.safetensors: byte {8 + gap.Length + 4}: data bytes 4..8 belong to no tensor", ErrorOf(SafetensorsBytes.Make(gap, new byte[12])));
        var f64 = Header("""{"dtype":"F64","shape":[1],"data_offsets":[4,12]}""");
        Assert.Equal($"m.safetensors: tensor 'b' (byte {8 + f64.Length + 4}) is F64, not F32; read with convert: true to convert it",
            ErrorOf(SafetensorsBytes.Make(f64, new byte[12])));
    }

    [Fact]
    public void Metadata_that_is_not_one_object_of_distinct_strings_is_refused()
    {
        Assert.Equal("m.safetensors: header: '__metadata__' is a JSON Array, not an object of strings",
            ErrorOf(SafetensorsBytes.Make("""{"__metadata__":["pt"]}""", [])));
        Assert.Equal("m.safetensors: header: '__metadata__' entry 'format' appears twice",
            ErrorOf(SafetensorsBytes.Make("""{"__metadata__":{"format":"pt","format":"np"}}""", [])));
    }

    [Fact]
    public void Invalid_json_names_the_place_once_without_the_parser_position_suffix()
    {
        var message = ErrorOf(SafetensorsBytes.Make("{\"w\":}", []));
        Assert.StartsWith("m.safetensors: header is not valid JSON (line 1, byte 5 of the line): ", message);
        Assert.DoesNotContain("LineNumber", message);
    }

    [Fact]
    public void F16_data_converts_to_the_wanted_type()
    {
        byte[] data = [.. BitConverter.GetBytes((Half)1.5), .. BitConverter.GetBytes((Half)(-2))];
        var bytes = SafetensorsBytes.Make("""{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}""", data);
        Assert.Equal([1.5f, -2f], Safetensors.Parse<float>(bytes, "m", convert: true).OrThrow().Tensors["h"].ToArray());
        Assert.Equal([1.5, -2.0], Safetensors.Parse<double>(bytes, "m", convert: true).OrThrow().Tensors["h"].ToArray());
    }
}

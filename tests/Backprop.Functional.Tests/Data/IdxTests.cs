using System.Buffers.Binary;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class IdxTests
{
    private static LanguageExt.Fin<IdxArray> Read(byte[] bytes, bool gzip = false) => Idx.Read(new MemoryStream(bytes), "test.idx", gzip);

    private static string ErrorOf(byte[] bytes, bool gzip = false) =>
        Read(bytes, gzip).Match(a => throw new Xunit.Sdk.XunitException($"expected an error, read {a.Type} {string.Join("x", a.Dims)}"), e => e.Message);

    [Fact]
    public void Reads_ubyte_images_plain_and_gzipped()
    {
        var plain = IdxBytes.UBytes([2, 3, 4]);
        foreach (var (bytes, gzip) in new[] { (plain, false), (IdxBytes.Gzip(plain), true) })
        {
            var a = Read(bytes, gzip).OrThrow();
            Assert.Equal(IdxType.UByte, a.Type);
            Assert.Equal([2, 3, 4], a.Dims.ToArray());
            Assert.Equal(16, a.HeaderLength);
            var t = a.ToTensor<float>(0.5);
            Assert.Equal(new Functional.Tensors.Shape(2, 3, 4), t.Shape);
            Assert.Equal(7 * 5 * 0.5f, t[0, 1, 1]);
        }
    }

    [Fact]
    public void Reads_big_endian_short_int_float_and_double()
    {
        var shorts = new byte[4];
        BinaryPrimitives.WriteInt16BigEndian(shorts, -300);
        BinaryPrimitives.WriteInt16BigEndian(shorts.AsSpan(2), 1000);
        Assert.Equal([-300.0, 1000.0], Read(IdxBytes.Make(0x0B, [2], shorts)).OrThrow().ToTensor<double>().ToArray());

        var ints = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(ints, -123456);
        Assert.Equal([-123456.0], Read(IdxBytes.Make(0x0C, [1, 1], ints)).OrThrow().ToTensor<double>().ToArray());

        var floats = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(floats, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(floats.AsSpan(4), -2.25f);
        Assert.Equal([1.5f, -2.25f], Read(IdxBytes.Make(0x0D, [2], floats)).OrThrow().ToTensor<float>().ToArray());

        var doubles = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(doubles, Math.PI);
        Assert.Equal([Math.PI], Read(IdxBytes.Make(0x0E, [1], doubles)).OrThrow().ToTensor<double>().ToArray());

        Assert.Equal([-1.0, 5.0], Read(IdxBytes.Make(0x09, [2], [0xFF, 5])).OrThrow().ToTensor<double>().ToArray());
    }

    [Fact]
    public void ReadFile_tells_gzip_from_plain_and_names_a_missing_file()
    {
        using var temp = DataText.TempFolder("idx-");
        var folder = temp.Folder;
        var plain = Path.Combine(folder, "a.idx");
        var gz = Path.Combine(folder, "a.idx.gz");
        File.WriteAllBytes(plain, IdxBytes.UBytes([3]));
        File.WriteAllBytes(gz, IdxBytes.Gzip(IdxBytes.UBytes([3])));
        Assert.Equal(Idx.ReadFile(plain).OrThrow().Bytes.ToArray(), Idx.ReadFile(gz).OrThrow().Bytes.ToArray());
        Assert.Contains("missing.idx: file not found", Idx.ReadFile(Path.Combine(folder, "missing.idx")).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Wrong_magic_names_the_file_and_byte_0() =>
        Assert.Equal("test.idx: byte 0: wrong magic: IDX files start with two zero bytes, found 0x1234",
            ErrorOf([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 9]));

    [Fact]
    public void Unknown_type_code_and_bad_rank_name_their_bytes()
    {
        Assert.StartsWith("test.idx: byte 2: unknown IDX type code 0x07", ErrorOf([0, 0, 0x07, 1, 0, 0, 0, 1, 9]));
        Assert.StartsWith("test.idx: byte 3: rank 0", ErrorOf([0, 0, 0x08, 0]));
    }

    [Fact]
    public void Truncated_header_and_data_name_where_the_file_ends()
    {
        Assert.StartsWith("test.idx: byte 2: truncated", ErrorOf([0, 0]));
        Assert.StartsWith("test.idx: byte 10: truncated: the file ends inside the 2 dimension sizes", ErrorOf(IdxBytes.UBytes([3, 4])[..10]));
        var cut = IdxBytes.UBytes([3, 4])[..15];   // header 12 + 3 of 12 data bytes
        Assert.Equal("test.idx: byte 15: truncated: dimensions [3, 4] of UByte need 12 data bytes after the 12-byte header, the file has 3", ErrorOf(cut));
        Assert.StartsWith("test.idx: byte 15: truncated", ErrorOf(IdxBytes.Gzip(cut), gzip: true));
    }

    [Fact]
    public void Trailing_bytes_are_an_inconsistent_length()
    {
        byte[] longer = [.. IdxBytes.UBytes([2, 2]), 1, 2];
        Assert.StartsWith("test.idx: byte 16: UByte data of dimensions [2, 2] ends here but the file goes on", ErrorOf(longer));
    }

    [Fact]
    public void A_huge_header_is_refused_before_allocating()
    {
        Assert.StartsWith("test.idx: byte 4: dimensions [2147483647, 2147483647] of Float64 need more than", ErrorOf(IdxBytes.Make(0x0E, [int.MaxValue, int.MaxValue], [])));
        Assert.StartsWith("test.idx: byte 4: dimension 0 is 4294967295", ErrorOf([0, 0, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF]));
        // 1 GiB declared, 4 bytes present: a truncation error, found without allocating the gigabyte.
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.StartsWith("test.idx: byte 16: truncated", ErrorOf(IdxBytes.Make(0x08, [1 << 15, 1 << 15], [1, 2, 3, 4])));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
    }

    [Fact]
    public void Corrupt_gzip_is_an_error_value()
    {
        var gz = IdxBytes.Gzip(IdxBytes.UBytes([50, 50]));
        gz[gz.Length / 2] ^= 0xFF;
        gz[gz.Length / 2 + 1] ^= 0xFF;
        Assert.Contains("test.idx: byte", ErrorOf(gz, gzip: true));
    }

    [Fact]
    public void Labels_out_of_range_name_the_byte_and_row()
    {
        var labels = Read(IdxBytes.Make(0x08, [4], [1, 2, 12, 3])).OrThrow();
        Assert.Equal("test.idx: byte 10: label 12 of row 2 is outside 0..9", labels.ToLabels(10).Match(_ => "", e => e.Message));
        Assert.Equal([1, 2, 12, 3], labels.ToLabels(13).OrThrow());
        Assert.Contains("labels need rank 1", Read(IdxBytes.UBytes([2, 2])).OrThrow().ToLabels(10).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void ToTensor_of_rows_is_the_whole_tensor_gathered()
    {
        var a = Read(IdxBytes.UBytes([5, 2, 3])).OrThrow();
        int[] rows = [4, 0, 2, 2];
        var some = a.ToTensor<float>(rows, 1.0 / 255);
        var whole = a.ToTensor<float>(1.0 / 255).Gather(rows);
        Assert.Equal(whole.Shape, some.Shape);
        Assert.Equal(whole.ToArray(), some.ToArray());
        var shorts = new byte[8];
        for (var i = 0; i < 4; i++) BinaryPrimitives.WriteInt16BigEndian(shorts.AsSpan(2 * i), (short)(100 * i - 150));
        var s = Read(IdxBytes.Make(0x0B, [2, 2], shorts)).OrThrow();
        Assert.Equal([50.0, 150.0, -150.0, -50.0], s.ToTensor<double>([1, 0]).ToArray());
        Assert.Equal(0, s.ToTensor<double>([]).Shape[0]);
        Assert.Contains("row 2 is outside 0..1", Assert.Throws<ArgumentOutOfRangeException>(() => s.ToTensor<double>([2])).Message);
    }

    [Fact]
    public void Either_magic_byte_not_zero_is_wrong_magic()
    {
        Assert.StartsWith("test.idx: byte 0: wrong magic: IDX files start with two zero bytes, found 0x0034", ErrorOf([0, 0x34, 0x08, 1, 0, 0, 0, 1, 9]));
        Assert.StartsWith("test.idx: byte 0: wrong magic: IDX files start with two zero bytes, found 0x1200", ErrorOf([0x12, 0, 0x08, 1, 0, 0, 0, 1, 9]));
    }

    [Fact]
    public void A_file_starting_with_only_the_first_gzip_byte_is_read_as_plain()
    {
        using var temp = DataText.TempFolder("idx-");
        var folder = temp.Folder;
        var path = Path.Combine(folder, "a.idx");
        File.WriteAllBytes(path, [0x1F, 0, 0x08, 1, 0, 0, 0, 1, 9]);
        Assert.Equal($"{path}: byte 0: wrong magic: IDX files start with two zero bytes, found 0x1F00", Idx.ReadFile(path).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Ranks_from_1_to_16_are_read_and_17_is_not()
    {
        var sixteen = Read(IdxBytes.UBytes([.. Enumerable.Repeat(1, 15), 2])).OrThrow();
        Assert.Equal(16, sixteen.Dims.Length);
        Assert.Equal(4 + 4 * 16, sixteen.HeaderLength);
        Assert.Equal("test.idx: byte 3: rank 17 is not between 1 and 16", ErrorOf(IdxBytes.UBytes([.. Enumerable.Repeat(1, 17)])));
    }

    [Fact]
    public void A_dimension_too_large_names_its_own_bytes()
    {
        byte[] bytes = [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0x80, 0, 0, 0];
        Assert.Equal("test.idx: byte 12: dimension 2 is 2147483648, larger than 2^31 - 1", ErrorOf(bytes));
    }

    [Fact]
    public void Bytes_beyond_the_limit_are_refused_for_one_byte_elements_too()
    {
        // [65536, 65536] UByte: 4 GiB, refused from the header; 1 GiB exactly is allowed by the header (and then truncated).
        Assert.StartsWith("test.idx: byte 4: dimensions [65536, 65536] of UByte need more than 1073741824 bytes", ErrorOf(IdxBytes.Make(0x08, [1 << 16, 1 << 16], [])));
        Assert.StartsWith("test.idx: byte 4: dimensions [32768, 32769] of UByte need more than", ErrorOf(IdxBytes.Make(0x08, [1 << 15, (1 << 15) + 1], [])));
        Assert.StartsWith("test.idx: byte 12: truncated: dimensions [32768, 32768] of UByte need 1073741824 data bytes", ErrorOf(IdxBytes.Make(0x08, [1 << 15, 1 << 15], [])));
    }

    [Fact]
    public void A_trailing_zero_byte_is_trailing_data_too() =>
        Assert.StartsWith("test.idx: byte 16: UByte data of dimensions [2, 2] ends here but the file goes on", ErrorOf([.. IdxBytes.UBytes([2, 2]), 0]));

    [Fact]
    public void A_failing_stream_is_an_error_naming_the_bytes_read_and_gzip()
    {
        var whole = IdxBytes.UBytes([2, 2]);
        Assert.Equal($"test.idx: byte 14: cannot read: {FailingStream.Message}", Idx.Read(new FailingStream(whole[..14]), "test.idx", gzip: false).Match(_ => "", e => e.Message));
        Assert.Equal($"test.idx: byte 16: cannot read: {FailingStream.Message}", Idx.Read(new FailingStream(whole), "test.idx", gzip: false).Match(_ => "", e => e.Message));
        Assert.StartsWith("test.idx: byte 0: cannot read (gzip): ", ErrorOf(whole, gzip: true));
    }

    [Fact]
    public void Data_larger_than_the_first_buffer_is_read_whole()
    {
        // 3 MiB of ubytes: beyond the 1 MiB first read, so the buffer grows twice.
        var a = Read(IdxBytes.Gzip(IdxBytes.UBytes([3, 1024, 1024])), gzip: true).OrThrow();
        Assert.Equal(3 << 20, a.Bytes.Length);
        Assert.Equal(IdxBytes.UBytes([3, 1024, 1024])[16..], a.Bytes.ToArray());
    }

    [Fact]
    public void Labels_name_every_dimension_and_the_byte_of_a_wider_type()
    {
        Assert.Equal("test.idx: labels need rank 1, found dimensions [2, 2]", Read(IdxBytes.UBytes([2, 2])).OrThrow().ToLabels(10).Match(_ => "", e => e.Message));
        var shorts = new byte[6];
        BinaryPrimitives.WriteInt16BigEndian(shorts.AsSpan(4), 10);
        var a = Read(IdxBytes.Make(0x0B, [3], shorts)).OrThrow();
        Assert.Equal("test.idx: byte 12: label 10 of row 2 is outside 0..9", a.ToLabels(10).Match(_ => "", e => e.Message));
        Assert.Equal([0, 0, 10], a.ToLabels(11).OrThrow());
        Assert.Equal("test.idx: labels need an integer type, found Float32", Read(IdxBytes.Make(0x0D, [1], new byte[4])).OrThrow().ToLabels(10).Match(_ => "", e => e.Message));
        Assert.Equal("test.idx: byte 8: label -1 of row 0 is outside 0..9", Read(IdxBytes.Make(0x09, [1], [0xFF])).OrThrow().ToLabels(10).Match(_ => "", e => e.Message));
    }
}

using System.IO.Compression;
using System.Text;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Xunit;

namespace Backprop.Functional.Tests.Data;

/// <summary>A CSV file as text cells: the header found or the columns numbered, the widths checked, files plain or gzipped.</summary>
public class CsvTableTests
{
    private static MemoryStream Text(string s) => DataText.Stream(s);

    private static CsvTable Read(string csv) => CsvTable.Read(Text(csv), "t.csv", gzip: false).OrThrow();

    private static string Error(string csv) => CsvTable.Read(Text(csv), "t.csv", gzip: false).Match(t => $"read {t.Rows.Count} rows", e => e.Message);

    [Fact]
    public void A_first_row_of_names_is_the_header_and_the_rows_keep_their_lines()
    {
        var t = Read(" price , rooms\n\n100,3\n250 ,5\n");
        Assert.True(t.HasHeader);
        Assert.Equal("t.csv", t.Source);
        Assert.Equal(["price", "rooms"], t.Columns.ToArray());
        Assert.Equal([3, 4], t.Rows.Select(r => r.Line));
        Assert.Equal([["100", "3"], ["250", "5"]], t.Rows.Select(r => r.Cells));
    }

    [Theory]
    [InlineData("1,2\n3,4\n")]
    [InlineData("price,2\n3,4\n")]       // one number: not a header
    [InlineData("price,\n3,4\n")]        // one empty cell: not a header
    [InlineData("1e3,rooms\n3,4\n")]
    public void A_first_row_with_a_number_or_an_empty_cell_is_data_and_the_columns_are_numbered(string csv)
    {
        var t = Read(csv);
        Assert.False(t.HasHeader);
        Assert.Equal(["column 1", "column 2"], t.Columns.ToArray());
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal(1, t.Rows[0].Line);
        Assert.Equal(csv.Split('\n')[0].Split(',').Select(c => c.Trim()), t.Rows[0].Cells);
    }

    [Fact]
    public void A_header_that_names_a_column_twice_is_an_error_naming_it()
    {
        Assert.Equal("t.csv, line 2: the header names 'b' twice", Error("\na,b,c,b\n1,2,3,4\n"));
        Assert.Equal("read 1 rows", Error("a,b,c,B\n1,2,3,4\n"));   // names are case-sensitive
    }

    [Fact]
    public void A_row_of_another_width_is_an_error_naming_its_line_and_both_widths()
    {
        Assert.Equal("t.csv, line 3: expected 2 values (as in the header), found 3", Error("a,b\n1,2\n1,2,3\n"));
        Assert.Equal("t.csv, line 2: expected 3 values, found 1", Error("1,2,3\n4\n"));
        Assert.Equal("t.csv: no rows", Error("\n \n"));
    }

    [Fact]
    public void A_header_alone_is_a_table_without_rows()
    {
        var t = Read("a,b\n");
        Assert.True(t.HasHeader);
        Assert.Empty(t.Rows);
    }

    [Fact]
    public void Files_are_read_plain_or_gzipped_by_their_name_and_a_missing_one_is_named()
    {
        using var temp = DataText.TempFolder("csv-");
        var dir = temp.Folder;
        var plain = Path.Combine(dir, "t.csv");
        File.WriteAllText(plain, "a,b\n1,2\n");
        var zipped = Path.Combine(dir, "t.CSV.GZ");
        using (var gz = new GZipStream(File.Create(zipped), CompressionLevel.Fastest)) gz.Write("a,b\n3,4\n"u8);
        Assert.Equal(["1", "2"], CsvTable.ReadFile(plain).OrThrow().Rows[0].Cells);
        Assert.Equal(["3", "4"], CsvTable.ReadFile(zipped).OrThrow().Rows[0].Cells);
        Assert.Equal(plain, CsvTable.ReadFile(plain).OrThrow().Source);
        var missing = Path.Combine(dir, "none.csv");
        Assert.Equal($"{missing}: file not found", CsvTable.ReadFile(missing).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void A_stream_that_fails_is_an_error_naming_the_last_line_read()
    {
        var none = CsvTable.Read(new FailingStream([]), "t.csv", gzip: false).Match(_ => "", e => e.Message);
        Assert.Equal($"t.csv, after line 0: cannot read: {FailingStream.Message}", none);
        // 200,000 short lines: the reader has handed out some rows before it needs more bytes.
        var lines = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 200_000).Select(i => $"{i}\n")));
        var some = CsvTable.Read(new FailingStream(lines), "t.csv", gzip: false).Match(_ => "", e => e.Message);
        var match = System.Text.RegularExpressions.Regex.Match(some, $"^t.csv, after line (\\d+): cannot read: {FailingStream.Message}$");
        Assert.True(match.Success, some);
        Assert.InRange(int.Parse(match.Groups[1].Value), 1, 200_000);
    }

    [Fact]
    public void Data_that_is_not_gzip_is_an_error_not_an_exception()
    {
        var message = CsvTable.Read(Text("a,b\n1,2\n"), "t.csv.gz", gzip: true).Match(_ => "", e => e.Message);
        Assert.StartsWith("t.csv.gz, after line 0: cannot read: ", message);
    }
}

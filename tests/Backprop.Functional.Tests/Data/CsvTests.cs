using System.Text;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class CsvTests
{
    private static MemoryStream Text(string s) => DataText.Stream(s);

    private static string LabelledError(string csv) =>
        LabelledCsv.Read<float>(Text(csv), "t.csv", gzip: false).Match(d => throw new Xunit.Sdk.XunitException($"read {d.Count} rows"), e => e.Message);

    private static string CountedError(string csv) =>
        CountedCsv.Read<float>(Text(csv), "t.csv", gzip: false).Match(d => throw new Xunit.Sdk.XunitException($"read {d.Count} rows"), e => e.Message);

    [Fact]
    public void Reads_features_and_labels_with_blank_lines_and_spaces()
    {
        var d = LabelledCsv.Read<double>(Text("1,2,0\n\n 3 ,4,2\n"), "t.csv", gzip: false, scale: 2).OrThrow();
        Assert.Equal(new Functional.Tensors.Shape(2, 2), d.Features.Shape);
        Assert.Equal([0.5, 1, 1.5, 2], d.Features.ToArray());
        Assert.Equal([0, 2], d.Labels);
        Assert.Equal(3, d.Classes);
    }

    [Fact]
    public void Bad_cells_name_the_line_and_column()
    {
        Assert.Equal("t.csv, line 3, column 2: 'x' is not a number", LabelledError("1,2,0\n\n3,x,1\n"));
        Assert.Equal("t.csv, line 2: expected 3 values, found 2", LabelledError("1,2,0\n3,1\n"));
        Assert.Equal("t.csv, line 1, column 3: label '-1' is not an integer in 0..", LabelledError("1,2,-1\n"));
        Assert.Equal("t.csv: no rows", LabelledError("\n\n"));
        Assert.Equal("t.csv, line 2, column 1: '-Infinity' is not a finite number", LabelledError("1,2,0\n-Infinity,2,1\n"));
        Assert.Equal("t.csv, line 1, column 2: '1e20' is out of range: magnitudes above 1.8E+19 overflow when squared in Single", LabelledError("1,1e20,0\n"));
        Assert.Equal(1e20, LabelledCsv.Read<double>(Text("1,1e20,0\n"), "t.csv", gzip: false).OrThrow().Features.ToArray()[1]);
    }

    [Fact]
    public void Broken_quoting_names_the_line()
    {
        var message = LabelledError("1,2,0\n1,\"2,0\n3,4,1\n");
        Assert.StartsWith("t.csv, line 2", message);
    }

    [Fact]
    public void Bundled_digits_load()
    {
        var d = Datasets.Digits<float>().OrThrow();
        Assert.Equal(new Functional.Tensors.Shape(1797, 64), d.Features.Shape);
        Assert.Equal(10, d.Classes);
        Assert.InRange(d.Features.Span.ToArray().Max(), 0.99f, 1f);
    }

    [Fact]
    public void Counted_csv_reads_the_header_counts_and_class_names()
    {
        var d = CountedCsv.Read<float>(Text("2,2,a,b,c\n1,2,0\n3,4,2\n"), "t.csv", gzip: false).OrThrow();
        Assert.Equal(["a", "b", "c"], d.ClassNames.ToArray());
        Assert.Equal(3, d.Classes);
        Assert.Equal([0, 2], d.Labels);
    }

    [Fact]
    public void Counted_csv_checks_header_rows_and_labels()
    {
        Assert.Equal("t.csv, line 1: expected a header 'rows,features,class names...', found 'x,2,a'", CountedError("x,2,a\n1,2,0\n"));
        Assert.Equal("t.csv, line 3: the header promises 3 rows, the file has 2", CountedError("3,2,a,b\n1,2,0\n3,4,1\n"));
        Assert.Equal("t.csv, line 3, column 3: label '2' is not an integer in 0..1", CountedError("2,2,a,b\n1,2,0\n3,4,2\n"));
        Assert.Equal("t.csv, line 2: expected 3 values, found 4", CountedError("1,2,a,b\n1,2,3,0\n"));
    }

    [Fact]
    public void Bundled_iris_loads_with_class_names()
    {
        var d = Datasets.Iris<double>().OrThrow();
        Assert.Equal(new Functional.Tensors.Shape(150, 4), d.Features.Shape);
        Assert.Equal(["setosa", "versicolor", "virginica"], d.ClassNames.ToArray());
        Assert.Equal([5.1, 3.5, 1.4, 0.2], d.Features.Rows(0, 1).ToArray());
        Assert.Equal(50, d.Labels.Count(l => l == 2));
    }

    [Fact]
    public void One_feature_and_a_label_is_enough_and_a_label_alone_is_an_error()
    {
        var d = LabelledCsv.Read<double>(Text("5,0\n7,1\n"), "t.csv", gzip: false).OrThrow();
        Assert.Equal([5.0, 7], d.Features.ToArray());
        Assert.Equal("t.csv, line 2: expected at least one feature and a label, found 1 values", LabelledError("\n0\n1\n"));
    }

    [Fact]
    public void A_value_at_the_overflow_limit_is_accepted_and_just_above_it_is_not()
    {
        var limit = Math.Sqrt(double.CreateChecked(float.MaxValue));
        var at = limit.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Null(CsvCell.Number<float>(at, 1, out var value));
        Assert.Equal(limit, value);
        Assert.NotNull(CsvCell.Number<float>(Math.BitIncrement(limit).ToString("R", System.Globalization.CultureInfo.InvariantCulture), 1, out _));
        Assert.Null(CsvCell.Number<float>((2 * limit).ToString("R", System.Globalization.CultureInfo.InvariantCulture), 2, out _));   // scaled first
    }

    [Fact]
    public void The_readers_dispose_the_stream()
    {
        var a = Text("1,0\n");
        LabelledCsv.Read<double>(a, "t.csv", gzip: false).OrThrow();
        Assert.False(a.CanRead);
        var b = Text("1,1,a\n1,0\n");
        CountedCsv.Read<double>(b, "t.csv", gzip: false).OrThrow();
        Assert.False(b.CanRead);
    }

    [Fact]
    public void Counted_csv_takes_the_class_count_from_the_header_even_when_a_class_has_no_rows()
    {
        var d = CountedCsv.Read<double>(Text("2,2,a,b,c\n1,2,0\n3,4,1\n"), "t.csv", gzip: false).OrThrow();
        Assert.Equal(3, d.Classes);
        var one = CountedCsv.Read<double>(Text("1,1,only\n4,0\n"), "t.csv", gzip: false).OrThrow();
        Assert.Equal((1, 1), (one.Count, one.Classes));
        Assert.Equal("t.csv, line 1: expected a header 'rows,features,class names...', found '1,1'", CountedError("1,1\n4,0\n"));
        Assert.Equal("t.csv, line 1: the header promises 2 rows, the file has 0", CountedError("2,2,a,b\n"));
        Assert.Equal("t.csv: no header line", CountedError("\n"));
    }

    [Fact]
    public void Files_are_read_plain_or_gzipped_by_their_name_and_a_missing_one_is_named()
    {
        using var temp = DataText.TempFolder("csv-");
        var dir = temp.Folder;
        string Write(string name, string text, bool gzip)
        {
            var path = Path.Combine(dir, name);
            using var file = File.Create(path);
            using var output = gzip ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest) : (Stream)file;
            output.Write(Encoding.UTF8.GetBytes(text));
            return path;
        }
        Assert.Equal([1, 0], LabelledCsv.ReadFile<double>(Write("l.csv", "2,1\n3,0\n", false)).OrThrow().Labels);
        Assert.Equal([0.5, 1.5], LabelledCsv.ReadFile<double>(Write("l.csv.GZ", "1,1\n3,0\n", true), scale: 2).OrThrow().Features.ToArray());
        Assert.Equal(["x", "y"], CountedCsv.ReadFile<double>(Write("c.csv", "1,1,x,y\n2,1\n", false)).OrThrow().ClassNames.ToArray());
        Assert.Equal([0.5], CountedCsv.ReadFile<double>(Write("c.csv.gz", "1,1,x,y\n1,1\n", true), scale: 2).OrThrow().Features.ToArray());
        var missing = Path.Combine(dir, "none.csv");
        Assert.Equal($"{missing}: file not found", LabelledCsv.ReadFile<double>(missing).Match(_ => "", e => e.Message));
        Assert.Equal($"{missing}: file not found", CountedCsv.ReadFile<double>(missing).Match(_ => "", e => e.Message));
    }
}

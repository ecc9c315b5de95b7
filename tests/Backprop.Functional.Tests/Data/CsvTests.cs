using System.Text;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class CsvTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

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
}

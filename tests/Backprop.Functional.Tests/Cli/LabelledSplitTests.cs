using Backprop.Functional.Autodiff;
using Backprop.Cli;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Cli;

/// <summary>A split as rows or as image bytes: the same counts, labels, batches, groups and first rows either way.</summary>
public class LabelledSplitTests
{
    private static ImageSet Images() =>
        ImageSet.Of(Idx.Read(new MemoryStream(Data.IdxBytes.UBytes([7, 2, 3])), "test.idx", gzip: false).OrThrow(), [0, 1, 2, 0, 1, 2, 0], 3, 1.0 / 255)
            with { ClassNames = ["a", "b", "c"] };

    [Fact]
    public void Bytes_and_rows_give_the_same_split()
    {
        var bytes = LabelledSplit<float>.Of(Images());
        var rows = LabelledSplit<float>.Of(Images().ToDataset<float>());
        foreach (var s in new[] { bytes, rows })
        {
            Assert.Equal((7, 3), (s.Count, s.Classes));
            Assert.Equal([0, 1, 2, 0, 1, 2, 0], s.Labels);
            Assert.Equal(["a", "b", "c"], s.ClassNames.ToArray());
        }
        Assert.Equal(rows.First(2).ToArray(), bytes.First(2).ToArray());
        Assert.Equal(new Shape(2, 6), bytes.First(2).Shape);
        Assert.Equal((6, 6), (bytes.ExampleSize, rows.ExampleSize));
        Assert.Equal([3, 3, 1], bytes.Groups(3).Select(g => g.Count));
        Assert.Equal(rows.Groups(3).SelectMany(g => g.Features.ToArray()), bytes.Groups(3).SelectMany(g => g.Features.ToArray()));
        Assert.Equal(rows.Labels, bytes.Groups(2).SelectMany(g => g.Labels));
        Assert.Equal(rows.ToDataset().Features.ToArray(), bytes.ToDataset().Features.ToArray());
        var key = Key.Create(4);
        Assert.Equal(rows.Batches(key, 3).SelectMany(b => b.Features.ToArray()), bytes.Batches(key, 3).SelectMany(b => b.Features.ToArray()));
        Assert.Equal(rows.Batches(key, 3).SelectMany(b => b.Labels), bytes.Batches(key, 3).SelectMany(b => b.Labels));
        Assert.Equal(new Shape(7, 1, 2, 3), bytes.Reshape([1, 2, 3]).ToDataset().Features.Shape);
        Assert.Equal(new Shape(7, 1, 2, 3), rows.Reshape([1, 2, 3]).ToDataset().Features.Shape);
    }
}

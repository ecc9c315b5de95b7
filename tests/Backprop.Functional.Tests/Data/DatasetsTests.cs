using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void Mnist_is_10k_images_in_unit_range_with_balanced_labels()
    {
        var d = Datasets.Mnist<float>().OrThrow();
        Assert.Equal(new Shape(10000, 784), d.Features.Shape);
        Assert.Equal(0f, d.Features.Span.ToArray().Min());
        Assert.Equal(1f, d.Features.Span.ToArray().Max());
        Assert.All(Enumerable.Range(0, 10), c => Assert.InRange(d.Labels.Count(l => l == c), 800, 1200));
        Assert.Equal(new Shape(10000, 1, 28, 28), d.Reshape(1, 28, 28).Features.Shape);
    }

    [Fact]
    public void Fashion_has_class_names_and_splits_8k_2k()
    {
        var d = Datasets.Fashion<float>().OrThrow();
        Assert.Equal("ankle boot", d.ClassNames[9]);
        var (train, test) = d.Split(Key.Create(0), 0.8);
        Assert.Equal((8000, 2000), (train.Count, test.Count));
        Assert.Equal("T-shirt/top", train.ClassNames[0]);
    }

    [Fact]
    public void SplitRows_is_what_Split_uses()
    {
        var d = new Dataset<double>(Tensor<double>.FromSpan(new Shape(10, 1), [.. Enumerable.Range(0, 10).Select(i => (double)i)]), [.. Enumerable.Range(0, 10)], 10);
        var (train, test) = Dataset<double>.SplitRows(Key.Create(7), 10, 0.7);
        var split = d.Split(Key.Create(7), 0.7);
        Assert.Equal(train, split.Train.Labels);
        Assert.Equal(test, split.Test.Labels);
    }

    [Theory]
    [InlineData("mnist")]
    [InlineData("fashion")]
    public void The_split_readers_equal_the_whole_set_split(string name)
    {
        var key = Key.Create(3).Split().Left;
        var whole = (name == "mnist" ? Datasets.Mnist<float>() : Datasets.Fashion<float>()).OrThrow().Split(key, 0.8);
        var split = (name == "mnist" ? Datasets.MnistSplit<float>(key, 0.8) : Datasets.FashionSplit<float>(key, 0.8)).OrThrow();
        foreach (var (a, b) in new[] { (whole.Train, split.Train), (whole.Test, split.Test) })
        {
            Assert.Equal(a.Features.Shape, b.Features.Shape);
            Assert.True(a.Features.Span.SequenceEqual(b.Features.Span));
            Assert.Equal(a.Labels, b.Labels);
            Assert.Equal(a.Classes, b.Classes);
            Assert.Equal(a.ClassNames.ToArray(), b.ClassNames.ToArray());
        }
    }

    [Fact]
    public void Fashion_classes_are_the_ten_labels_of_fashion_mnist_in_order() =>
        // Source: the "Labels" table of the zalandoresearch/fashion-mnist README (0 T-shirt/top ... 9 Ankle boot), lower-cased here.
        Assert.Equal(["T-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"], Datasets.FashionClasses);

    [Fact]
    public void A_missing_resource_is_an_error_naming_it() =>
        Assert.Equal("embedded data set 'none.gz' is missing from the assembly", Datasets.Resource("none.gz").Match(_ => "", e => e.Message));
}

using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Data;

/// <summary>An image set kept as bytes: every operation equals the same one on the Dataset it converts to.</summary>
public class ImageSetTests
{
    // n images of h×w bytes (byte i of the file is i·7 mod 256), label of image i: i % 3.
    private static ImageSet Images(int n, int h, int w) =>
        ImageSet.Of(Idx.Read(new MemoryStream(IdxBytes.UBytes([n, h, w])), "test.idx", gzip: false).OrThrow(), [.. Enumerable.Range(0, n).Select(i => i % 3)], 3, 1.0 / 255)
            with { ClassNames = ["a", "b", "c"] };

    private static void Same<T>(Dataset<T> expected, Dataset<T> actual) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Features.Shape, actual.Features.Shape);
        Assert.Equal(expected.Features.ToArray(), actual.Features.ToArray());
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.Classes, actual.Classes);
        Assert.Equal(expected.ClassNames.ToArray(), actual.ClassNames.ToArray());
    }

    private static Gen<(int N, int H, int W, int Batch, int Seed)> Sizes =>
        from n in Gen.Choose(1, 40)
        from h in Gen.Choose(1, 5)
        from w in Gen.Choose(1, 5)
        from batch in Gen.Choose(1, 45)
        from seed in Gen.Choose(0, 1000)
        select (n, h, w, batch, seed);

    [Fact]
    public void ToDataset_scales_each_byte_into_rows_of_height_times_width()
    {
        var d = Images(3, 2, 2).ToDataset<double>();
        Assert.Equal(new Shape(3, 4), d.Features.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 7 % 256 * (1.0 / 255)), d.Features.ToArray());
        Assert.Equal([0, 1, 2], d.Labels);
        Assert.Equal(["a", "b", "c"], d.ClassNames.ToArray());
    }

    [Property(MaxTest = 60)]
    public Property Batches_equal_the_converted_sets_batches() =>
        Prop.ForAll(Sizes.ToArbitrary(), s =>
        {
            var images = Images(s.N, s.H, s.W);
            var key = Key.Create(s.Seed);
            var expected = images.ToDataset<float>().Batches(key, s.Batch).ToArray();
            var actual = images.Batches<float>(key, s.Batch).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            foreach (var (e, a) in expected.Zip(actual)) Same(e, a);
        });

    [Property(MaxTest = 60)]
    public Property Split_and_take_equal_the_converted_sets() =>
        Prop.ForAll(Sizes.ToArbitrary(), s =>
        {
            var images = Images(s.N + 1, s.H, s.W);
            var key = Key.Create(s.Seed);
            var (train, test) = images.Split(key, 0.75);
            var whole = images.ToDataset<double>().Split(key, 0.75);
            Same(whole.Train, train.ToDataset<double>());
            Same(whole.Test, test.ToDataset<double>());
            int[] rows = [.. Enumerable.Range(0, s.Batch).Select(i => (i * 13 + s.Seed) % train.Count)];
            Same(whole.Train.Take(rows), train.Take(rows).ToDataset<double>());
            Assert.Equal(s.N + 1, train.Count + test.Count);
        });

    [Fact]
    public void Reshape_keeps_the_pixels_and_rejects_a_shape_of_another_size()
    {
        var images = Images(2, 3, 4).Reshape(1, 3, 4);
        Assert.Equal(new Shape(2, 1, 3, 4), images.ToDataset<float>().Features.Shape);
        Assert.Equal(new Shape(2, 1, 3, 4), images.Batches<float>(Key.Create(0), 5).Single().Features.Shape);
        Assert.Equal(Images(2, 3, 4).ToDataset<float>().Features.ToArray(), images.ToDataset<float>().Features.ToArray());
        var e = Assert.Throws<ArgumentException>(() => images.Reshape(1, 3, 3));
        Assert.StartsWith("test.idx: an image has 12 pixels, not [1, 3, 3]", e.Message);
    }

    [Fact]
    public void Bad_arguments_are_rejected_by_name()
    {
        var flat = Idx.Read(new MemoryStream(IdxBytes.UBytes([4, 6])), "flat.idx", gzip: false).OrThrow();
        var flatError = Assert.Throws<ArgumentException>(() => { _ = ImageSet.Of(flat, [0, 1, 2, 0], 3, 1); });
        Assert.StartsWith("flat.idx: dimensions [4, 6]; expected [n, height, width]", flatError.Message);
        Assert.Equal("images", flatError.ParamName);
        var cube = Idx.Read(new MemoryStream(IdxBytes.UBytes([4, 2, 3])), "cube.idx", gzip: false).OrThrow();
        var cubeError = Assert.Throws<ArgumentException>(() => { _ = ImageSet.Of(cube, [0, 1, 2], 3, 1); });
        Assert.StartsWith("cube.idx: 4 images but 3 labels", cubeError.Message);
        Assert.Equal("labels", cubeError.ParamName);
        // From says the same as an error value (the embedded data sets are read through it).
        Assert.Equal("flat.idx: dimensions [4, 6]; expected [n, height, width]", ImageSet.From(flat, [0, 1, 2, 0], 3, 1).Match(_ => "", e => e.Message));
        Assert.Equal("cube.idx: 4 images but 3 labels", ImageSet.From(cube, [0, 1, 2], 3, 1).Match(_ => "", e => e.Message));
        Assert.Equal(4, ImageSet.From(cube, [0, 1, 2, 0], 3, 1).Match(set => set.Count, _ => -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Images(3, 2, 2).Batches<float>(Key.Create(0), 0));
    }

    [Fact]
    public void The_bundled_sets_keep_every_image_with_its_label()
    {
        var mnist = Datasets.MnistImages().OrThrow();
        Assert.Equal((10000, 10), (mnist.Count, mnist.Classes));
        Assert.Equal([784], mnist.ExampleShape.ToArray());
        Assert.Equal("9", mnist.ClassNames[9]);
        var fashion = Datasets.FashionImages().OrThrow();
        Assert.Equal("ankle boot", fashion.ClassNames[9]);
        // The first image of Fashion-MNIST's test set is an ankle boot (t10k-labels-idx1-ubyte; the bundled MNIST is shuffled).
        Assert.Equal(9, fashion.Labels[0]);
    }
}

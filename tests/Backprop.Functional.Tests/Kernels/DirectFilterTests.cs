using System.Runtime.Intrinsics.X86;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>The filter gradient from the padded images, for the layers <see cref="DirectConv"/> computes: the adjoint sum, whatever the thread count.</summary>
public class DirectFilterTests
{
    [Property(MaxTest = 100)]
    public Property BackwardFilter_from_the_padded_images_is_the_adjoint_sum() =>
        Prop.ForAll(DirectConvTests.Geometries(), c =>
        {
            DirectConvTests.Direct<float>(c.G, g => ConvolutionTests.BackwardFilter<float>(g, c.Seed));
            DirectConvTests.Direct<double>(c.G, g => ConvolutionTests.BackwardFilter<double>(g, c.Seed));
        });

    /// <summary>Shared by two threads (8 images of 28×28, LeNet's first layer), dW has the bits of one thread's.</summary>
    [Fact]
    public void BackwardFilter_from_the_padded_images_does_not_depend_on_the_thread_count()
    {
        var g = new ConvGeometry(8, 1, 28, 28, 6, 5, 5, 1, 2);
        Assert.Equal(Avx512F.IsSupported || (Avx2.IsSupported && Fma.IsSupported), DirectConv.Fits<float>(g));
        if (Environment.ProcessorCount >= 2)
            Assert.Equal(2, Parallelism.With(2, () => Math.Min(DirectFilter.Blocks(g), ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch))));
        var rng = new Random(5);
        float[] x = Samples.Normal<float>(rng, g.Batch * g.ImageSize), dy = Samples.Normal<float>(rng, g.Batch * g.OutImageSize);
        float[] Run(int threads) => Parallelism.With(threads, () =>
        {
            var dw = Samples.Filled(g.OutChannels * g.Patch, float.NaN);
            Convolution.BackwardFilter<float>(dy, x, dw, new float[Convolution.WorkSize<float>(g)], g);
            return dw;
        });
        Assert.True(Run(1).AsSpan().SequenceEqual(Run(2)), "dW differs between one thread and two");
    }
}

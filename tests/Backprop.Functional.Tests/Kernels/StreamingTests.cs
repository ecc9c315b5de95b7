using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Shared element-wise passes give the one-thread results to the bit, wherever the parts split.</summary>
[Collection("Parallelism")]
public class StreamingTests
{
    /// <summary>Lengths on both sides of the split threshold, odd ones whose ranges end off the grain.</summary>
    private static readonly int[] Lengths = [0, 1, 17, Streaming.MinPerPart - 1, 2 * Streaming.MinPerPart - 1, 2 * Streaming.MinPerPart + 7, 5 * Streaming.MinPerPart + 3];

    /// <summary>Elements after the destination that must stay as they were: more than the first part's length.</summary>
    private const int Tail = 3 * Streaming.MinPerPart;

    private static Arbitrary<(int Length, int Seed)> Cases() =>
        (from length in Gen.Elements(Lengths) from seed in Gen.Choose(0, int.MaxValue) select (length, seed)).ToArbitrary();

    /// <summary>Lengths as <see cref="Cases"/>, and one block of the sums of squares, one more, and most of three.</summary>
    private static Arbitrary<(int length, int seed)> BlockCases() =>
        (from length in Gen.Elements([.. Lengths, Streaming.SumBlock, Streaming.SumBlock + 1, 3 * Streaming.SumBlock - 5])
         from seed in Gen.Choose(0, int.MaxValue) select (length, seed)).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property Multiply_add_has_the_bits_of_the_one_thread_pass_and_finds_a_non_finite_result() => Prop.ForAll(Cases(), c =>
    {
        AssertMultiplyAdd<float>(c.Length, c.Seed);
        AssertMultiplyAdd<double>(c.Length, c.Seed);
    });

    [Property(MaxTest = 40)]
    public Property One_non_finite_element_anywhere_is_found() => Prop.ForAll(Cases(), c =>
    {
        AssertFinds<float>(c.Length, c.Seed);
        AssertFinds<double>(c.Length, c.Seed);
    });

    /// <summary>
    /// Σx² is the block sums in block order, to the bit, for one thread and two; within (block − 1)·u·Σx² + u·Σx²
    /// (recursive summation in T inside a block, the double additions exact enough) of the sum in double; and not
    /// finite when an element is not.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property Sum_of_squares_is_the_block_sums_in_order_for_any_thread_count() => Prop.ForAll(
        BlockCases(),
        c =>
        {
            AssertSumOfSquares<float>(c.length, c.seed);
            AssertSumOfSquares<double>(c.length, c.seed);
        });

    /// <summary>
    /// The fused SGD pass writes the bits of <see cref="Streaming.MultiplyAdd{T}"/> (and nothing past the end), says
    /// whether they are finite, and returns the bits of <see cref="Streaming.SumOfSquares{T}"/> of x, for one thread and two.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property Multiply_add_with_squares_has_the_bits_of_the_two_passes() => Prop.ForAll(
        BlockCases(),
        c =>
        {
            AssertMultiplyAddSquares<float>(c.length, c.seed);
            AssertMultiplyAddSquares<double>(c.length, c.seed);
        });

    [Fact]
    public void Multiply_add_with_squares_names_unequal_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Streaming.MultiplyAddSquares<float>(new float[3], 1f, new float[3], new float[2]));
        Assert.Contains("got 3, 3 and 2", error.Message);
        Assert.Throws<ArgumentException>(() => Streaming.MultiplyAddSquares<float>(new float[3], 1f, new float[4], new float[3]));
        // Lengths of several blocks, one element apart: the blocks would be cut from x's length alone.
        var n = 3 * Streaming.SumBlock;
        Assert.Throws<ArgumentException>(() => Streaming.MultiplyAddSquares<float>(new float[n], 1f, new float[n], new float[n - 1]));
        Assert.Throws<ArgumentException>(() => Streaming.MultiplyAddSquares<double>(new double[n], 1.0, new double[n - 1], new double[n]));
    }

    /// <summary>ReLU and its pullback shared among two threads give the one-thread kernels' bits (signed zeros and NaN too) and write nothing past the end.</summary>
    [Property(MaxTest = 30)]
    public Property Relu_and_its_pullback_have_the_bits_of_the_one_thread_pass() => Prop.ForAll(Cases(), c =>
    {
        AssertRelu<float>(c.Length, c.Seed);
        AssertRelu<double>(c.Length, c.Seed);
    });

    [Fact]
    public void Long_spans_are_shared_and_short_ones_are_not()
    {
        var threads = Math.Min(2, Environment.ProcessorCount);
        Assert.Equal(threads, Parallelism.With(2, () => Streaming.Parts(2 * Streaming.MinPerPart)));
        Assert.Equal(1, Parallelism.With(2, () => Streaming.Parts(2 * Streaming.MinPerPart - 1)));
        Assert.Equal(1, Parallelism.With(1, () => Streaming.Parts(10 * Streaming.MinPerPart)));
        Assert.Equal(1, Parallelism.With(2, () => Streaming.Parts(0)));
    }

    [Fact]
    public void Relu_outputs_shorter_than_a_long_input_are_refused()
    {
        var n = 4 * Streaming.MinPerPart;
        var (x, buffer) = (new float[n], new float[n]);
        Parallelism.With(2, () =>
        {
            Assert.Throws<ArgumentException>(() => Streaming.Relu<float>(x, buffer.AsSpan(0, n - 1)));
            var e = Assert.Throws<ArgumentException>(() => Streaming.ReluBackward<float>(x, x, buffer.AsSpan(0, n - 1)));
            Assert.Contains($"dx {n - 1}", e.Message);
            e = Assert.Throws<ArgumentException>(() => Streaming.ReluBackward<float>(x, x.AsSpan(0, n - 1), buffer));
            Assert.Contains($"dy {n - 1}", e.Message);
            return 0;
        });
    }

    [Fact]
    public void Unequal_lengths_are_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => Streaming.MultiplyAdd<float>(new float[3], 2f, new float[3], new float[2]));
        Assert.Contains("3, 3 and 2", error.Message);
    }

    private static void AssertMultiplyAdd<T>(int length, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = GemmReference.Random<T>(rng, length), addend = GemmReference.Random<T>(rng, length);
        var s = T.CreateChecked(rng.NextDouble() * 4 - 2);
        // Finite inputs; then one element, anywhere, that overflows (x·s past the largest finite value) or is NaN.
        Check(true);
        if (length == 0) return;
        var at = rng.Next(length);
        (x[at], s) = rng.Next(2) == 0 ? (T.CreateSaturating(double.MaxValue), T.CreateChecked(3)) : (T.NaN, s);
        Check(false);

        void Check(bool finite)
        {
            var expected = new T[length];
            TensorPrimitives.MultiplyAdd(x, s, addend, expected);
            foreach (var threads in new[] { 1, 2 })
            {
                // The destination is the front of a longer buffer (whatever was there before is overwritten); past its end, nothing may change.
                var buffer = GemmReference.Random<T>(rng, length + Tail);
                var tail = buffer[length..];
                var found = Parallelism.With(threads, () => Streaming.MultiplyAdd<T>(x, s, addend, buffer.AsSpan(0, length)));
                Assert.True(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(buffer.AsSpan(0, length))),
                    $"{typeof(T).Name}, {length} elements, {threads} threads: not the bits of TensorPrimitives.MultiplyAdd");
                Assert.True(tail.AsSpan().SequenceEqual(buffer.AsSpan(length)), $"{typeof(T).Name}, {length} elements, {threads} threads: wrote past the end");
                Assert.True(found == finite, $"{typeof(T).Name}, {length} elements, {threads} threads: said {(found ? "finite" : "not finite")}");
            }
        }
    }

    private static void AssertMultiplyAddSquares<T>(int length, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = GemmReference.Random<T>(rng, length), addend = GemmReference.Random<T>(rng, length);
        var s = T.CreateChecked(-0.01);
        Check(true);
        if (length == 0) return;
        // One element, anywhere, whose update overflows (a finite x, so a finite Σx²), then one that is NaN.
        var at = rng.Next(length);
        var max = T.CreateSaturating(double.MaxValue);
        (x[at], s) = (T.Sqrt(max), max);
        Check(false);
        x[at] = T.NaN;
        Check(false);

        void Check(bool finite)
        {
            var expected = new T[length];
            var expectedFinite = Parallelism.With(1, () => Streaming.MultiplyAdd<T>(x, s, addend, expected));
            var expectedSquares = Parallelism.With(1, () => Streaming.SumOfSquares<T>(x));
            Assert.Equal(finite, expectedFinite);
            foreach (var threads in new[] { 1, 2 })
            {
                var buffer = GemmReference.Random<T>(rng, length + Tail);
                var tail = buffer[length..];
                var (found, squares) = Parallelism.With(threads, () => Streaming.MultiplyAddSquares<T>(x, s, addend, buffer.AsSpan(0, length)));
                Assert.True(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(buffer.AsSpan(0, length))),
                    $"{typeof(T).Name}, {length} elements, {threads} threads: not the bits of MultiplyAdd");
                Assert.True(tail.AsSpan().SequenceEqual(buffer.AsSpan(length)), $"{typeof(T).Name}, {length} elements, {threads} threads: wrote past the end");
                Assert.True(found == finite, $"{typeof(T).Name}, {length} elements, {threads} threads: said {(found ? "finite" : "not finite")}");
                Assert.True(BitConverter.DoubleToInt64Bits(expectedSquares) == BitConverter.DoubleToInt64Bits(squares),
                    $"{typeof(T).Name}, {length} elements, {threads} threads: Σx² {squares:R}, not SumOfSquares' {expectedSquares:R}");
            }
        }
    }

    private static void AssertRelu<T>(int length, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = GemmReference.Random<T>(rng, length), dy = GemmReference.Random<T>(rng, length);
        if (length > 2) (x[rng.Next(length)], x[rng.Next(length)], x[rng.Next(length)]) = (T.Zero, T.NegativeZero, T.NaN);
        T[] y = new T[length], dx = new T[length];
        TensorPrimitives.Max(x, T.Zero, y);
        Activation.ReluBackward<T>(x, dy, dx);
        foreach (var threads in new[] { 1, 2 })
        {
            T[] gotY = GemmReference.Random<T>(rng, length + Tail), gotDx = GemmReference.Random<T>(rng, length + Tail);
            T[] tailY = gotY[length..], tailDx = gotDx[length..];
            Parallelism.With(threads, () => { Streaming.Relu<T>(x, gotY.AsSpan(0, length)); Streaming.ReluBackward<T>(x, dy, gotDx.AsSpan(0, length)); return 0; });
            Assert.True(MemoryMarshal.AsBytes(y.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(gotY.AsSpan(0, length))), $"{typeof(T).Name}, {length} elements, {threads} threads: relu");
            Assert.True(MemoryMarshal.AsBytes(dx.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(gotDx.AsSpan(0, length))), $"{typeof(T).Name}, {length} elements, {threads} threads: relu pullback");
            Assert.True(tailY.AsSpan().SequenceEqual(gotY.AsSpan(length)) && tailDx.AsSpan().SequenceEqual(gotDx.AsSpan(length)), $"{typeof(T).Name}, {length} elements, {threads} threads: wrote past the end");
        }
    }

    private static void AssertSumOfSquares<T>(int length, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = GemmReference.Random<T>(rng, length);
        var blocks = 0.0;
        for (var i0 = 0; i0 < length; i0 += Streaming.SumBlock)
            blocks += double.CreateChecked(TensorPrimitives.SumOfSquares<T>(x.AsSpan(i0, Math.Min(Streaming.SumBlock, length - i0))));
        var exact = 0.0;
        foreach (var v in x) exact += double.CreateChecked(v) * double.CreateChecked(v);
        var u = Rounding.Unit<T>();
        foreach (var threads in new[] { 1, 2 })
        {
            var sum = Parallelism.With(threads, () => Streaming.SumOfSquares<T>(x));
            Assert.True(BitConverter.DoubleToInt64Bits(blocks) == BitConverter.DoubleToInt64Bits(sum),
                $"{typeof(T).Name}, {length} elements, {threads} threads: {sum:R}, not the block sums' {blocks:R}");
            Assert.True(Math.Abs(sum - exact) <= Streaming.SumBlock * u * exact, $"{typeof(T).Name}, {length} elements: {sum:R} against {exact:R}");
        }
        if (length == 0) return;
        x[rng.Next(length)] = rng.Next(2) == 0 ? T.NaN : T.NegativeInfinity;
        Assert.False(double.IsFinite(Parallelism.With(2, () => Streaming.SumOfSquares<T>(x))), $"{typeof(T).Name}: a non-finite element gave a finite sum");
    }

    private static void AssertFinds<T>(int length, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = GemmReference.Random<T>(rng, length);
        Assert.True(Parallelism.With(2, () => Streaming.AllFinite<T>(x)), $"{typeof(T).Name}, {length} finite elements");
        if (length == 0) return;
        // The last element, either side of where two parts meet (at a multiple of 16 below the middle), or any.
        var middle = length / 2 / 16 * 16;
        var at = rng.Next(4) switch { 0 => length - 1, 1 => middle, 2 => Math.Max(0, middle - 1), _ => rng.Next(length) };
        foreach (var bad in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity })
        {
            x[at] = bad;
            Assert.False(Parallelism.With(2, () => Streaming.AllFinite<T>(x)), $"{typeof(T).Name}: {bad} at {at} of {length} not found");
        }
    }
}

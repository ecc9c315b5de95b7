using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>The ranges of a fork-join cover every item once, in contiguous blocks, one per part.</summary>
public class ParallelRangeTests
{
    [Property(MaxTest = 200)]
    public Property Ranges_cover_every_item_once_in_contiguous_blocks() =>
        Prop.ForAll(Gen.Choose(0, 50).ToArbitrary(), Gen.Choose(0, 4).ToArbitrary(), (count, parts) =>
        {
            var seen = new int[count];
            var ranges = new (int Part, int Start, int End)[Math.Max(1, parts)];
            ParallelRange.For(count, parts, (part, start, end) =>
            {
                ranges[part] = (part, start, end);
                for (var i = start; i < end; i++) Interlocked.Increment(ref seen[i]);
            });
            Assert.All(seen, n => Assert.Equal(1, n));
            var used = ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start).ToArray();
            for (var i = 1; i < used.Length; i++) Assert.Equal(used[i - 1].End, used[i].Start);
            Assert.True(used.Length <= Math.Max(1, Math.Min(parts, count)), $"{used.Length} ranges for {count} items in {parts} parts");
        });

    [Fact]
    public void Parts_grow_with_the_work_up_to_the_thread_limit()
    {
        Assert.Equal(1, Parallelism.With(8, () => ParallelRange.Parts(100, ParallelRange.MinWorkPerPart / 100)));
        Assert.Equal(1, Parallelism.With(1, () => ParallelRange.Parts(100, ParallelRange.MinWorkPerPart)));
        var threads = Math.Min(2, Environment.ProcessorCount);
        Assert.Equal(threads, Parallelism.With(2, () => ParallelRange.Parts(100, ParallelRange.MinWorkPerPart)));
        Assert.Equal(threads, Parallelism.With(2, () => ParallelRange.Parts(2, 2 * ParallelRange.MinWorkPerPart)));
        Assert.Equal(1, Parallelism.With(2, () => ParallelRange.Parts(1, 100 * ParallelRange.MinWorkPerPart)));
        Assert.Equal(1, Parallelism.With(2, () => ParallelRange.Parts(0, 0)));
    }
}

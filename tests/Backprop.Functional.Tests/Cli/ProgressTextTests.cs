using Backprop.Cli;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Cli;

public class ProgressTextTests
{
    private static readonly ProgressPoint Busy = new(12, 15, 123_456, 140_700, 0.012345678, 0.97654, 12_345);

    [Property]
    public Property The_progress_line_fits_every_terminal_width_from_40_columns() =>
        Prop.ForAll(Gen.Choose(40, 300).ToArbitrary(), width =>
        {
            var usable = width - 1;
            var text = ProgressText.Describe(Busy, usable - ProgressText.BarColumns(usable));
            return text.Length + ProgressText.BarColumns(usable) < width && text.StartsWith("12/15", StringComparison.Ordinal) | text.StartsWith("epoch 12/15", StringComparison.Ordinal);
        });

    [Fact]
    public void Wide_terminals_get_every_detail_and_narrow_ones_the_epoch_and_loss()
    {
        Assert.Equal("epoch 12/15 step 123456/140700 loss 0.01235 acc 97.7 % 12345 steps/s", ProgressText.Describe(Busy, 120));
        Assert.Equal("epoch 12/15 loss 0.01235 acc 97.7 %", ProgressText.Describe(Busy, 79 - ProgressText.BarColumns(79)));
        Assert.Equal("12/15 0.0123", ProgressText.Describe(Busy, 39 - ProgressText.BarColumns(39)));
        Assert.Equal("epoch 3/15 loss 1.25", ProgressText.Describe(Busy with { Epoch = 3, Loss = 1.25, Accuracy = double.NaN }, 20));
    }
}

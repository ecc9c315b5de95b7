using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

public class GradCheckTests
{
    [Fact]
    public void A_pullback_with_the_sign_flipped_is_caught_and_named()
    {
        static Pulled<Tensor<double>, Tensor<double>> WrongTanh(Tensor<double> x)
        {
            var right = Functional.Rules.Rules.Tanh(x);
            return right with { Pullback = dy => -right.Pullback(dy) };
        }
        var report = GradCheck.Rule("WrongTanh", WrongTanh, Key.Create(1).Normal<double>(new Shape(2, 3)), Key.Create(2));
        Assert.False(report.Passed);
        Assert.Contains("WrongTanh", report.ToString());
        Assert.Contains("x[", report.ToString());
    }

    [Fact]
    public void A_correct_pullback_passes_with_its_worst_element_reported()
    {
        var report = GradCheck.Rule("Tanh", Functional.Rules.Rules.Tanh, Key.Create(1).Normal<double>(new Shape(2, 3)), Key.Create(2));
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(6, report.Checked);
        Assert.NotNull(report.Worst);
    }
}

using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

/// <summary>Known answers for softmax cross-entropy: the textbook's worked example and its batch scaling.</summary>
public class SoftmaxCrossEntropyKnownAnswerTests
{
    /// <summary>
    /// The textbook's worked example: predictions ŷ = [0.5, 0.5, 0] against the one-hot y = [0, 1, 0]
    /// give ∂L/∂z = ŷ − y = [0.5, −0.5, 0]. Logits [0, 0, −1000] give exactly that ŷ in double
    /// (e^−1000 underflows to 0), and the loss is −log 0.5 = log 2.
    /// </summary>
    [Fact]
    public void Worked_example_gives_prediction_minus_target()
    {
        var logits = Tensor.Create(new Shape(1, 3), 0.0, 0.0, -1000.0);
        var target = Tensor.Create(new Shape(1, 3), 0.0, 1.0, 0.0);
        var pulled = Functional.Rules.Rule.SoftmaxCrossEntropy(logits, target);
        Assert.Equal(Math.Log(2), pulled.Value.ToScalar(), 15);
        Assert.Equal([0.5, -0.5, 0.0], pulled.Pullback(Tensor.Scalar(1.0)).ToArray());
    }

    [Fact]
    public void Gradient_is_divided_by_the_batch()
    {
        var logits = Tensor.Create(new Shape(2, 3), 0.0, 0.0, -1000.0, 0.0, 0.0, -1000.0);
        var target = Tensor.Create(new Shape(2, 3), 0.0, 1.0, 0.0, 1.0, 0.0, 0.0);
        var grad = Functional.Rules.Rule.SoftmaxCrossEntropy(logits, target).Pullback(Tensor.Scalar(1.0));
        Assert.Equal([0.25, -0.25, 0.0, -0.25, 0.25, 0.0], grad.ToArray());
    }

    [Fact]
    public void Huge_logits_stay_finite()
    {
        var logits = Tensor.Create(new Shape(1, 2), 1e4f, -1e4f);
        var loss = Functional.Rules.Rule.SoftmaxCrossEntropy(logits, Tensor.Create(new Shape(1, 2), 0f, 1f)).Value.ToScalar();
        Assert.Equal(2e4f, loss);
    }
}

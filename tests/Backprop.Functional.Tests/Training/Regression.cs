using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Losses;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Tests.Training;

/// <summary>A regression batch for the generic unfold: inputs [n, d] and targets [n, 1].</summary>
internal sealed record Regression(Tensor<float> X, Tensor<float> Y)
{
    /// <summary>y = X·w* + 1 + 0.1·noise with w* = (1, −2, 0.5), n rows, all from one key.</summary>
    public static Regression Linear(Key key, int n)
    {
        var k = key.Split(2);
        var x = k[0].Normal<float>(new Shape(n, 3));
        var noise = k[1].Normal<float>(new Shape(n, 1), 0.1f);
        var w = Tensor.Create(new Shape(3, 1), 1f, -2f, 0.5f);
        var y = Backprop.Functional.Rules.Rule.MatMul(x, w).Value.Map(v => v + 1f) + noise;
        return new(x, y);
    }

    public static Layer<float> Model() => Dense.Create<float>(1);

    public static Func<Regression, Diff<float, (Var<float> Loss, double Accuracy)>> Objective(Layer<float> model) =>
        b => from y in model(b.X)
             from loss in Loss.MeanSquaredError(y, b.Y)
             select (loss, double.NaN);
}

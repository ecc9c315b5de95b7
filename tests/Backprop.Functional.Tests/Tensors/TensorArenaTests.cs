using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<float>;

namespace Backprop.Functional.Tests.Tensors;

/// <summary>Buffer reuse in gradient runs must never change a value a caller holds.</summary>
public class TensorArenaTests
{
    private static readonly Key K = Key.Create(11);
    private static readonly Tensor<float> X = K.Normal<float>(new Shape(8, 6));
    private static readonly int[] Labels = [0, 1, 2, 0, 1, 2, 0, 1];
    private static readonly Layer<float> Net = Dense(7).Then(Relu).Then(Dense(3));

    private static Diff<float, Var<float>> Loss(Tensor<float> x) =>
        from y in Net(x) from l in SoftmaxCrossEntropy(y, Labels) select l;

    [Fact]
    public void Gradients_and_aux_outputs_survive_later_runs()
    {
        var p = Net.Init(K, X).OrThrow();
        var first = Diff.ValueAndGrad(from y in Net(X) from l in SoftmaxCrossEntropy(y, Labels) select (l, y), p).OrThrow();
        var grads = first.Grads.Select(e => e.Value.ToArray()).ToArray();
        var aux = first.Aux.Value.ToArray();
        for (var i = 0; i < 5; i++) Diff.ValueAndGrad(Loss(K.FoldIn(i).Normal<float>(X.Shape)), p).OrThrow();
        Assert.Equal(grads, first.Grads.Select(e => e.Value.ToArray()).ToArray());
        Assert.Equal(aux, first.Aux.Value.ToArray());
    }

    [Fact]
    public void Pooled_runs_give_the_same_gradients_as_unpooled_ones_step_after_step()
    {
        var p = Net.Init(K, X).OrThrow();
        for (var step = 0; step < 10; step++)
        {
            var x = K.FoldIn(step).Normal<float>(X.Shape);
            var pooled = Diff.ValueAndGrad(Loss(x), p).OrThrow().Grads;
            var plain = Diff.Vjp(v => from y in Net(v) from l in SoftmaxCrossEntropy(y, Labels) select l, x, p, Tensor<float>.Scalar(1f)).OrThrow().ParamGrads;
            Assert.All(pooled, e => Assert.Equal(plain[e.Key].ToArray(), e.Value.ToArray()));
            p = p.Zip(pooled, (w, g) => w.AddScaled(g, -0.1f));
        }
    }
}

using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using Xunit;
using Xunit.Abstractions;
using static Backprop.Functional.Nn<float>;

namespace Backprop.Functional.Tests.Training;

/// <summary>The textbook's phenomena, reproduced with fixed keys. Each test prints what it measured.</summary>
public class PhenomenaTests(ITestOutputHelper output)
{
    private static Layer<float> Deep(int depth, Layer<float> activation, Func<Key, Shape, Tensor<float>> init) =>
        Sequential([.. Enumerable.Range(0, depth - 1).Select(_ => Dense(32, init).Then(activation)), Dense(10, init)]);

    /// <summary>‖∂L/∂dense_1‖ / ‖∂L/∂dense_depth‖ at initialisation, on 64 digits.</summary>
    private double FirstToLastGradRatio(Layer<float> activation, Func<Key, Shape, Tensor<float>> init, string label)
    {
        var data = TrainTests.Digits(64);
        var model = Deep(20, activation, init);
        var p = model.Init(Key.Create(21), data.Features).OrThrow();
        var grads = Diff.ValueAndGrad(Train.ClassifierObjective(model)(data), p).OrThrow().Grads;
        var norms = Train.GradNorms(grads);
        var ratio = norms["dense_1"] / norms["dense_20"];
        output.WriteLine($"{label}: ‖∇dense_1‖ = {norms["dense_1"]:E2}, ‖∇dense_20‖ = {norms["dense_20"]:E2}, ratio {ratio:E2}");
        return ratio;
    }

    [Fact]
    public void Deep_sigmoid_gradients_vanish_but_relu_with_he_init_do_not()
    {
        Assert.InRange(FirstToLastGradRatio(Sigmoid, GlorotUniform, "sigmoid + Glorot"), 0, 1e-4);
        Assert.InRange(FirstToLastGradRatio(Relu, HeNormal, "ReLU + He"), 0.1, 10);
    }

    /// <summary>The same depth of sigmoid layers, each wrapped in a skip connection x + σ(W·x + b): the identity path carries the gradient down.</summary>
    [Fact]
    public void Residual_connections_keep_deep_sigmoid_gradients_alive()
    {
        var data = TrainTests.Digits(64);
        var model = Sequential([Dense(32, GlorotUniform), .. Enumerable.Range(0, 18).Select(_ => Residual(Dense(32, GlorotUniform).Then(Sigmoid))), Dense(10, GlorotUniform)]);
        var p = model.Init(Key.Create(21), data.Features).OrThrow();
        var norms = Train.GradNorms(Diff.ValueAndGrad(Train.ClassifierObjective(model)(data), p).OrThrow().Grads);
        var ratio = norms["dense_1"] / norms["dense_2"];
        output.WriteLine($"residual sigmoid: ‖∇dense_1‖ = {norms["dense_1"]:E2}, ‖∇dense_2‖ (the last layer) = {norms["dense_2"]:E2}, ratio {ratio:E2}");
        Assert.InRange(ratio, 1e-2, 100);   // within an order of magnitude or so; the plain sigmoid stack above is below 1e-4 (~1e-12)
    }

    [Fact]
    public void Zero_initialisation_never_breaks_symmetry_but_glorot_does()
    {
        var data = TrainTests.Digits(200);
        double Spread(Func<Key, Shape, Tensor<float>> init, string label)
        {
            var model = Sequential(Dense(8, init).Then(Sigmoid), Dense(10, init));
            var p0 = model.Init(Key.Create(31), data.Features.Rows(0, 2)).OrThrow();
            var last = Train.Steps(model, Optimiser.Sgd(0.5f), p0, data, 50, new TrainSettings(20), Key.Create(32)).Last();
            var w = last.Params["dense_1/w"];                       // [64, 8]: one column per hidden unit
            var (rows, units) = (w.Shape[0], w.Shape[1]);
            var spread = Enumerable.Range(0, rows).Max(r => Enumerable.Range(0, units).Max(u => w[r, u]) - Enumerable.Range(0, units).Min(u => w[r, u]));
            output.WriteLine($"{label}: |w| max {w.MaxAbs():E2}, largest difference between hidden units {spread:E2}, final loss {last.Metrics.Loss:F3}");
            Assert.True(w.MaxAbs() > 1e-3, "the first layer must have moved for the test to mean anything");
            return spread / w.MaxAbs();
        }
        Assert.InRange(Spread(Zeros, "zeros"), 0, 1e-5);
        Assert.InRange(Spread(GlorotUniform, "Glorot"), 0.1, double.MaxValue);
    }

    [Fact]
    public void A_step_perceptron_does_not_learn_while_a_sigmoid_one_does()
    {
        // Separable: the label is whether x0 + x1 > 0. MSE on the output; a single unit.
        var x = Key.Create(41).Normal<float>(new Shape(128, 2));
        var y = Tensor<float>.FromSpan(new Shape(128, 1), Enumerable.Range(0, 128).Select(i => x[i, 0] + x[i, 1] > 0 ? 1f : 0f).ToArray());
        var batch = new Regression(x, y);
        (double First, double Last, Params<float> P0, Params<float> P) Fit(Layer<float> activation)
        {
            var model = Dense(1).Then(activation);
            var p0 = model.Init(Key.Create(42), x).OrThrow();
            var states = Train.Steps(Regression.Objective(model), Optimiser.Sgd(1f), p0, _ => [batch], new TrainSettings(200), Key.Create(43)).ToList();
            return (states[0].Metrics.Loss, states[^1].Metrics.Loss, p0, states[^1].Params);
        }
        var step = Fit(Heaviside);
        var sigmoid = Fit(Sigmoid);
        output.WriteLine($"step: loss {step.First:F4} -> {step.Last:F4}; sigmoid: loss {sigmoid.First:F4} -> {sigmoid.Last:F4}");
        Assert.Equal(step.First, step.Last);
        Assert.All(step.P, e => Assert.Equal(step.P0[e.Key].ToArray(), e.Value.ToArray()));   // the gradient was exactly zero
        Assert.True(sigmoid.Last < sigmoid.First / 2, $"sigmoid loss {sigmoid.First} -> {sigmoid.Last}");
    }

    [Fact]
    public void Nothing_below_a_step_layer_ever_changes()
    {
        var data = TrainTests.Digits(100);
        var model = Sequential(Dense(16).Then(Heaviside), Dense(10));
        var p0 = model.Init(Key.Create(51), data.Features.Rows(0, 2)).OrThrow();
        var last = Train.Steps(model, Optimiser.Sgd(0.5f), p0, data, 20, new TrainSettings(5), Key.Create(52)).Last();
        Assert.Equal(p0["dense_1/w"].ToArray(), last.Params["dense_1/w"].ToArray());
        Assert.NotEqual(p0["dense_2/w"].ToArray(), last.Params["dense_2/w"].ToArray());
        Assert.Equal(0.0, last.Metrics.GradNorms["dense_1"]);
    }

    [Fact]
    public void L2_penalty_reduces_the_train_test_gap_of_an_overparameterised_mlp()
    {
        var all = Datasets.Digits<float>().OrThrow();
        var (rest, pick) = Key.Create(61).Split();
        var order = pick.Permutation(all.Count);
        var train = all.Take(order.AsSpan(0, 100));
        var test = all.Take(order.AsSpan(100));
        var model = Sequential(Dense(128, HeNormal).Then(Relu), Dense(10));
        var p0 = model.Init(rest, train.Features.Rows(0, 2)).OrThrow();
        (double Train, double Test, double TrainAcc, double TestAcc) Fit(Transform<float> opt, string label)
        {
            var last = Train.Steps(model, opt, p0, train, 100, new TrainSettings(200), Key.Create(62)).Last();
            double Loss(Dataset<float> d) => double.CreateChecked(Diff.Run(Train.ClassifierObjective(model)(d), last.Params).OrThrow().Loss.Value.ToScalar());
            var r = (Loss(train), Loss(test), Train.Accuracy(model, last.Params, train), Train.Accuracy(model, last.Params, test));
            output.WriteLine($"{label}: train loss {r.Item1:F3}, test loss {r.Item2:F3}, gap {r.Item2 - r.Item1:F3}; accuracy train {r.Item3:P1}, test {r.Item4:P1}");
            return r;
        }
        var plain = Fit(Optimiser.Sgd(0.1f), "no penalty");
        var l2 = Fit(Transforms.L2Penalty(0.03f).Then(Optimiser.Sgd(0.1f)), "L2 0.03");
        // Measured (keys 61/62): loss gap 0.348 -> 0.308, accuracy gap 13.4 -> 11.4 points. A modest, real effect:
        // L2 narrows the gap mostly by fitting the training set less, not by raising test accuracy here.
        Assert.True(l2.Test - l2.Train < 0.95 * (plain.Test - plain.Train), "L2 should narrow the loss gap by at least 5 %");
        Assert.True(l2.TrainAcc - l2.TestAcc < plain.TrainAcc - plain.TestAcc, "L2 should narrow the accuracy gap");
    }

    /// <summary>
    /// Plain vs dropout (0.2 on the input, 0.5 after each hidden ReLU) in a 64-128-128-10 MLP (~26k parameters) on 300 digits,
    /// full-batch Adam 0.01 for 100 steps, the same initial weights for both. Losses and accuracies are measured in
    /// evaluation mode (dropout off) on the 300 training and the 1,497 held-out digits.
    /// </summary>
    [Fact]
    public void Dropout_reduces_the_train_test_gap_of_an_overparameterised_mlp()
    {
        var all = Datasets.Digits<float>().OrThrow();
        Layer<float> Mlp(bool dropout) => dropout
            ? Sequential(Dropout(0.2), Dense(128, HeNormal).Then(Relu), Dropout(0.5), Dense(128, HeNormal).Then(Relu), Dropout(0.5), Dense(10))
            : Sequential(Dense(128, HeNormal).Then(Relu), Dense(128, HeNormal).Then(Relu), Dense(10));
        var (plainModel, dropoutModel) = (Mlp(false), Mlp(true));
        foreach (var seed in new[] { 1, 2 })
        {
            var (init, pick) = Key.Create(100 + seed).Split();
            var order = pick.Permutation(all.Count);
            var train = all.Take(order.AsSpan(0, 300));
            var test = all.Take(order.AsSpan(300));
            var p0 = plainModel.Init(init, train.Features.Rows(0, 2)).OrThrow();   // dropout has no parameters: one init for both
            (double Train, double Test, double TrainAcc, double TestAcc) Fit(Layer<float> model, string label)
            {
                var last = Train.Steps(model, Optimiser.Adam(0.01f), p0, train, train.Count, new TrainSettings(100), Key.Create(200 + seed)).Last();
                double Loss(Dataset<float> d) => double.CreateChecked(Diff.Run(Train.ClassifierObjective(model)(d), last.Params).OrThrow().Loss.Value.ToScalar());
                var r = (Loss(train), Loss(test), Train.Accuracy(model, last.Params, train), Train.Accuracy(model, last.Params, test));
                output.WriteLine($"seed {seed} {label}: train loss {r.Item1:F3}, test loss {r.Item2:F3}, gap {r.Item2 - r.Item1:F3}; accuracy train {r.Item3:P1}, test {r.Item4:P1}");
                return r;
            }
            var plain = Fit(plainModel, "plain");
            var dropped = Fit(dropoutModel, "dropout");
            // Measured (keys 100+s / 200+s): loss gap 0.304 -> 0.125 (s = 1), 0.318 -> 0.152 (s = 2); test loss 0.304 -> 0.185, 0.318 -> 0.207.
            // A throwaway console sweep of this exact setting over s = 1..20: dropout/plain loss-gap ratio 0.32..0.60
            // (mean 0.46), dropout's test loss at most 0.81x the plain one; both assertions hold with margin on all 20.
            // The accuracy gap narrowed on 19 of 20 (s = 4: 5.3 -> 5.7 points), so it is not asserted. Rejected settings
            // (one 256..1024-wide hidden layer, 256x256 with hidden-only dropout, mini-batch SGD/Adam) gave 0.6..1.1 across seeds.
            Assert.True(plain.Train < 0.01, $"seed {seed}: the plain network should fit its training set (loss {plain.Train:F4})");
            Assert.True(dropped.Test - dropped.Train < 0.8 * (plain.Test - plain.Train), $"seed {seed}: dropout should narrow the loss gap by at least 20 %");
            Assert.True(dropped.Test < plain.Test, $"seed {seed}: dropout should lower the test loss, not only raise the training loss");
        }
    }
}

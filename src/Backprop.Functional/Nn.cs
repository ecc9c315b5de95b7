using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Losses;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional;

/// <summary>
/// The library at one precision, for <c>using static Backprop.Functional.Nn&lt;float&gt;;</c> in a file or notebook:
/// layers, activations, losses and the monad's building blocks without type arguments.
/// </summary>
public static class Nn<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Layers
    public static Layer<T> Dense(int units, Func<Key, Shape, Tensor<T>>? init = null, string name = "dense") => Layers.Dense.Create(units, init, name);
    public static Layer<T> Sequential(params Layer<T>[] layers) => LayerExtensions.Sequential(layers);

    // Activations (method groups convert to Layer<T>: Dense(64).Then(Relu))
    public static Diff<T, Var<T>> Relu(Var<T> x) => Ops.Relu(x);
    public static Diff<T, Var<T>> Sigmoid(Var<T> x) => Ops.Sigmoid(x);
    public static Diff<T, Var<T>> Tanh(Var<T> x) => Ops.Tanh(x);
    public static Diff<T, Var<T>> Softmax(Var<T> x) => Ops.Softmax(x);
    public static Diff<T, Var<T>> LogSoftmax(Var<T> x) => Ops.LogSoftmax(x);
    public static Diff<T, Var<T>> Gelu(Var<T> x) => Ops.Gelu(x);
    public static Diff<T, Var<T>> Softplus(Var<T> x) => Ops.Softplus(x);
    /// <summary>The Heaviside step; its pullback is zero, so nothing before it learns (see <see cref="Rule.Heaviside{T}"/>).</summary>
    public static Diff<T, Var<T>> Heaviside(Var<T> x) => Ops.Heaviside(x);
    /// <summary>Leaky ReLU with the given slope for negative inputs, as a layer: <c>Dense(64).Then(LeakyRelu(0.01f))</c>.</summary>
    public static Layer<T> LeakyRelu(T slope) => x => Ops.LeakyRelu(x, slope);
    /// <summary>ELU with the given α, as a layer: <c>Dense(64).Then(Elu(1f))</c>.</summary>
    public static Layer<T> Elu(T alpha) => x => Ops.Elu(x, alpha);

    // Arithmetic
    public static Diff<T, Var<T>> Add(Var<T> x, Var<T> y) => Ops.Add(x, y);
    public static Diff<T, Var<T>> Subtract(Var<T> x, Var<T> y) => Ops.Subtract(x, y);
    public static Diff<T, Var<T>> Multiply(Var<T> x, Var<T> y) => Ops.Multiply(x, y);
    public static Diff<T, Var<T>> MatMul(Var<T> a, Var<T> b) => Ops.MatMul(a, b);
    public static Diff<T, Var<T>> AddBias(Var<T> x, Var<T> b) => Ops.AddBias(x, b);
    public static Diff<T, Var<T>> Sum(Var<T> x) => Ops.Sum(x);
    public static Diff<T, Var<T>> Mean(Var<T> x) => Ops.Mean(x);

    // Losses
    public static Diff<T, Var<T>> MeanSquaredError(Var<T> prediction, Var<T> target) => Loss.MeanSquaredError(prediction, target);
    public static Diff<T, Var<T>> SoftmaxCrossEntropy(Var<T> logits, int[] labels) => Loss.SoftmaxCrossEntropy(logits, labels);
    public static Diff<T, Var<T>> SoftmaxCrossEntropy(Var<T> logits, Tensor<T> targets) => Loss.SoftmaxCrossEntropy(logits, targets);
    public static Diff<T, Var<T>> MeanSquaredError(Var<T> prediction, Var<T> target, Reduction reduction) => Loss.MeanSquaredError(prediction, target, reduction);
    public static Diff<T, Var<T>> SoftmaxCrossEntropy(Var<T> logits, int[] labels, Reduction reduction) => Loss.SoftmaxCrossEntropy(logits, labels, reduction);
    public static Diff<T, Var<T>> SoftmaxCrossEntropy(Var<T> logits, Tensor<T> targets, Reduction reduction) => Loss.SoftmaxCrossEntropy(logits, targets, reduction);
    public static Diff<T, Var<T>> MeanAbsoluteError(Var<T> prediction, Var<T> target, Reduction reduction = Reduction.Mean) => Loss.MeanAbsoluteError(prediction, target, reduction);
    public static Diff<T, Var<T>> Huber(Var<T> prediction, Var<T> target, T delta, Reduction reduction = Reduction.Mean) => Loss.Huber(prediction, target, delta, reduction);
    public static Diff<T, Var<T>> BinaryCrossEntropy(Var<T> logits, Var<T> targets, Reduction reduction = Reduction.Mean) => Loss.BinaryCrossEntropy(logits, targets, reduction);

    // Initialisers
    public static Func<Key, Shape, Tensor<T>> GlorotUniform => Initialisers.GlorotUniform<T>();
    public static Func<Key, Shape, Tensor<T>> HeNormal => Initialisers.HeNormal<T>();
    public static Func<Key, Shape, Tensor<T>> Zeros => Initialisers.Zeros<T>();

    // The monad
    public static Diff<T, A> Pure<A>(A value) => Diff.Pure<T, A>(value);
    public static Diff<T, Var<T>> Param(string name, Shape shape, Func<Key, Shape, Tensor<T>> init) => Diff.Param(name, shape, init);
    public static Diff<T, A> Scope<A>(string name, Diff<T, A> body) => Diff.Scope(name, body);
    public static Diff<T, Key> FreshKey() => Diff.FreshKey<T>();
    public static Diff<T, bool> IsTraining() => Diff.IsTraining<T>();
    public static Var<T> Constant(Tensor<T> value) => Var<T>.Constant(value);

    // Running
    public static Fin<GradResult<T, Unit>> ValueAndGrad(Diff<T, Var<T>> loss, Params<T> parameters, Key? key = null) => Diff.ValueAndGrad(loss, parameters, key);
    public static Fin<GradResult<T, A>> ValueAndGrad<A>(Diff<T, (Var<T> Loss, A Aux)> program, Params<T> parameters, Key? key = null) => Diff.ValueAndGrad(program, parameters, key);

    // Layers: convolution, pooling, regularisation, normalisation, text, residual, recurrent
    public static Layer<T> Conv2d(int outChannels, int kernel, int stride = 1, int padding = 0, Func<Key, Shape, Tensor<T>>? init = null, string name = "conv2d") =>
        Layers.Conv2d.Create(outChannels, kernel, stride, padding, init, name);
    public static Layer<T> MaxPool2d(int size, int? stride = null, string name = "max_pool2d") => Layers.MaxPool2d.Create<T>(size, stride, name);
    public static Layer<T> AvgPool2d(int size, int? stride = null, string name = "avg_pool2d") => Layers.AvgPool2d.Create<T>(size, stride, name);
    public static Layer<T> Flatten => Layers.Flatten.Create<T>();
    public static Layer<T> Dropout(double rate, string name = "dropout") => Layers.Dropout.Create<T>(rate, name);
    public static Layer<T> BatchNorm(double momentum = 0.1, double epsilon = 1e-5, string name = "batch_norm") => Layers.BatchNorm.Create<T>(momentum, epsilon, name);
    public static Layer<T> LayerNorm(double epsilon = 1e-5, string name = "layer_norm") => Layers.LayerNorm.Create<T>(epsilon, name);
    public static Layer<T> Embedding(int vocabulary, int dim, Func<Key, Shape, Tensor<T>>? init = null, string name = "embedding") =>
        Layers.Embedding.Create(vocabulary, dim, init, name);
    public static Layer<T> BagOfWords(int vocabulary, int dim, Func<Key, Shape, Tensor<T>>? init = null, string name = "bag_of_words") =>
        Layers.BagOfWords.Create(vocabulary, dim, init, name);
    public static Layer<T> Residual(Layer<T> f, string name = "residual") => Layers.Residual.Create(f, name);
    public static Layer<T> Lstm(int hidden, bool sequences = false, string name = "lstm") => Layers.Lstm.Create<T>(hidden, sequences, name);
    public static Layer<T> Gru(int hidden, bool sequences = false, string name = "gru") => Layers.Gru.Create<T>(hidden, sequences, name);
    public static Func<Key, Shape, Tensor<T>> Ones => Initialisers.Ones<T>();
    public static Func<Key, Shape, Tensor<T>> ConstantInit(double value) => Initialisers.Constant<T>(value);
    public static Func<Key, Shape, Tensor<T>> Normal(double std) => Initialisers.Normal<T>(std);
    public static Func<Key, Shape, Tensor<T>> Uniform(double low, double high) => Initialisers.Uniform<T>(low, high);
    public static Func<Key, Shape, Tensor<T>> GlorotNormal => Initialisers.GlorotNormal<T>();
    public static Func<Key, Shape, Tensor<T>> HeUniform => Initialisers.HeUniform<T>();
    public static Func<Key, Shape, Tensor<T>> Orthogonal(double gain = 1.0) => Initialisers.Orthogonal<T>(gain);
}

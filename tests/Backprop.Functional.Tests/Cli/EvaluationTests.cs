using Backprop.Cli;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using Xunit;

namespace Backprop.Functional.Tests.Cli;

public class EvaluationTests
{
    private static (Layer<float> Model, Params<float> Params, Params<float> State) Net(string kind, int[] shape, Tensor<float> sample)
    {
        var model = new ModelSpec(kind, [16], "relu", 0, shape, 10, "digits", 0).Build<float>();
        var init = Diff.InitWithState(model(sample), Key.Create(1)).OrThrow();
        return (model, init.Params, init.State);
    }

    private static Dataset<float> Digits(int rows, int[] shape) =>
        Datasets.Digits<float>().OrThrow().Take([.. Enumerable.Range(0, rows)]).Reshape(shape);

    [Fact]
    public void Loss_and_accuracy_are_the_objective_over_groups_of_500_rows_whatever_the_chunk()
    {
        var data = Digits(1100, [1, 8, 8]);
        var (model, p, s) = Net("conv", [1, 8, 8], data.Features.Rows(0, 2));
        var groups = new[] { (0, 500), (500, 500), (1000, 100) }
            .Select(g => Diff.Run(Train.ClassifierObjective(model)(data.Take([.. Enumerable.Range(g.Item1, g.Item2)])), p, default, training: false, s).OrThrow())
            .Zip([500, 500, 100], (r, n) => (Loss: double.CreateChecked(r.Loss.Value.ToScalar()) * n, Correct: r.Accuracy * n))
            .ToArray();
        var (loss, accuracy) = Evaluation.LossAndAccuracy(model, p, s, data).OrThrow();
        Assert.True(Evaluation.ChunkRows(model, p, s, data.Features) < 500);
        Assert.Equal(groups.Sum(g => g.Loss) / 1100, loss);
        Assert.Equal(groups.Sum(g => g.Correct) / 1100, accuracy);
    }

    [Fact]
    public void An_image_set_kept_as_bytes_scores_as_its_converted_rows_do()
    {
        var idx = Idx.Read(new MemoryStream(Data.IdxBytes.UBytes([1100, 8, 8])), "t.idx", gzip: false).OrThrow();
        var labels = Enumerable.Range(0, 1100).Select(i => i * 7 % 10).ToArray();
        var bytes = LabelledSplit<float>.Of(ImageSet.Of(idx, labels, 10, 1.0 / 255).Reshape(1, 8, 8));
        var rows = bytes.ToDataset();
        var (model, p, s) = Net("conv", [1, 8, 8], rows.Features.Rows(0, 2));
        Assert.Equal(Evaluation.LossAndAccuracy(model, p, s, rows).OrThrow(), Evaluation.LossAndAccuracy(model, p, s, bytes).OrThrow());
    }

    [Fact]
    public void Predictions_in_chunks_are_those_of_one_pass()
    {
        var data = Digits(300, [1, 8, 8]);
        var (model, p, s) = Net("conv", [1, 8, 8], data.Features.Rows(0, 2));
        Assert.Equal(Metrics.Predictions(model.Predict(p, data.Features, s).OrThrow()), Evaluation.Predict(model, p, s, data).OrThrow());
    }

    [Fact]
    public void A_chunk_holds_fewer_rows_of_a_conv_net_than_of_a_dense_net()
    {
        var images = Tensor<float>.Zeros(new Shape(4, 1, 28, 28));
        var flat = Tensor<float>.Zeros(new Shape(4, 784));
        var conv = Net("conv", [1, 28, 28], images.Rows(0, 2));
        var dense = Net("mlp", [784], flat.Rows(0, 2));
        var convRows = Evaluation.ChunkRows(conv.Model, conv.Params, conv.State, Tensor<float>.Zeros(new Shape(10000, 1, 28, 28)));
        var denseRows = Evaluation.ChunkRows(dense.Model, dense.Params, dense.State, Tensor<float>.Zeros(new Shape(10000, 784)));
        // a 28x28 row of the conv net: its 5x5 im2col columns alone are 25·576 + 400·64 floats (160 KB)
        Assert.InRange(convRows, 1, Evaluation.ChunkBytes / (160 * 1024));
        Assert.True(denseRows > 10 * convRows, $"dense {denseRows} rows, conv {convRows}");
        Assert.Equal(1, Evaluation.ChunkRows(dense.Model, dense.Params, dense.State, flat.Rows(0, 1)));
    }
}

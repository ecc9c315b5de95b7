using Backprop.Functional.Autodiff;
using Backprop.Functional.Interop;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Nn<float>;

namespace Backprop.Functional.Tests.Onnx;

/// <summary>
/// PyTorch state_dicts in and out. The fixtures in Fixtures/torch were made by make_fixtures.py there (PyTorch 1.13):
/// nn.Sequential(Linear(4, 8), ReLU, Linear(8, 3)) and nn.Sequential(Conv2d(1, 3, 3, padding=1), BatchNorm2d(3), ReLU,
/// MaxPool2d(2), Flatten, Linear(27, 2)) (its file holds the int64 num_batches_tracked too, set aside on reading), and an nn.LSTM(3, 4) or nn.GRU(3, 4) (batch_first) with a Linear(4, 2) on the last
/// hidden state (modules "rnn" and "head"), each trained 30 SGD steps, with an input and PyTorch's outputs in evaluation mode.
/// </summary>
public class TorchStateDictTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch");

    private static Layer<float> Mlp() => Dense(8).Then(Relu).Then(Dense(3));

    private static Layer<float> ConvNet() => Conv2d(3, 3, padding: 1).Then(BatchNorm()).Then(Relu).Then(MaxPool2d(2)).Then(Flatten).Then(Dense(2));

    private static Layer<float> Model(string name) => name switch
    {
        "mlp" => Mlp(),
        "conv" => ConvNet(),
        "lstm" => Lstm(4).Then(Dense(2)),
        _ => Gru(4).Then(Dense(2)),
    };

    /// <summary>The recurrent fixtures name their modules; the others are plain nn.Sequential.</summary>
    private static IReadOnlyDictionary<string, string>? Names(string name) => name switch
    {
        "lstm" => new Dictionary<string, string> { ["lstm_1"] = "rnn", ["dense_1"] = "head" },
        "gru" => new Dictionary<string, string> { ["gru_1"] = "rnn", ["dense_1"] = "head" },
        _ => null,
    };

    private static (Params<float> Params, Params<float> State, IReadOnlyDictionary<string, string> Names) Expected(Layer<float> model, Tensor<float> x,
        IReadOnlyDictionary<string, string>? names = null)
    {
        var (p, s) = Diff.InitWithState(model(x), Key.Create(0)).OrThrow();
        return (p, s, names ?? TorchStateDict.SequentialNames(model, p, x, s).OrThrow());
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("conv")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void PyTorch_weights_give_PyTorch_outputs(string name)
    {
        var model = Model(name);
        var io = Safetensors.ReadParams<float>(Path.Combine(Fixtures, $"{name}_io.safetensors")).OrThrow();
        var (p0, s0, names) = Expected(model, io["input"], Names(name));
        var (p, s) = TorchStateDict.Read(Path.Combine(Fixtures, $"{name}.safetensors"), p0, s0, names).OrThrow();
        var worst = OnnxRuntime.WorstError(model.Predict(p, io["input"], s).OrThrow(), io["output"]);
        Assert.True(worst <= 1e-5, $"{name}: worst error {worst:E2} against PyTorch's outputs");
    }

    [Fact]
    public void An_int64_num_batches_tracked_is_set_aside()
    {
        var file = TorchFile<float>.Read(Path.Combine(Fixtures, "conv.safetensors")).OrThrow();
        Assert.Equal(("I64", new Shape()), file.Stored["1.num_batches_tracked"]);
        Assert.False(file.Tensors.Contains("1.num_batches_tracked"));
        Assert.Equal(8, file.Tensors.Count);
    }

    [Fact]
    public void Sequential_names_count_every_module_as_pytorch_does()
    {
        var x = Key.Create(1).Normal<float>(new Shape(2, 1, 6, 6));
        var (_, _, names) = Expected(ConvNet().Then(Dropout(0.5)).Then(Dense(2)), x);
        Assert.Equal(new Dictionary<string, string> { ["conv2d_1"] = "0", ["batch_norm_1"] = "1", ["max_pool2d_1"] = "3", ["dense_1"] = "5", ["dropout_1"] = "6", ["dense_2"] = "7" },
            names.OrderBy(e => e.Key).ToDictionary());
    }

    /// <summary>Every layout out and back, over generated sizes: the torch shapes are PyTorch's, and reading gives back what was written.</summary>
    [Property(MaxTest = 20)]
    public Property Every_layout_round_trips() => Prop.ForAll(Arb.From(
        from f in Gen.Choose(1, 5) from h in Gen.Choose(1, 4) from g in Gen.Choose(1, 4) from c in Gen.Choose(1, 3) from seed in Gen.Choose(0, 10_000)
        select (f, h, g, c, seed)), t =>
    {
        var (f, h, g, c, seed) = t;
        var x = Key.Create(seed).Normal<float>(new Shape(3, 2, f));
        var image = Key.Create(seed).Normal<float>(new Shape(3, 1, 4, 4));
        var model = LayerNorm().Then(Lstm(h, sequences: true)).Then(Gru(g)).Then(Dense(2));
        var conv = Conv2d(c, 3, padding: 1).Then(BatchNorm()).Then(Flatten).Then(Dense(2));
        var (p, s) = OnnxExportTests.Random(model, x, Key.Create(seed + 1));
        var (pc, sc) = OnnxExportTests.Random(conv, image, Key.Create(seed + 2));
        var names = new Dictionary<string, string> { ["layer_norm_1"] = "norm", ["lstm_1"] = "lstm", ["gru_1"] = "gru", ["dense_1"] = "head" };
        var convNames = TorchStateDict.SequentialNames(conv, pc, image, sc).OrThrow();
        var torch = TorchStateDict.ToTorch(p, s, names).OrThrow();
        var torchConv = TorchStateDict.ToTorch(pc, sc, convNames).OrThrow();
        var (back, _) = TorchStateDict.FromTorch(torch, p, s, names).OrThrow();
        var (backConv, backState) = TorchStateDict.FromTorch(torchConv, pc, sc, convNames).OrThrow();
        static bool Same(Params<float> a, Params<float> b) => a.Count == b.Count && a.All(e => e.Value.Span.SequenceEqual(b[e.Key].Span));
        return (torch["lstm.weight_ih_l0"].Shape == new Shape(4 * h, f) && torch["lstm.weight_hh_l0"].Shape == new Shape(4 * h, h)
                && torch["gru.weight_ih_l0"].Shape == new Shape(3 * g, h) && torch["head.weight"].Shape == new Shape(2, g)
                && torchConv["0.weight"].Shape == new Shape(c, 1, 3, 3) && torchConv["1.running_var"].Shape == new Shape(c)
                && Same(p, back) && Same(pc, backConv) && Same(sc, backState))
            .Label($"features {f}, lstm {h}, gru {g}, channels {c}");
    });

    /// <summary>
    /// Our state_dicts for PyTorch: the ours_* fixtures are what this writes (set BACKPROP_WRITE_TORCH_FIXTURES=1 to
    /// rewrite them into the source folder); `make_fixtures.py check` loaded them with load_state_dict(strict=True)
    /// and matched our outputs.
    /// </summary>
    [Theory]
    [InlineData("mlp")]
    [InlineData("conv")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void Our_state_dict_is_the_one_pytorch_loaded(string name)
    {
        var model = Model(name);
        var x = Key.Create(4).Normal<float>(name switch { "mlp" => new Shape(5, 4), "conv" => new Shape(4, 1, 6, 6), _ => new Shape(4, 5, 3) });
        var (p, s) = OnnxExportTests.Random(model, x, Key.Create(5));
        var names = Names(name) ?? TorchStateDict.SequentialNames(model, p, x, s).OrThrow();
        var folder = Environment.GetEnvironmentVariable("BACKPROP_WRITE_TORCH_FIXTURES") == "1"
            ? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../Fixtures/torch")) : Directory.CreateTempSubdirectory().FullName;
        var written = Path.Combine(folder, $"ours_{name}.safetensors");
        TorchStateDict.Write(written, p, s, names).OrThrow();
        Safetensors.Write(Path.Combine(folder, $"ours_{name}_io.safetensors"), Params<float>.From([new("input", x), new("output", model.Predict(p, x, s).OrThrow())])).OrThrow();
        Assert.Equal(File.ReadAllBytes(Path.Combine(Fixtures, $"ours_{name}.safetensors")), File.ReadAllBytes(written));
    }

    [Fact]
    public void A_missing_tensor_is_one_error_naming_it_and_the_layer()
    {
        var path = Write(torch => Params<float>.From(torch.Where(e => e.Key != "5.weight")));
        var error = Read(path);
        Assert.Equal($"{path}: tensor '5.weight' is missing (layer 'dense_1' needs it with shape [2, 27])", error);
    }

    [Fact]
    public void A_wrong_shape_is_one_error_naming_the_tensor_both_shapes_and_the_layer()
    {
        var path = Write(torch => torch.With("1.running_var", Tensor<float>.Ones(new Shape(4))));
        Assert.Equal($"{path}: tensor '1.running_var' (layer 'batch_norm_1') has shape [4] but the network needs [3]", Read(path));
    }

    [Fact]
    public void A_wrong_dtype_is_one_error_naming_the_tensor_both_shapes_and_the_layer()
    {
        var torch = TorchFile<float>.Read(Path.Combine(Fixtures, "conv.safetensors")).OrThrow().Tensors;
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "double.safetensors");
        Safetensors.Write(path, Params<double>.From(torch.Select(e => KeyValuePair.Create(e.Key, Tensor<double>.FromSpan(e.Value.Shape, [.. e.Value.Span.ToArray().Select(v => (double)v)]))))).OrThrow();
        Assert.Equal($"{path}: tensor '1.weight' (layer 'batch_norm_1') is F64 [3] but the network needs F32 [3]", Read(path));
    }

    private static string Write(Func<Params<float>, Params<float>> change)
    {
        var torch = TorchFile<float>.Read(Path.Combine(Fixtures, "conv.safetensors")).OrThrow().Tensors;
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "bad.safetensors");
        Safetensors.Write(path, change(torch)).OrThrow();
        return path;
    }

    private static string Read(string path)
    {
        var x = Key.Create(6).Normal<float>(new Shape(2, 1, 6, 6));
        var (p0, s0, names) = Expected(ConvNet(), x);
        return TorchStateDict.Read(path, p0, s0, names).Match(_ => "loaded", e => e.Message);
    }
}

using System.Globalization;
using System.Numerics;
using Backprop.Functional;
using Backprop.Functional.Autodiff;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// A network's architecture, enough to rebuild it from its saved parameters: "mlp" (dense layers) or "conv"
/// (two convolution + max-pooling blocks, then dense layers), the hidden sizes, the activation, dropout, the shape
/// of one example and the number of classes. Saved in params.safetensors' __metadata__ with the data set and seed.
/// </summary>
public sealed record ModelSpec(string Kind, int[] Hidden, string Activation, double Dropout, int[] InputShape, int Classes, string Data, int Seed)
{
    /// <summary>"classification", or "regression" (one output, the standardised target).</summary>
    public string Task { get; init; } = "classification";

    /// <summary>How a CSV file was read (target, task, missing values, relabelling); null for bundled sets.</summary>
    public TableOptions? Table { get; init; }

    /// <summary>Regression: the training split's target mean and standard deviation (prediction = output × std + mean).</summary>
    public double TargetMean { get; init; }

    public double TargetStd { get; init; } = 1;

    /// <summary>CSV files: the columns the features come from, and the training split's feature means and deviations.</summary>
    public TableColumn[]? Columns { get; init; }

    public double[]? FeatureMean { get; init; }

    /// <summary>The class names, by label (classification; null: the labels themselves).</summary>
    public string[]? ClassNames { get; init; }

    public double[]? FeatureStd { get; init; }

    public static readonly string[] Kinds = ["mlp", "conv"];
    public static readonly string[] Activations = ["relu", "tanh", "sigmoid", "gelu", "softplus", "elu", "leaky_relu"];
    private const string Format = "backprop.params/1";

    /// <summary>The network. A conv net over [c, h, w] uses 5×5 kernels (no padding) when h ≥ 20, else 3×3 (padding 1).</summary>
    public Layer<T> Build<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var act = ActivationLayer<T>(Activation);
        Layer<T> Hid(int units) => Dropout > 0
            ? Nn<T>.Dense(units, Nn<T>.HeNormal).Then(act).Then(Nn<T>.Dropout(Dropout))
            : Nn<T>.Dense(units, Nn<T>.HeNormal).Then(act);
        var (kernel, padding) = InputShape.Length == 3 && InputShape[1] >= 20 ? (5, 0) : (3, 1);
        Layer<T>[] features = Kind == "conv"
            ?
            [
                Nn<T>.Conv2d(16, kernel, padding: padding, init: Nn<T>.HeNormal), act, Nn<T>.MaxPool2d(2),
                Nn<T>.Conv2d(32, kernel, padding: padding, init: Nn<T>.HeNormal), act, Nn<T>.MaxPool2d(2), Nn<T>.Flatten,
            ]
            : [];
        return Nn<T>.Sequential([.. features, .. Hidden.Select(Hid), Nn<T>.Dense(Classes)]);
    }

    /// <summary>"784-256-128-10" or "conv[1x28x28]-128-10".</summary>
    public string Describe() =>
        (Kind == "conv" ? $"conv[{string.Join("x", InputShape)}]" : string.Join("x", InputShape))
        + string.Concat(Hidden.Select(h => $"-{h}")) + $"-{Classes} {Activation}" + (Dropout > 0 ? $" dropout {Dropout.ToString(CultureInfo.InvariantCulture)}" : "");

    public static Layer<T> ActivationLayer<T>(string name) where T : unmanaged, IBinaryFloatingPointIeee754<T> => name switch
    {
        "relu" => Nn<T>.Relu,
        "tanh" => Nn<T>.Tanh,
        "sigmoid" => Nn<T>.Sigmoid,
        "gelu" => Nn<T>.Gelu,
        "softplus" => Nn<T>.Softplus,
        "elu" => Nn<T>.Elu(T.One),
        "leaky_relu" => Nn<T>.LeakyRelu(T.CreateChecked(0.01)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"unknown activation '{name}'; expected {string.Join(", ", Activations)}"),
    };

    public Dictionary<string, string> ToMetadata() => new()
    {
        ["format"] = Format,
        ["model"] = Kind,
        ["hidden"] = string.Join(",", Hidden),
        ["activation"] = Activation,
        ["dropout"] = Dropout.ToString("R", CultureInfo.InvariantCulture),
        ["input_shape"] = string.Join(",", InputShape),
        ["classes"] = Classes.ToString(CultureInfo.InvariantCulture),
        ["data_set"] = Data,
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["task"] = Task,
        ["target"] = Table?.Target ?? "",
        ["task_option"] = Table?.Task ?? "auto",
        ["missing"] = Table?.Missing ?? "error",
        ["relabel"] = Table?.Relabel == true ? "true" : "false",
        ["target_mean"] = TargetMean.ToString("R", CultureInfo.InvariantCulture),
        ["target_std"] = TargetStd.ToString("R", CultureInfo.InvariantCulture),
        ["class_names"] = ClassNames is null ? "" : System.Text.Json.JsonSerializer.Serialize(ClassNames),
        ["columns"] = Columns is null ? "" : System.Text.Json.JsonSerializer.Serialize(Columns),
        ["feature_mean"] = FeatureMean is null ? "" : string.Join(",", FeatureMean.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
        ["feature_std"] = FeatureStd is null ? "" : string.Join(",", FeatureStd.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
    };

    /// <summary>The architecture saved by <see cref="ToMetadata"/>; an error names the file and the bad entry.</summary>
    public static Fin<ModelSpec> FromMetadata(IReadOnlyDictionary<string, string> m, string source)
    {
        string Get(string key) => m.TryGetValue(key, out var v) ? v : "";
        Error Bad(string key) => Error.New($"{source}: __metadata__ '{key}' is '{Get(key)}'; not saved by `backprop train`? pass --model, --hidden and --activation");
        static int[]? Ints(string s) => s.Length == 0 ? [] : s.Split(',').Select(x => int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToArray() is var a && !a.Contains(-1) ? a : null;
        if (Get("format") != Format) return Bad("format");
        if (!Kinds.Contains(Get("model"))) return Bad("model");
        if (Ints(Get("hidden")) is not { } hidden) return Bad("hidden");
        if (!Activations.Contains(Get("activation"))) return Bad("activation");
        if (!double.TryParse(Get("dropout"), NumberStyles.Float, CultureInfo.InvariantCulture, out var dropout) || dropout is < 0 or >= 1) return Bad("dropout");
        if (Ints(Get("input_shape")) is not { Length: > 0 } shape) return Bad("input_shape");
        if (!int.TryParse(Get("classes"), NumberStyles.None, CultureInfo.InvariantCulture, out var classes) || classes < 1) return Bad("classes");
        if (!int.TryParse(Get("seed"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)) return Bad("seed");
        var task = m.ContainsKey("task") ? Get("task") : "classification";
        if (task is not ("classification" or "regression")) return Bad("task");
        var mean = m.ContainsKey("target_mean") ? double.TryParse(Get("target_mean"), NumberStyles.Float, CultureInfo.InvariantCulture, out var mu) ? mu : double.NaN : 0;
        var std = m.ContainsKey("target_std") ? double.TryParse(Get("target_std"), NumberStyles.Float, CultureInfo.InvariantCulture, out var sd) ? sd : double.NaN : 1;
        if (!double.IsFinite(mean)) return Bad("target_mean");
        if (!(std > 0) || !double.IsFinite(std)) return Bad("target_std");
        return new ModelSpec(Get("model"), hidden, Get("activation"), dropout, shape, classes, Get("data_set"), seed)
        {
            Task = task,
            Table = new TableOptions(Get("target") is { Length: > 0 } t ? t : null, m.ContainsKey("task_option") ? Get("task_option") : "auto",
                m.ContainsKey("missing") ? Get("missing") : "error", Get("relabel") == "true"),
            TargetMean = mean,
            TargetStd = std,
            Columns = Get("columns") is { Length: > 0 } json ? Json<TableColumn[]>(json) : null,
            FeatureMean = Reals(Get("feature_mean")),
            ClassNames = Get("class_names") is { Length: > 0 } names ? Json<string[]>(names) : null,
            FeatureStd = Reals(Get("feature_std")),
        };
    }

    /// <summary>Comma-separated numbers; null when empty or not all numbers.</summary>
    private static double[]? Reals(string s) =>
        s.Length == 0 ? null
        : s.Split(',').Select(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray() is var a && a.All(double.IsFinite) ? a : null;

    private static X? Json<X>(string json) where X : class
    {
        try { return System.Text.Json.JsonSerializer.Deserialize<X>(json); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}

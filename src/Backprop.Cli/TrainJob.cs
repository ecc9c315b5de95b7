using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Backprop.Functional;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>The training run behind `train`, at precision <typeparamref name="T"/>.</summary>
public static class TrainJob<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static Fin<TrainSummary> Run(TrainOptions o) =>
        Load(o.Data, SplitKey(o.Seed)).Bind(data => Fit(o, data));

    /// <summary>The key Fit splits train/test with; spam builds its vocabulary from that same training split.</summary>
    private static Key SplitKey(int seed) => Key.Create(seed).Split().Left;

    private static Fin<Dataset<T>> Load(string name, Key splitKey) => name switch
    {
        "digits" => DataSets.Digits<T>(),
        "mnist" => DataSets.Mnist<T>(),
        "fashion" => DataSets.Fashion<T>(),
        "iris" => DataSets.Iris<T>(),
        "spam" => DataSets.Spam<T>(splitKey, 0.8),
        _ when name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
            => LabelledCsv.ReadFile<T>(name),
        _ => Error.New($"--data '{name}': unknown data set; expected digits, mnist, fashion, iris, spam or a .csv file"),
    };

    private static Fin<TrainSummary> Fit(TrainOptions o, Dataset<T> data)
    {
        var clock = Stopwatch.StartNew();
        var splitKey = SplitKey(o.Seed);
        var rest = Key.Create(o.Seed).Split().Right;
        var (initKey, trainKey) = rest.Split();
        var (train, test) = data.Split(splitKey, 0.8);
        var model = Nn<T>.Sequential([
            .. o.Hidden.Select(h => Nn<T>.Dense(h, Nn<T>.HeNormal).Then(Nn<T>.Relu)),
            Nn<T>.Dense(data.Classes)]);
        var lr = T.CreateChecked(o.LearningRate);
        return model.Init(initKey, train.Features.Rows(0, Math.Min(2, train.Count))).Map(initial =>
        {
            Console.WriteLine($"data {o.Data}: {train.Count} train / {test.Count} test, {data.Classes} classes; " +
                              $"model {train.Features.Shape[1]}-{string.Join("-", o.Hidden)}-{data.Classes} ({initial.ParameterCount} parameters)");
            var parameters = initial;
            var loss = double.NaN;
            var epochKeys = trainKey.Split(o.Epochs);
            for (var epoch = 0; epoch < o.Epochs; epoch++)
            {
                var (shuffle, steps) = epochKeys[epoch].Split();
                var losses = Train.Steps(Train.ClassifierLoss(model), (p, g) => Sgd.Step(p, g, lr), parameters,
                        train.Batches(shuffle, o.Batch), steps)
                    .Select(s => (s.Params, Loss: double.CreateChecked(s.Loss))).ToList();
                parameters = losses[^1].Params;
                loss = losses.Average(s => s.Loss);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {epoch + 1,3}  loss {loss:F4}  train acc {Train.Accuracy(model, parameters, train):P2}  test acc {Train.Accuracy(model, parameters, test):P2}"));
            }
            var summary = new TrainSummary(o.Data, o.Epochs, loss, Train.Accuracy(model, parameters, test), clock.Elapsed.TotalSeconds, o.Seed);
            Write(o.Out, summary);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test accuracy {summary.TestAccuracy:P2} in {summary.Seconds:F1} s; summary in {Path.Combine(o.Out, "summary.json")}"));
            return summary;
        });
    }

    /// <summary>Writes summary.json atomically: a temporary file, then a rename.</summary>
    private static void Write(string folder, TrainSummary summary)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "summary.json");
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(summary, TrainSummary.JsonOptions));
        File.Move(temp, path, overwrite: true);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Diagnostics;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// The training run behind `train`, at precision <typeparamref name="T"/>: the unfold of <see cref="Train"/> with the
/// chosen optimiser and schedule, keyed shift augmentation of images, the test split measured after each epoch, and the
/// run's files written as it goes. Cancelling <c>cancel</c> stops after the current step and still writes everything.
/// </summary>
public static class TrainJob<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static Fin<TrainSummary> Run(TrainOptions o, ProgressView view, CancellationToken cancel) =>
        DataSource.Load<T>(o.Data, o.Seed, o.Model).Bind(data =>
        {
            var spec = new ModelSpec(o.Model, o.Hidden, o.Activation, o.Dropout, data.ExampleShape, data.Classes, o.Data, o.Seed);
            var stepsPerEpoch = (data.Train.Count + o.Batch - 1) / o.Batch;
            var schedule = Schedule(o, stepsPerEpoch * o.Epochs, stepsPerEpoch);
            var job = new Job(o, data, spec, schedule, view, cancel);
            var decay = T.CreateChecked(o.WeightDecay);
            return o.Optimiser switch
            {
                "sgd" => job.Fit(Transforms.ScaleBySchedule<T>(t => -schedule(t))),
                "momentum" => job.Fit(Transforms.Trace(T.CreateChecked(0.9)).Then(Transforms.ScaleBySchedule<T>(t => -schedule(t)))),
                "adam" => job.Fit(Transforms.ScaleByAdam<T>().Then(Transforms.ScaleBySchedule<T>(t => -schedule(t)))),
                "adamw" => job.Fit(Transforms.ScaleByAdam<T>().Then(Transforms.L2Penalty(decay)).Then(Transforms.ScaleBySchedule<T>(t => -schedule(t)))),
                _ => Error.New($"--optimiser '{o.Optimiser}': expected sgd, momentum, adam or adamw"),
            };
        });

    /// <summary>Constant, or linear warm-up over the first epoch then cosine decay to zero at the last step.</summary>
    private static Func<int, T> Schedule(TrainOptions o, int totalSteps, int warmup)
    {
        var rate = T.CreateChecked(o.LearningRate);
        return o.Schedule == "cosine" && totalSteps > warmup
            ? Schedules.LinearWarmup(rate, warmup, Schedules.Cosine(rate, totalSteps - warmup))
            : Schedules.Constant(rate);
    }

    private sealed record Job(TrainOptions O, PreparedData<T> Data, ModelSpec Spec, Func<int, T> Schedule, ProgressView View, CancellationToken Cancel)
    {
        public Fin<TrainSummary> Fit<S>(Transform<T, S> optimiser) where S : IOptState<T, S>
        {
            var clock = Stopwatch.StartNew();
            var model = Spec.Build<T>();
            var (initKey, trainKey) = Key.Create(O.Seed).Split().Right.Split();
            var files = new RunFiles(O.Out);
            return Diff.InitWithState(model(Data.Train.Features.Rows(0, Math.Min(2, Data.Train.Count))), initKey).Bind(init =>
            {
                var count = init.Params.ParameterCount;
                View.Line($"data {O.Data}: {Data.Train.Count} train / {Data.Test.Count} test, {Data.Classes} classes; model {Spec.Describe()} ({count} parameters); " +
                          string.Create(CultureInfo.InvariantCulture, $"{O.Optimiser} lr {O.LearningRate} {O.Schedule}, batch {O.Batch}, {O.Epochs} epochs") +
                          (O.Shift > 0 && Data.Image is not null ? $", shifts ±{O.Shift} px" : ""));
                var totalSteps = (Data.Train.Count + O.Batch - 1) / O.Batch * O.Epochs;
                var states = Train.Steps(Train.ClassifierObjective(model), optimiser, init.Params, Batches,
                    new TrainSettings(O.Epochs), trainKey, null, init.State);
                return View.Run(totalSteps, () => Loop(states, model, files, clock, totalSteps))
                    .Bind(run => Finish(run.Last, run.Rows, run.Stopped, model, files, clock, count));
            });
        }

        /// <summary>An epoch's shuffled batches; images shifted by keys folded from the epoch key and the batch index.</summary>
        private IEnumerable<Dataset<T>> Batches(Key epochKey)
        {
            var (shuffle, augment) = epochKey.Split();
            var batches = Data.Train.Batches(shuffle, O.Batch);
            return O.Shift > 0 && Data.Image is { } image
                ? batches.Select((b, i) => Augment.Shift(b, augment.FoldIn(i), O.Shift, image.Height, image.Width))
                : batches;
        }

        private readonly List<IReadOnlyDictionary<string, double>> gradNorms = [];

        private Fin<(TrainState<T, S> Last, List<MetricsRow> Rows, string Stopped)> Loop<S>(
            IEnumerable<TrainState<T, S>> states, Layer<T> model, RunFiles files, Stopwatch clock, int totalSteps) where S : IOptState<T, S>
        {
            var rows = new List<MetricsRow>();
            TrainState<T, S>? last = null;
            var (epoch, lossSum, accuracySum, inEpoch) = (1, 0.0, 0.0, 0);
            var stopped = TrainSummary.Completed;
            var sinceStart = Stopwatch.StartNew();
            foreach (var s in states)
            {
                last = s;
                if (s.Epoch != epoch) (epoch, lossSum, accuracySum, inEpoch) = (s.Epoch, 0, 0, 0);
                if (s.Metrics is { } m && s.Step > 0 && s.Stopped?.Kind is not (StopKind.NonFinite or StopKind.Failed) && s.Step > gradNorms.Count)
                {
                    (lossSum, accuracySum, inEpoch) = (lossSum + m.Loss, accuracySum + m.Accuracy, inEpoch + 1);
                    gradNorms.Add(m.GradNorms);
                }
                View.Step(new(s.Epoch, O.Epochs, s.Step, totalSteps, lossSum / Math.Max(1, inEpoch), accuracySum / Math.Max(1, inEpoch),
                    s.Step / Math.Max(1e-9, sinceStart.Elapsed.TotalSeconds)));
                if (s.Stopped is { Kind: StopKind.NonFinite or StopKind.Failed } bad) stopped = bad.Detail;
                if (s.EpochEnd is { } e)
                {
                    var (testLoss, testAccuracy) = Evaluation.LossAndAccuracy(model, s.Params, s.LayerState, Data.Test).OrThrow();
                    var row = new MetricsRow(e.Epoch, s.Step, e.TrainLoss, e.TrainAccuracy, testLoss, testAccuracy,
                        double.CreateChecked(Schedule(Math.Max(0, s.Step - 1))), clock.Elapsed.TotalSeconds);
                    rows.Add(row);
                    View.Line(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {e.Epoch,3}  loss {e.TrainLoss:F4}  train acc {e.TrainAccuracy:P2}  test acc {testAccuracy:P2}  lr {row.LearningRate:G3}  {row.Seconds,6:F1} s"));
                    var written = files.WriteMetrics(rows);
                    if (written.IsFail) return written.Match(_ => Error.New("unreachable"), e => e);
                }
                if (Cancel.IsCancellationRequested && s.Stopped is null)
                {
                    stopped = TrainSummary.Cancelled;
                    break;
                }
            }
            return last is null ? Error.New("train: no steps ran") : (last, rows, stopped);
        }

        private Fin<TrainSummary> Finish<S>(TrainState<T, S> last, List<MetricsRow> rows, string stopped, Layer<T> model, RunFiles files, Stopwatch clock, int count)
            where S : IOptState<T, S> =>
            from test in Evaluation.LossAndAccuracy(model, last.Params, last.LayerState, Data.Test)
            let summary = new TrainSummary(O.Data, last.Epoch, rows.Count > 0 ? rows[^1].TrainLoss : last.Metrics.Loss, test.Accuracy,
                clock.Elapsed.TotalSeconds, O.Seed, Spec.Describe(), O.Optimiser, count, last.Step,
                Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), stopped)
            from _1 in files.WriteParams(last.Params, Spec)
            from _2 in files.WriteCheckpoint(new Checkpoint<T>(last.Step, last.Key, last.Params, last.LayerState, last.OptState.ToParams()))
            from _3 in files.WriteMetrics(rows)
            from _4 in files.WriteSummary(summary)
            select Report(summary, files, rows);

        private TrainSummary Report(TrainSummary s, RunFiles files, List<MetricsRow> rows)
        {
            if (gradNorms.Count > 0) View.Line("gradient norms per layer (first, last, min, max over the steps):\n" + GradientNormSummary.Of(gradNorms));
            files.WritePlots(rows, gradNorms).IfFail(e => View.Line($"plots not written: {e.Message}"));
            if (s.Stopped == TrainSummary.Cancelled) View.Line($"cancelled after step {s.Steps}; checkpoint in {files.Checkpoint}");
            else if (s.Stopped != TrainSummary.Completed) View.Line($"stopped: {s.Stopped}");
            View.Line(string.Create(CultureInfo.InvariantCulture,
                $"test accuracy {s.TestAccuracy:P2} in {s.Seconds:F1} s (peak memory {s.PeakMemoryMb:F0} MB); outputs in {files.Folder}"));
            return s;
        }
    }
}

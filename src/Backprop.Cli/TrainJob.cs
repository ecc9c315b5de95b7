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
/// run's files written at each epoch's end (a checkpoint to resume from among them). Cancelling <c>cancel</c> stops after the current step
/// and writes the parameters, metrics and summary; the checkpoint stays at the last epoch's end.
/// </summary>
public static class TrainJob<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static Fin<TrainSummary> Run(TrainOptions o, ProgressView view, CancellationToken cancel, RunRecord? from = null) =>
        DataSource.Load<T>(o.Data, o.Seed, o.Model, o.Table).Bind(data =>
        {
            foreach (var note in data.Notes) view.Line(note);
            var spec = new ModelSpec(o.Model, o.Hidden, o.Activation, o.Dropout, data.ExampleShape, data.Outputs, o.Data, o.Seed)
            {
                Task = data.Regression is null ? "classification" : "regression",
                Table = data.Target is { } target ? o.Table with { Target = target } : o.Table,
                TargetMean = data.Regression?.TargetMean ?? 0,
                TargetStd = data.Regression?.TargetStd ?? 1,
                Columns = data.Columns?.ToArray(),
                ClassNames = data.Classes is { } c ? [.. c.ClassNames] : null,
                FeatureMean = data.FeatureStats?.Mean.ToArray().Select(double.CreateChecked).ToArray(),
                FeatureStd = data.FeatureStats?.Std.ToArray().Select(double.CreateChecked).ToArray(),
            };
            return data.Classes is { } classes
                ? Fit(o, Tasks.Classification(classes), spec, classes.Image, view, cancel, from)
                : Fit(o, Tasks.Regression(data.Regression!, o.Loss), spec, null, view, cancel, from);
        });

    private static Fin<TrainSummary> Fit<B, S>(TrainOptions o, TrainTask<T, B, S> task, ModelSpec spec, (int Height, int Width)? image, ProgressView view, CancellationToken cancel, RunRecord? from)
        where B : class where S : class
    {
        var stepsPerEpoch = (task.TrainCount + o.Batch - 1) / o.Batch;
        var schedule = Schedule(o, stepsPerEpoch * o.Epochs, stepsPerEpoch);
        var job = new Job<B, S>(o, task, spec, image, schedule, view, cancel, from);
        var decay = T.CreateChecked(o.WeightDecay);
        var rate = Transforms.ScaleBySchedule<T>(t => -schedule(t));
        Fin<Transform<T>> optimiser = o.Optimiser switch
        {
            "sgd" => rate,
            "momentum" => Transforms.Chain(Transforms.Trace(T.CreateChecked(0.9)), rate),
            "adam" => Transforms.Chain(Transforms.ScaleByAdam<T>(), rate),
            "adamw" => Transforms.Chain(Transforms.ScaleByAdam<T>(), Transforms.L2Penalty(decay), rate),
            _ => Error.New($"--optimiser '{o.Optimiser}': expected sgd, momentum, adam or adamw"),
        };
        return optimiser.Bind(job.Fit);
    }

    /// <summary>Constant, or linear warm-up over the first epoch then cosine decay to zero at the last step.</summary>
    private static Func<int, T> Schedule(TrainOptions o, int totalSteps, int warmup)
    {
        var rate = T.CreateChecked(o.LearningRate);
        return o.Schedule == "cosine" && totalSteps > warmup
            ? Schedules.LinearWarmup(rate, warmup, Schedules.Cosine(rate, totalSteps - warmup))
            : Schedules.Constant(rate);
    }

    /// <summary>A run, new or resumed <paramref name="From"/> the end of an epoch (its steps and epochs count on from there).</summary>
    private sealed record Job<B, S>(TrainOptions O, TrainTask<T, B, S> Task, ModelSpec Spec, (int Height, int Width)? Image, Func<int, T> Schedule, ProgressView View, CancellationToken Cancel,
        RunRecord? From)
        where B : class where S : class
    {
        private int Epoch0 => From?.EpochsDone ?? 0;

        private int Step0 => From?.Step ?? 0;

        public Fin<TrainSummary> Fit(Transform<T> optimiser)
        {
            var clock = Stopwatch.StartNew();
            var model = Spec.Build<T>();
            var (initKey, trainKey) = Key.Create(O.Seed).Split().Right.Split();
            return Diff.InitWithState(model(Task.Sample), initKey).Bind(init =>
                (O.Out is null ? RunFolder.ClaimNew("runs", DateTime.Now)
                    : RunFolder.Claim(O.Out, From is not null ? RunFolderMode.Resume : O.Overwrite ? RunFolderMode.Overwrite : RunFolderMode.New))
                .Bind(folder =>
            {
                using var held = folder;
                var files = new RunFiles(folder.Path);
                var start = Start(files, init.Params, init.State, trainKey, optimiser);
                if (start.IsFail) return start.Match(_ => Error.New("unreachable"), e => e);
                var (initial, layerState, key, optState) = start.OrThrow();
                var count = init.Params.ParameterCount;
                View.Line($"data {O.Data}: {Task.TrainCount} train / {Task.TestCount} test, {(Task.IsRegression ? "regression" : $"{Spec.Classes} classes")}; model {Spec.Describe()} ({count} parameters); " +
                          string.Create(CultureInfo.InvariantCulture, $"{O.Optimiser} lr {O.LearningRate} {O.Schedule}, batch {O.Batch}, {O.Epochs} epochs") +
                          (O.Shift > 0 && Image is not null ? $", shifts ±{O.Shift} px" : ""));
                if (From is not null) View.Line($"resumed {folder.Path} after epoch {Epoch0} (step {Step0})");
                var totalSteps = (Task.TrainCount + O.Batch - 1) / O.Batch * O.Epochs;
                // Donation: each step reuses the memory of the state before it. Only the latest state read is used
                // (its files written at once), and a diverging step is rejected inside the unfold, so nothing donated is read.
                var states = Train.Steps(Task.Objective(model), optimiser, initial, Batches,
                    new TrainSettings(O.Epochs - Epoch0, Donate: true, MaxLoss: O.MaxLoss is { } max ? _ => max : first => 1000 * Math.Max(1, Math.Abs(first))),
                    key, null, layerState, optState);
                return View.Run(totalSteps, () => Loop(states, model, files, clock, totalSteps))
                    .Bind(run => Finish(run.Last, run.Rows, run.Stopped, model, files, clock, count));
            }));
        }

        /// <summary>
        /// The parameters, layer state, key and optimiser state to start from: the fresh ones (no optimiser state: Init
        /// makes it), or (resuming) the checkpoint's.
        /// </summary>
        private Fin<(Params<T>, Params<T>, Key, OptState<T>?)> Start(RunFiles files, Params<T> parameters, Params<T> state, Key key, Transform<T> optimiser) =>
            From is null ? (parameters, state, key, null)
            : Epoch0 >= O.Epochs ? Error.New($"--resume {files.Folder}: the run already finished its {O.Epochs} epochs")
            : from c in Checkpoint<T>.Load(files.Checkpoint)
              from _ in c.Step == Step0 ? Fin<Unit>.Succ(Unit.Default) : Error.New($"{files.Checkpoint}: step {c.Step}, but run.json says {Step0}")
              from opt in optimiser.Restore(c.Params, c.OptimiserState).Match(Fin<OptState<T>>.Succ, e => Error.New($"{files.Checkpoint}: {e.Message}"))
              select (c.Params, c.LayerState, c.Key, (OptState<T>?)opt);

        /// <summary>An epoch's shuffled batches; images shifted by keys folded from the epoch key and the batch index.</summary>
        private IEnumerable<B> Batches(Key epochKey)
        {
            var (shuffle, augment) = epochKey.Split();
            var batches = Task.Batches(shuffle, O.Batch);
            return O.Shift > 0 && Image is { } image && batches is IEnumerable<Dataset<T>> images
                ? (IEnumerable<B>)images.Select((b, i) => Augment.Shift(b, augment.FoldIn(i), O.Shift, image.Height, image.Width))
                : batches;
        }

        private readonly List<IReadOnlyDictionary<string, double>> gradNorms = [];

        private Fin<(TrainState<T> Last, List<MetricsRow> Rows, string Stopped)> Loop(
            IEnumerable<TrainState<T>> states, Layer<T> model, RunFiles files, Stopwatch clock, int totalSteps)
        {
            var rows = new List<MetricsRow>(From?.Metrics ?? []);
            var earlierRows = rows.Count;
            TrainState<T>? last = null;
            var (epoch, lossSum, accuracySum, inEpoch) = (1, 0.0, 0.0, 0);
            var stopped = TrainSummary.Completed;
            var sinceStart = Stopwatch.StartNew();
            foreach (var s in states)
            {
                if (s.Stopped is Divergence diverged)
                {
                    stopped = string.Create(CultureInfo.InvariantCulture,
                        $"{TrainSummary.Diverged}: step {Step0 + s.Step + 1} (epoch {Epoch0 + s.Epoch}): the loss {diverged.Loss:G4} exceeds {diverged.Bound:G4} ({(O.MaxLoss is null ? "1000 times the first step's loss" : "--max-loss")}); kept the state after step {Step0 + s.Step}");
                    last = s;
                    break;
                }
                last = s;
                if (s.Epoch != epoch) (epoch, lossSum, accuracySum, inEpoch) = (s.Epoch, 0, 0, 0);
                if (s.Metrics is { } m && s.Step > 0 && s.Stopped?.Kind is not (StopKind.NonFinite or StopKind.Failed) && s.Step > gradNorms.Count)
                {
                    (lossSum, accuracySum, inEpoch) = (lossSum + m.Loss, accuracySum + m.Accuracy, inEpoch + 1);
                    gradNorms.Add(m.GradNorms);
                }
                View.Step(new(Epoch0 + s.Epoch, O.Epochs, Step0 + s.Step, totalSteps, lossSum / Math.Max(1, inEpoch), accuracySum / Math.Max(1, inEpoch),
                    s.Step / Math.Max(1e-9, sinceStart.Elapsed.TotalSeconds)));
                var (epochNow, stepNow) = (Epoch0 + s.Epoch, Step0 + s.Step);
                if (s.Stopped is { Kind: StopKind.NonFinite or StopKind.Failed } bad)
                    stopped = bad is RejectedStep rejected   // the library counts from the resume; say where in the whole run
                        ? $"step {stepNow + 1} (epoch {epochNow}): {rejected.Cause}; kept the state after step {stepNow}"
                        : bad.Detail;
                if (s.EpochEnd is { } e)
                {
                    var scored = Task.Score(model, s.Params, s.LayerState, Task.Test);
                    if (scored.IsFail) return scored.Match(_ => Error.New("unreachable"), e => e);
                    var (testLoss, scores) = scored.OrThrow();
                    var row = new MetricsRow(epochNow, stepNow, e.TrainLoss, e.TrainAccuracy, testLoss, scores,
                        double.CreateChecked(Schedule(Math.Max(0, stepNow - 1))), Seconds(clock));
                    rows.Add(row);
                    if (rows.Count == earlierRows + 1) View.Line(EpochRows.Header(Task.IsRegression));
                    View.Line(EpochRows.Line(row, Task.IsRegression));
                    var written =
                        from _1 in files.WriteCheckpoint(new Checkpoint<T>(stepNow, s.Key, s.Params, s.LayerState, s.OptState.ToParams()))
                        from _2 in files.WriteParams(s.Params, Spec)
                        from _3 in files.WriteMetrics(rows, Task.ScoreNames)
                        from _4 in files.WriteRun(new RunRecord(O, epochNow, stepNow, row.Seconds, [.. rows]))
                        select Unit.Default;
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

        private Fin<TrainSummary> Finish(TrainState<T> last, List<MetricsRow> rows, string stopped, Layer<T> model, RunFiles files, Stopwatch clock, int count)
            =>
            from test in Task.Score(model, last.Params, last.LayerState, Task.Test)
            let summary = new TrainSummary(O.Data, Epoch0 + last.Epoch, rows.Count > 0 ? rows[^1].TrainLoss : last.Metrics.Loss, Task.IsRegression ? null : test.Scores[0],
                Seconds(clock), O.Seed, Spec.Describe(), O.Optimiser, count, Step0 + last.Step,
                Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), stopped)
            {
                Task = Task.Kind,
                TestRmse = Task.IsRegression ? test.Scores[0] : null,
                TestMae = Task.IsRegression ? test.Scores[1] : null,
                TestR2 = Task.IsRegression ? test.Scores[2] : null,
            }
            from _1 in files.WriteParams(last.Params, Spec)
            from _3 in files.WriteMetrics(rows, Task.ScoreNames)
            from _4 in files.WriteSummary(summary)
            select Report(summary, files, rows, model, last.Params, last.LayerState);

        /// <summary>Seconds of training, counting those before a resume.</summary>
        private double Seconds(Stopwatch clock) => (From?.Seconds ?? 0) + clock.Elapsed.TotalSeconds;

        private TrainSummary Report(TrainSummary s, RunFiles files, List<MetricsRow> rows, Layer<T> model, Params<T> parameters, Params<T> state)
        {
            if (gradNorms.Count > 0) View.Line("gradient norms per layer (first, last, min, max over the steps):\n" + GradientNormSummary.Of(gradNorms));
            // Training is over: give its free heap back to the system before the plots load their native library,
            // so drawing them fits in memory the run already had (the MLP's peak: 9 MB lower).
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            files.WritePlots(rows, gradNorms).IfFail(e => View.Line($"plots not written: {e.Message}"));
            if (Task.Test is RegressionSet<T> test)
                Evaluation.Regression(model, parameters, state, test, Spec.TargetMean, Spec.TargetStd)
                    .Bind(r => files.WritePredictionPlot(r.Actual, r.Predicted, Spec.Table?.Target ?? "target"))
                    .IfFail(e => View.Line($"plots not written: {e.Message}"));
            if (s.Stopped == TrainSummary.Cancelled)
                View.Line(rows.Count > 0
                    ? $"cancelled after step {s.Steps}; continue from the end of epoch {rows[^1].Epoch} with: backprop train --resume {files.Folder}"
                    : $"cancelled after step {s.Steps}, before the first epoch ended: nothing to resume");
            else if (s.Stopped != TrainSummary.Completed) View.Line($"stopped: {s.Stopped}");
            View.Line(Task.IsRegression
                ? string.Create(CultureInfo.InvariantCulture, $"test RMSE {s.TestRmse:G4}, MAE {s.TestMae:G4}, R² {(s.TestR2 is { } r2 ? ScoreText.Fixed(r2, 3) : "")} in {s.Seconds:F1} s (peak memory {s.PeakMemoryMb:F0} MB); outputs in {files.Folder}")
                : string.Create(CultureInfo.InvariantCulture, $"test accuracy {s.TestAccuracy:P2} in {s.Seconds:F1} s (peak memory {s.PeakMemoryMb:F0} MB); outputs in {files.Folder}"));
            return s;
        }
    }
}

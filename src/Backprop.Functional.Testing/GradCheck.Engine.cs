using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

public static partial class GradCheck
{
    /// <summary>
    /// Runs the checks on a target at its points: directional, Taylor, linearity, and element-wise when
    /// the inputs are small (or the options ask for it, or a fast check failed), then purity last, so
    /// it also sees whether any evaluation mutated the inputs.
    /// </summary>
    internal static GradCheckReport Check(CheckTarget target, Key key, GradCheckOptions o)
    {
        var replay = ReplayOf(key);
        try
        {
            var before = PurityCheck.Snapshot(target);
            var points = target.Points;
            var (wKey, rest) = key.Split();
            var (directionKey, rest2) = rest.Split();
            var (taylorKey, linearityKey) = rest2.Split();
            var y = target.Forward(points);
            var w = wKey.Normal<double>(y.Shape);
            var grads = target.Pullback(points, w);
            for (var i = 0; i < points.Count; i++)
                if (grads[i].Shape != points[i].Shape)
                    return new(target.Name, false, null, 0,
                        $"the pullback for {target.Inputs[i].Path} has shape {grads[i].Shape}, the input has {points[i].Shape}")
                        { Inputs = target.Describe(), Replay = replay };
            var probe = new Probe(target, w);
            var t = Tolerances.For(o, target.Epsilon);
            var full = o.Mode == GradCheckMode.Full || (o.Mode == GradCheckMode.Auto && target.Size <= o.MaxElementwise);
            List<CheckResult> checks =
            [
                DirectionalCheck.Run(target, probe, grads, directionKey, o, t),
                TaylorCheck.Run(target, probe, grads, taylorKey, o),
                LinearityCheck.Run(target, y.Shape, linearityKey, t.Linearity),
            ];
            var forward = PushforwardCheck.Run(target, probe, w, grads, linearityKey.FoldIn(17), o, t);
            var fellBack = !full && (checks.Any(c => !c.Passed) || forward.Any(c => !c.Passed));
            GradMismatch? worst = null;
            if (full || fellBack)
            {
                var (elementwise, mismatch) = ElementwiseCheck.Run(target, probe, grads, t);
                checks.Insert(0, elementwise);
                worst = mismatch;
                // When every partial derivative agrees, the derivative along any direction is their sum, so a
                // direction that disagrees crossed a kink (a max-pool switching its winner, a ReLU's input its sign)
                // between x − hv and x + hv: that is the function's non-smoothness, not a wrong pullback. The same
                // holds for the pushforward when it also equals the pullback's adjoint (the "adjoint" check).
                if (elementwise.Passed)
                {
                    var adjoint = forward.All(c => c.Check != "adjoint" || c.Passed);
                    (checks, forward) = (Rescued(checks, "directional", "every partial derivative agreed"),
                        adjoint ? Rescued(forward, "pushforward", "every partial derivative agreed, and the pushforward is the pullback's adjoint") : forward);
                }
            }
            checks.AddRange(forward);
            checks.Add(PurityCheck.Run(target, w, before));
            return new(target.Name, checks.All(c => c.Passed), worst, checks[0].Check == "element-wise" ? checks[0].Checked : 0)
            {
                Checks = checks, Inputs = target.Describe(), Replay = replay, FellBack = fellBack,
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new(target.Name, false, null, 0, $"{e.GetType().Name}: {e.Message}") { Inputs = target.Describe(), Replay = replay };
        }
    }

    /// <summary>The checks with a failed <paramref name="check"/> passed as a kink crossed along its direction, for <paramref name="why"/>.</summary>
    private static List<CheckResult> Rescued(IEnumerable<CheckResult> checks, string check, string why) =>
        [.. checks.Select(c => c.Check == check && !c.Passed ? c with { Passed = true, Detail = $"crossed a kink along the direction ({why}): {c.Detail}" } : c)];

    /// <summary>How to rerun a check: the key the caller passed in.</summary>
    private static string ReplayOf(Key key) => $"key: new Key(0x{key.Value:X16}UL)";
}

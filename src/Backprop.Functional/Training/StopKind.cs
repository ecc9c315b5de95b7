namespace Backprop.Functional.Training;

/// <summary>The ways a training run ends.</summary>
public enum StopKind
{
    /// <summary>Every epoch ran.</summary>
    Completed,
    /// <summary>The monitored loss stopped improving for the patience; the state holds the best parameters seen.</summary>
    EarlyStopped,
    /// <summary>A step gave a NaN or infinite loss, gradient or parameter; it was rejected and the last finite state kept.</summary>
    NonFinite,
    /// <summary>A step or the validation could not run (a batch whose shape does not fit, a missing key); the state before it is kept.</summary>
    Failed,
    /// <summary>A step's loss was above <see cref="TrainSettings.MaxLoss"/>; it was rejected and the state before it kept.</summary>
    Diverged,
}

namespace Backprop.Functional.Training;

/// <summary>
/// How long to train and when to stop early.
/// Epochs: passes over the training data (≥ 1). Patience: stop after this many epochs without the monitored loss
/// (validation loss if there is a validation set, else the epoch's mean training loss) improving by more than
/// <paramref name="MinDelta"/>; 0 turns early stopping off.
/// Donate: off by default. On, each step gives the memory of the state before it (parameters, optimiser state,
/// layer state) back to the buffer pool for the next steps to reuse, as JAX's donate_argnums does, so a steady-state
/// step allocates next to nothing. Then a yielded <see cref="TrainState{T}"/>'s Params, OptState and LayerState are
/// valid only until the next state is read: reading one of their tensors later throws an
/// <see cref="InvalidOperationException"/> saying it was donated (never other numbers). Read or copy what you need
/// (<see cref="Tensors.Params{T}.Copy"/>) before moving on. Never donated: the last state, what was passed in (the
/// initial parameters, layer and optimiser state) and the latest state's best snapshot (<see cref="TrainState{T}.Best"/>;
/// one that a better snapshot replaced goes with the step after). The results are the same to the bit with donation
/// on or off.
/// MaxLoss: off when null. Given the first step's loss, the largest batch loss a step may have: a step above it is
/// rejected and the sequence ends with the state before it (<see cref="StopKind.Diverged"/>, which is then never
/// donated), as Lightning's divergence threshold does. <c>_ =&gt; 50</c> is a fixed bound; <c>first =&gt; 1000 * first</c> a
/// relative one.
/// </summary>
public sealed record TrainSettings(int Epochs, int Patience = 0, double MinDelta = 0.0, bool Donate = false, Func<double, double>? MaxLoss = null)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting.</summary>
    internal TrainSettings Validated() =>
        Epochs < 1 ? throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"train: epochs must be at least 1, got {Epochs}")
        : Patience < 0 ? throw new ArgumentOutOfRangeException(nameof(Patience), Patience, $"train: patience must be 0 (off) or positive, got {Patience}")
        : !(MinDelta >= 0) || double.IsInfinity(MinDelta) ? throw new ArgumentOutOfRangeException(nameof(MinDelta), MinDelta, $"train: min delta must be zero or positive, got {MinDelta}")
        : this;
}

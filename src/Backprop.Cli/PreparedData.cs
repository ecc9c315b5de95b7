using System.Numerics;
using Backprop.Functional.Data;

namespace Backprop.Cli;

/// <summary>
/// A data set ready to train on: the keyed 80/20 split (an image set's sides kept as bytes), normalised, each example shaped for the model
/// (<see cref="ExampleShape"/>), and the image size when the examples are images (for shift augmentation).
/// </summary>
public sealed record PreparedData<T>(LabelledSplit<T> Train, LabelledSplit<T> Test, int[] ExampleShape, (int Height, int Width)? Image)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public int Classes => Train.Classes;

    public IReadOnlyList<string> ClassNames => Train.ClassNames.IsDefaultOrEmpty
        ? [.. Enumerable.Range(0, Classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]
        : Train.ClassNames;
}

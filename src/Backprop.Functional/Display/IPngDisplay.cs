namespace Backprop.Functional.Display;

/// <summary>A value shown as a picture in notebooks; its text form is its <c>ToString()</c>.</summary>
public interface IPngDisplay
{
    byte[] ToPng();
}

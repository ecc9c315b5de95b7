namespace Backprop.Functional.Display;

/// <summary>A value with an HTML form for notebooks; its text form is its <c>ToString()</c>.</summary>
public interface IHtmlDisplay
{
    string ToHtml();
}

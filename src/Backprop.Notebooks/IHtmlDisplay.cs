namespace Backprop.Notebooks;

/// <summary>
/// A value that shows itself as HTML in a notebook (a table, say). The runner goes by the method, like
/// IPython's <c>_repr_html_</c>: any public <c>string ToHtml()</c> works, so a library need not reference this project.
/// </summary>
public interface IHtmlDisplay
{
    string ToHtml();
}

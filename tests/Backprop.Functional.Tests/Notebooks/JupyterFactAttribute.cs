using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>A test that needs Jupyter's `jupyter-nbconvert` on the PATH; skipped, saying how to install it, where it is missing.</summary>
public sealed class JupyterFactAttribute : FactAttribute
{
    public JupyterFactAttribute()
    {
        if (Jupyter.NbConvert is null) Skip = "Jupyter is not installed: `apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel` (.ci/run does)";
    }
}

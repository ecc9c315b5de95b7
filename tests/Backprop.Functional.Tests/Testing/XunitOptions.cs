using Xunit.Abstractions;

namespace Backprop.Functional.Tests.Testing;

/// <summary>Discovery and execution options for running xunit in-process (xunit.runner.utility's TestFrameworkOptions, in a few lines).</summary>
internal sealed class XunitOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
{
    private readonly Dictionary<string, object?> values = new() { ["xunit.execution.DisableParallelization"] = true };

    public TValue GetValue<TValue>(string name) => values.TryGetValue(name, out var v) && v is TValue t ? t : default!;

    public void SetValue<TValue>(string name, TValue value) => values[name] = value;
}

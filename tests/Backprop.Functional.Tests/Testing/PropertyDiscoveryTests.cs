using System.Reflection;
using FsCheck.Xunit;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Backprop.Functional.Tests.Testing;

/// <summary>
/// Proves that [Property] tests are discovered and run under this repository's xunit version (FsCheck
/// integrations have silently stopped being discovered across xunit versions: the suite then passes
/// with the properties never run). Runs xunit's own discoverer and executor in-process on this
/// assembly, so the check does not depend on test ordering or on static counters:
/// every method carrying [Property] (found by reflection) must come back as an FsCheck test case, and
/// running the probe property must pass with FsCheck's "passed N tests" in its output.
/// </summary>
public class PropertyDiscoveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Every_property_method_is_discovered_as_an_FsCheck_test_case()
    {
        var expected = typeof(PropertyDiscoveryTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<PropertyAttribute>() is not null)
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToHashSet();
        var cases = Discover();
        var discovered = cases
            .Where(c => c.GetType().Assembly == typeof(PropertyAttribute).Assembly)
            .Select(c => $"{c.TestMethod.TestClass.Class.Name}.{c.TestMethod.Method.Name}")
            .ToHashSet();
        Assert.Contains($"{typeof(PropertyProbe).FullName}.{nameof(PropertyProbe.Probe_property_runs)}", expected);
        Assert.True(expected.Count >= 10, $"only {expected.Count} [Property] methods found by reflection");
        Assert.Empty(expected.Except(discovered));
    }

    [Fact]
    public void The_probe_property_runs_its_body_through_FsCheck_and_passes()
    {
        var probe = Discover().Where(c => c.TestMethod.Method.Name == nameof(PropertyProbe.Probe_property_runs)).ToArray();
        Assert.Single(probe);
        using var framework = new XunitTestFramework(new MessageCollector<IDiagnosticMessage>());
        using var executor = framework.GetExecutor(typeof(PropertyProbe).Assembly.GetName());
        using var sink = new MessageCollector<ITestAssemblyFinished>();
        executor.RunTests(probe, sink, new XunitOptions());
        Assert.True(sink.Done.Wait(Timeout), "the in-process run did not finish");
        var results = sink.Messages.OfType<ITestResultMessage>().ToArray();
        var passed = Assert.IsAssignableFrom<ITestPassed>(Assert.Single(results));
        Assert.Contains($"passed {PropertyProbe.MaxTest} tests", passed.Output);
    }

    private static ITestCase[] Discover()
    {
        using var framework = new XunitTestFramework(new MessageCollector<IDiagnosticMessage>());
        using var discoverer = framework.GetDiscoverer(Reflector.Wrap(typeof(PropertyDiscoveryTests).Assembly));
        using var sink = new MessageCollector<IDiscoveryCompleteMessage>();
        discoverer.Find(includeSourceInformation: false, sink, new XunitOptions());
        Assert.True(sink.Done.Wait(Timeout), "discovery did not finish");
        return [.. sink.Messages.OfType<ITestCaseDiscoveryMessage>().Select(m => m.TestCase)];
    }
}

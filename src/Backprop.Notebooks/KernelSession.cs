using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Notebooks;

/// <summary>
/// One real .NET Interactive kernel process, spoken to over its stdio protocol: a JSON command envelope per line in
/// (<c>SubmitCode</c>), JSON event envelopes out, until the submission's <c>CommandSucceeded</c> or <c>CommandFailed</c>.
/// State lives in the kernel, from cell to cell, as in Jupyter; one session per notebook.
/// </summary>
public sealed class KernelSession : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<JsonObject> events;
    private readonly Task<string> stderr;
    private int submissions;

    private KernelSession(Process process, Channel<JsonObject> events, Task<string> stderr)
    {
        this.process = process;
        this.events = events;
        this.stderr = stderr;
    }

    /// <summary>Starts the kernel for notebooks in <paramref name="folder"/> and waits until it says it is ready.</summary>
    public static async Task<Fin<KernelSession>> Start(KernelLauncher launcher, string folder, TimeSpan timeout)
    {
        Process process;
        try
        {
            process = Process.Start(launcher.StartInfo(folder)) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return Error.New($"cannot start the .NET Interactive kernel ({launcher.FileName}): {e.Message}");
        }
        var events = Channel.CreateUnbounded<JsonObject>();
        _ = Task.Run(() => Pump(process.StandardOutput, events.Writer));
        var session = new KernelSession(process, events, process.StandardError.ReadToEndAsync());
        var ready = await session.Next(timeout, e => (string?)e["eventType"] == "KernelReady");
        if (ready.IsSome) return session;
        var why = await session.Exit();
        return Error.New($"the .NET Interactive kernel did not start: {why}");
    }

    /// <summary>Runs one cell; its outputs in order, and its failure if it failed.</summary>
    public async Task<KernelResult> Submit(string code, int executionCount, TimeSpan timeout)
    {
        var token = $"cell-{++submissions}";
        var command = new JsonObject
        {
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
            ["token"] = token,
        };
        await process.StandardInput.WriteLineAsync(command.ToJsonString());
        await process.StandardInput.FlushAsync();
        var outputs = new KernelOutputs(executionCount);
        while (true)
        {
            var next = await Next(timeout, _ => true);
            if (next.IsNone) return outputs.Failed(process.HasExited ? $"the kernel stopped: {await Exit()}" : $"the cell did not finish within {timeout.TotalMinutes:F0} minutes");
            var e = (JsonObject)next;
            var type = (string?)e["eventType"];
            var own = (string?)e["command"]?["token"] == token;
            if (own && type == "CommandSucceeded") return outputs.Succeeded();
            if (own && type == "CommandFailed") return outputs.Failed((string?)e["event"]?["message"] ?? "the cell failed");
            outputs.Add(type, e["event"] as JsonObject ?? []);
        }
    }

    private async Task<Option<JsonObject>> Next(TimeSpan timeout, Func<JsonObject, bool> wanted)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await events.Reader.WaitToReadAsync(cancel.Token))
                while (events.Reader.TryRead(out var e))
                    if (wanted(e)) return e;
        }
        catch (OperationCanceledException)
        {
        }
        return Option<JsonObject>.None;
    }

    private static async Task Pump(StreamReader output, ChannelWriter<JsonObject> writer)
    {
        while (await output.ReadLineAsync() is { } line)
            if (line.StartsWith('{') && Parse(line) is { } e) await writer.WriteAsync(e);
        writer.Complete();
    }

    private static JsonObject? Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Stops the kernel; the first line it wrote to stderr, which says why when it could not start.</summary>
    private async Task<string> Exit()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        var text = (await stderr).Trim();
        return text.Length == 0 ? $"exit code {process.ExitCode}" : text.Split('\n')[0].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(2000)) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }
}

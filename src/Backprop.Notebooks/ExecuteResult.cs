namespace Backprop.Notebooks;

/// <summary>The value of the cell's last expression, numbered like the cell's execution.</summary>
public sealed record ExecuteResult(int ExecutionCount, MimeBundle Data) : Output;

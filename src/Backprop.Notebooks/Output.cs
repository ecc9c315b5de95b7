namespace Backprop.Notebooks;

/// <summary>A cell output, one of nbformat 4's four kinds.</summary>
public abstract record Output;

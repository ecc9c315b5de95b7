namespace Backprop.Cli;

/// <summary>How a run takes its folder: New (it must be empty), Overwrite (a previous run's files are deleted), Resume (they are kept).</summary>
public enum RunFolderMode
{
    New,
    Overwrite,
    Resume,
}

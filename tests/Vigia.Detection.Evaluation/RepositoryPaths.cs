namespace Vigia.Detection.Evaluation;

/// <summary>Finds the repository root (the folder with Directory.Packages.props) and the shared data beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    public static string RealData() =>
        Environment.GetEnvironmentVariable("VIGIA_REAL_DATA") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.GetFullPath(Path.Combine(Root(), "..", "shared", "data", "real"));

    public static string WorkDirectory() => Path.Combine(Root(), "artifacts", "detection-evaluation");
}

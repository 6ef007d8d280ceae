namespace Vigia.Cli.Tests.Support;

/// <summary>
/// Files the tests read where they live: the shipped layouts in the repository, and the real data in ../shared/data/real
/// beside the repository (CI has it at the same relative place; it is never copied in).
/// </summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No repository root (Directory.Packages.props) above {AppContext.BaseDirectory}.");
        }
    }

    public static string Layout(string name) => Path.Combine(Root, "services", "Vigia.Cli", "layouts", name);

    public static string RealData(string name)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "real", name));
        return File.Exists(path) ? path : throw new FileNotFoundException($"The real data file is not at {path} (../shared/data/real beside the repository).", path);
    }
}

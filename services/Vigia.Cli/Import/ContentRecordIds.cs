using System.Security.Cryptography;
using System.Text;

namespace Vigia.Cli.Import;

/// <summary>
/// Record ids for rows whose source gives none: a hash of the row's content plus how many identical rows came before it
/// in the file. The same file read again gives the same ids in the same order, so a rerun is answered DUPLICATE; the ids
/// do not depend on the file's name or on row positions, so a renamed file, or a new extraction that adds or reorders
/// rows, keeps the ids of the rows it did not change.
/// </summary>
internal sealed class ContentRecordIds
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public string Next(IEnumerable<string> cells)
    {
        var text = string.Join('\u001f', cells.Select(c => c.Trim()));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20];
        var occurrence = _seen[hash] = _seen.GetValueOrDefault(hash) + 1;
        return $"{hash}-{occurrence}";
    }
}

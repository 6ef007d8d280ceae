using System.Security.Cryptography;
using System.Text.Json;
using Vigia.Ingestion.Normalisation;

namespace Vigia.Ingestion.Reports;

/// <summary>
/// What a report says, as one hash: a resend under a known key with the same fingerprint is a duplicate, with another
/// one a correction. Taken over the normalised report, so spelling the same place or category another way ("San Miguel",
/// "SV-SM") is not a correction.
/// </summary>
public static class ContentFingerprint
{
    public static string Of(NormalisedReport report) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(report)));
}

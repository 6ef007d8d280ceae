using CsCheck;
using Google.Protobuf.WellKnownTypes;

namespace Vigia.Fuzz.Tests.Generators;

/// <summary>
/// Values a careless or hostile caller sends: text with control characters or far too long, dates in year 0, 1 or
/// 9999, counts at the ends of their types, NaN and infinities, enum numbers nobody defined.
/// </summary>
public static class HostileValues
{
    private static readonly Gen<char> s_printable = Gen.Char['a', 'z'];

    private static readonly Gen<char> s_anyChar = Gen.Frequency(
        (6, (IGen<char>)s_printable),
        (1, Gen.OneOf('\0', '\u0001', '\u001b', '\u007f', '\u0085', '\t', '\n', '\r', '\u200b', '\ufeff', 'ñ', 'ü')),
        (1, Gen.Char));

    /// <summary>Short words the services know, so checks after the first one get reached too.</summary>
    private static readonly string[] s_plausible =
    [
        "SV", "GT", "HN", "CO", "XX", "sv", "SV-SS", "SV-SM", "San Salvador", "Soyapango", "0614", "ms13", "MS-13", "unknown",
        "pnc-bulletin", "es", "es-SV", "https://example.org/a", "occurred_on", "victims", "place", "description", "enabled",
        "selector", "display_name", "00000000-0000-0000-0000-000000000000", "eyJ4IjoxfQ", "not-a-token", " ",
    ];

    /// <summary>Text: mostly short and plausible, sometimes with control characters, sometimes 300 to 300,000 characters.</summary>
    public static Gen<string> Text(bool small) => Gen.Frequency(
        (5, (IGen<string>)Gen.OneOf(s_plausible)),
        (3, s_anyChar.Array[0, 40].Select(c => new string(c))),
        (1, Gen.Select(Gen.OneOf(s_plausible), Gen.OneOf("\0", "\u0001", "\n", "\u007f", "\u009b"), Gen.Int[0, 3], Insert)),
        (small ? 0 : 1, Gen.Int[300, 300_000].Select(n => new string('x', n))),
        (1, Gen.Const("")));

    public static Gen<int> WholeNumber => Gen.Frequency(
        (3, (IGen<int>)Gen.Int[-3, 12]),
        (2, Gen.OneOf(0, -1, 1, 99, 100, 101, 1000, 1001, 5000, 5001, 100_000, 100_001, 42_949_673, int.MaxValue, int.MinValue)),
        (1, Gen.Int));

    public static Gen<long> LongNumber => Gen.Frequency(
        (3, (IGen<long>)Gen.Long[-3, 12]),
        (2, Gen.OneOf(0L, -1L, long.MaxValue, long.MinValue, int.MaxValue + 1L, 253_402_300_800L, -62_135_596_801L)),
        (1, Gen.Long));

    public static Gen<double> RealNumber => Gen.Frequency(
        (3, (IGen<double>)Gen.Double[-10, 10]),
        (2, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.MaxValue, double.MinValue, double.Epsilon, 1e-300)),
        (1, Gen.Double));

    public static Gen<int> EnumNumber(int defined) => Gen.Frequency(
        (5, (IGen<int>)Gen.Int[0, Math.Max(0, defined - 1)]),
        (1, Gen.OneOf(-1, defined, 99, int.MaxValue, int.MinValue)));

    /// <summary>A google.type.Date: real days of the series' years, and the far and impossible ones.</summary>
    public static Gen<(int Year, int Month, int Day)> Date => Gen.Frequency(
        (4, (IGen<(int, int, int)>)Gen.Select(Gen.Int[2015, 2019], Gen.Int[1, 12], Gen.Int[1, 28], (y, m, d) => (y, m, d))),
        (2, Gen.Select(
            Gen.OneOf(0, 1, 1899, 1900, 1989, 1990, 2100, 2101, 9998, 9999, 10_000, -1, int.MaxValue),
            Gen.OneOf(0, 1, 2, 12, 13, -1),
            Gen.OneOf(0, 1, 28, 29, 30, 31, 32, -1),
            (y, m, d) => (y, m, d))),
        (1, Gen.Const((0, 0, 0))));

    public static Gen<Timestamp> Timestamp => Gen.Select(LongNumber, Gen.OneOf(0, 1, 999_999_999, 1_000_000_000, -1), (s, n) => new Timestamp { Seconds = s, Nanos = n });

    private static string Insert(string text, string control, int at) => text.Insert(Math.Min(at, text.Length), control);
}

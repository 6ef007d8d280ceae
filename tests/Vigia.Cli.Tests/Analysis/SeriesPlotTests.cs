using SkiaSharp;
using Vigia.Cli.Analysis;

namespace Vigia.Cli.Tests.Analysis;

/// <summary>
/// `vigia plot`'s drawing: June 2017, killings of relatives of security forces nationwide, with the
/// alert the shipped rule raises (3 within 2 days, on 10 and 11 June).
/// </summary>
public sealed class SeriesPlotTests
{
    private static readonly List<(DateOnly Date, double Value)> s_juneRelatives = [.. Enumerable.Range(0, 30).Select(d =>
    {
        var date = new DateOnly(2017, 6, 1).AddDays(d);
        return (date, date.Day switch { 3 => 1d, 10 => 2d, 11 => 1d, 24 => 1d, _ => 0d });
    })];

    private static readonly PlottedAlert s_alert = new(new DateOnly(2017, 6, 10), new DateOnly(2017, 6, 11), "security-force-relatives-killed");

    [Fact]
    public void Save_JuneRelativesWithItsAlertAsPng_DecodesAsAnImageOfTheRequestedSize()
    {
        var file = TempFile(".png");

        SeriesPlot.Save(SeriesPlot.Draw("victims June 2017", "victims", s_juneRelatives, [s_alert]), file, 1000, 500);

        using var image = SKBitmap.Decode(file.FullName);
        Assert.NotNull(image);
        Assert.Equal((1000, 500), (image.Width, image.Height));
    }

    [Fact]
    public void Draw_WithAlert_ShadesItsWindowRed()
    {
        using var withAlert = Render([s_alert]);
        using var without = Render([]);

        Assert.True(ShadedPixels(withAlert) > 1000, "the alert window should be shaded");
        Assert.Equal(0, ShadedPixels(without));
    }

    [Fact]
    public void Save_SvgExtension_WritesSvg()
    {
        var file = TempFile(".svg");

        SeriesPlot.Save(SeriesPlot.Draw("victims June 2017", "victims", s_juneRelatives, [s_alert]), file, 800, 400);

        var root = System.Xml.Linq.XDocument.Load(file.FullName).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal("800", root.Attribute("width")?.Value);
    }

    private static SKBitmap Render(PlottedAlert[] alerts) =>
        SKBitmap.Decode(SeriesPlot.Draw("victims June 2017", "victims", s_juneRelatives, alerts).GetImageBytes(1000, 500, ScottPlot.ImageFormat.Png));

    /// <summary>Pixels of the alert shade: translucent red over white is pink (high red, green and blue alike and lower).</summary>
    private static int ShadedPixels(SKBitmap image)
    {
        var count = 0;
        foreach (var pixel in image.Pixels)
        {
            if (pixel.Red > 240 && pixel.Green is > 150 and < 215 && Math.Abs(pixel.Green - pixel.Blue) < 10)
            {
                count++;
            }
        }

        return count;
    }

    private static FileInfo TempFile(string extension) => new(Path.Combine(Path.GetTempPath(), $"vigia-plot-{Guid.NewGuid():N}{extension}"));
}

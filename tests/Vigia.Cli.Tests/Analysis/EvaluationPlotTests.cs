using SkiaSharp;
using Vigia.Cli.Analysis;

namespace Vigia.Cli.Tests.Analysis;

/// <summary>
/// `vigia evaluate --plot`'s drawing: 24 months of treated and control totals, the treated places' halved from
/// January 2016 (the start), as EvaluateIntervention answers them.
/// </summary>
public sealed class EvaluationPlotTests
{
    private static readonly DateOnly s_start = new(2016, 1, 1);

    private static readonly List<(DateOnly Date, double Value)> s_treated =
        [.. Enumerable.Range(0, 24).Select(m => (new DateOnly(2015, 1, 1).AddMonths(m), m < 12 ? 40d : 20d))];

    private static readonly List<(DateOnly Date, double Value)> s_control =
        [.. Enumerable.Range(0, 24).Select(m => (new DateOnly(2015, 1, 1).AddMonths(m), 200d))];

    [Fact]
    public void Save_EvaluationAsPng_DecodesAsAnImageOfTheRequestedSize()
    {
        var file = TempFile(".png");

        SeriesPlot.Save(EvaluationPlot.Draw("SV-SS against every other place", s_start, s_treated, s_control), file, 900, 450);

        using var image = SKBitmap.Decode(file.FullName);
        Assert.NotNull(image);
        Assert.Equal((900, 450), (image.Width, image.Height));
    }

    [Fact]
    public void Draw_TreatedAndControl_DrawsBothLinesAndTheStartMarker()
    {
        using var image = SKBitmap.Decode(EvaluationPlot.Draw("evaluation", s_start, s_treated, s_control).GetImageBytes(1000, 500, ScottPlot.ImageFormat.Png));

        Assert.True(PixelsOf(image, EvaluationPlot.Treated) > 200, "the treated line should be drawn");
        Assert.True(PixelsOf(image, EvaluationPlot.Control) > 200, "the control line should be drawn");
        Assert.True(PixelsOf(image, EvaluationPlot.Start) > 100, "the start should be marked");
    }

    [Fact]
    public void Draw_NoControlPlaces_DrawsTheTreatedLineOnly()
    {
        using var image = SKBitmap.Decode(EvaluationPlot.Draw("evaluation", s_start, s_treated, []).GetImageBytes(1000, 500, ScottPlot.ImageFormat.Png));

        Assert.True(PixelsOf(image, EvaluationPlot.Treated) > 200);
        Assert.Equal(0, PixelsOf(image, EvaluationPlot.Control));
    }

    [Fact]
    public void Indexed_HalvedAfterStart_Is100Then50()
    {
        var indexed = EvaluationPlot.Indexed(s_treated, s_start);

        Assert.All(indexed.Take(12), p => Assert.Equal(100, p.Value, 9));
        Assert.All(indexed.Skip(12), p => Assert.Equal(50, p.Value, 9));
    }

    [Fact]
    public void Indexed_NothingBeforeStart_KeepsTheCounts()
    {
        List<(DateOnly Date, double Value)> series = [(new DateOnly(2016, 1, 1), 3), (new DateOnly(2016, 2, 1), 5)];

        Assert.Equal(series, EvaluationPlot.Indexed(series, s_start));
    }

    private static int PixelsOf(SKBitmap image, ScottPlot.Color color) =>
        image.Pixels.Count(p => Math.Abs(p.Red - color.R) < 8 && Math.Abs(p.Green - color.G) < 8 && Math.Abs(p.Blue - color.B) < 8);

    private static FileInfo TempFile(string extension) => new(Path.Combine(Path.GetTempPath(), $"vigia-evaluation-{Guid.NewGuid():N}{extension}"));
}

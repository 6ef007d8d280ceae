namespace Vigia.Detection.Tests;

public class DetectorsTests
{
    [Theory]
    [InlineData("auto")]
    [InlineData("threshold")]
    [InlineData("ears-c1")]
    [InlineData("ears-c2")]
    [InlineData("ears-c3")]
    [InlineData("nb-regression")]
    [InlineData("nb-cusum")]
    public void Create_KnownName_GivesTheDetectorOfThatName(string name)
    {
        Assert.Equal(name, Detectors.Create(name).Name);
        Assert.Equal(name, Detectors.Create(name.ToUpperInvariant(), 2).Name);
    }

    [Fact]
    public void Create_Threshold_IsThreeWithinTwoDays()
    {
        var detector = Assert.IsType<ThresholdDetector>(Detectors.Create("threshold"));

        Assert.Equal(3, detector.Count);
        Assert.Equal(2, detector.WindowDays);
    }

    [Fact]
    public void Create_UnknownName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Detectors.Create("farrington"));
    }

    [Fact]
    public void Create_NonPositiveSensitivity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Detectors.Create("auto", 0));
    }
}

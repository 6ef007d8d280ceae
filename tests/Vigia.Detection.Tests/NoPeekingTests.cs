namespace Vigia.Detection.Tests;

public class NoPeekingTests
{
    public static TheoryData<string, SeriesFrequency> Cases()
    {
        var data = new TheoryData<string, SeriesFrequency>();
        foreach (var name in Detectors.Names)
        {
            data.Add(name, SeriesFrequency.Daily);
            data.Add(name, SeriesFrequency.Weekly);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_DayD_GivesTheSameAnswerWhateverIsAppendedAfterIt(string name, SeriesFrequency frequency)
    {
        var length = frequency == SeriesFrequency.Daily ? 2 * 365 : 3 * 52;
        var history = SeriesBuilder.NegativeBinomial(length, 2.5, 1.5, seed: 21);
        var detector = Detectors.Create(name);
        var start = new DateOnly(2015, 3, 2);
        var d = length - 1;

        var alone = detector.Evaluate(history, d, frequency, start);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            // Quiet days, a huge wave, zeros: none may change day d.
            var tail = seed switch
            {
                1 => SeriesBuilder.NegativeBinomial(40, 2.5, 1.5, seed: 99),
                2 => Enumerable.Repeat(50.0, 40).ToArray(),
                _ => new double[40],
            };
            double[] extended = [.. history, .. tail];

            Assert.Equal(alone, detector.Evaluate(extended, d, frequency, start));
            Assert.Equal(alone, detector.EvaluateAll(extended, frequency, start)[d]);
        }
    }
}

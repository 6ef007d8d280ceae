namespace Vigia.Statistics.Rates;

public static class Change
{
    /// <summary>
    /// (comparison − base) / base × 100; null when the base is zero, where no percentage exists.
    /// 2,724 murders then 1,405 is −48.4 %: a reduction can never pass −100 %.
    /// </summary>
    public static double? Percent(double @base, double comparison) =>
        @base == 0 ? null : (comparison - @base) / @base * 100;
}

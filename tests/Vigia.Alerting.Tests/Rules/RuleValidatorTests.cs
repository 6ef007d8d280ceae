using Vigia.Alerting.Rules;
using Vigia.Alerting.V1;

namespace Vigia.Alerting.Tests.Rules;

public sealed class RuleValidatorTests
{
    [Fact]
    public void Validate_DefaultRule_HasNoViolations() =>
        Assert.True(RuleValidator.Validate(DefaultRules.SecurityForceRelativesKilled()).IsEmpty);

    [Fact]
    public void Validate_EmptyRule_ListsDisplayNameAndDetector()
    {
        var fields = RuleValidator.Validate(new Rule()).All.Select(v => v.Field).ToList();

        Assert.Equal(["rule.display_name", "rule.detector"], fields);
    }

    [Fact]
    public void Validate_ThresholdOutOfRange_ListsEveryViolation()
    {
        var rule = new Rule
        {
            RuleId = "Not A Slug",
            DisplayName = "x",
            MinCount = -1,
            Detector = new Detector { Threshold = new Threshold { Count = 0, WindowDays = 367 } },
        };

        var fields = RuleValidator.Validate(rule).All.Select(v => v.Field).ToList();

        Assert.Equal(["rule.rule_id", "rule.min_count", "rule.detector.threshold.count", "rule.detector.threshold.window_days"], fields);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 366)]
    public void Validate_ThresholdAtTheLimits_IsValid(int count, int windowDays)
    {
        var rule = new Rule { DisplayName = "x", Detector = new Detector { Threshold = new Threshold { Count = count, WindowDays = windowDays } } };

        Assert.True(RuleValidator.Validate(rule).IsEmpty);
    }

    [Fact]
    public void Validate_NegativeBinomialAlphaBelowHalf_IsAViolation()
    {
        var rule = new Rule { DisplayName = "x", Detector = new Detector { NegativeBinomial = new NegativeBinomial { Alpha = 0.3 } } };

        Assert.Equal("rule.detector.negative_binomial.alpha", Assert.Single(RuleValidator.Validate(rule).All).Field);
    }

    public static TheoryData<Detector, string> NonFiniteParameters => new()
    {
        { new Detector { Ears = new Ears { Variant = EarsVariant.C1, Threshold = double.NaN } }, "rule.detector.ears.threshold" },
        { new Detector { Ears = new Ears { Variant = EarsVariant.C2, Threshold = double.PositiveInfinity } }, "rule.detector.ears.threshold" },
        { new Detector { NegativeBinomial = new NegativeBinomial { Alpha = double.NaN } }, "rule.detector.negative_binomial.alpha" },
        { new Detector { Cusum = new Cusum { Threshold = double.PositiveInfinity } }, "rule.detector.cusum.threshold" },
        { new Detector { Cusum = new Cusum { Threshold = double.NaN } }, "rule.detector.cusum.threshold" },
        { new Detector { Auto = new Auto { Sensitivity = double.NaN } }, "rule.detector.auto.sensitivity" },
        { new Detector { Auto = new Auto { Sensitivity = double.NegativeInfinity } }, "rule.detector.auto.sensitivity" },
    };

    [Theory]
    [MemberData(nameof(NonFiniteParameters))]
    public void Validate_NaNOrInfiniteParameter_NamesTheField(Detector detector, string field)
    {
        var rule = new Rule { DisplayName = "x", Detector = detector };

        Assert.Equal(field, Assert.Single(RuleValidator.Validate(rule).All).Field);
    }

    [Fact]
    public void Validate_CusumThresholdSet_IsValidAndReachesTheDetector()
    {
        var rule = new Rule { DisplayName = "x", Detector = new Detector { Cusum = new Cusum { Threshold = 7.5 } } };

        Assert.True(RuleValidator.Validate(rule).IsEmpty);
        var detector = Assert.IsType<Vigia.Detection.NegativeBinomialCusumDetector>(RuleDetector.For(rule.Detector).Detector);
        Assert.Equal(7.5, detector.DecisionInterval);
    }
}

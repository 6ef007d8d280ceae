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
}

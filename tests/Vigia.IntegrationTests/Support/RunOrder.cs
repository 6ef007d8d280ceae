using Xunit.Abstractions;
using Xunit.Sdk;

namespace Vigia.IntegrationTests.Support;

/// <summary>Where a test runs among the tests of its class, when the class is ordered <see cref="ByRunOrder"/>: lower first.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RunOrderAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

/// <summary>
/// Runs a class's tests in their <see cref="RunOrderAttribute"/> order (unordered ones last, by name). For classes whose
/// tests share one platform and put data on different days: alerting keeps one data horizon for the whole platform (the
/// latest day it has seen an incident on) and judges every day before it, so a test whose data lies later would have an
/// earlier test's open waves judged quiet before that test is done with them. Run from the earliest data to the latest.
/// </summary>
public sealed class ByRunOrder : ITestCaseOrderer
{
    public const string TypeName = "Vigia.IntegrationTests.Support.ByRunOrder";
    public const string AssemblyName = "Vigia.IntegrationTests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases
            .OrderBy(c => c.TestMethod.Method.GetCustomAttributes(typeof(RunOrderAttribute)).SingleOrDefault()?.GetConstructorArguments().Cast<int>().Single()
                          ?? int.MaxValue)
            .ThenBy(c => c.TestMethod.Method.Name, StringComparer.Ordinal);
}

using MathNet.Numerics.LinearAlgebra;
using Vigia.Detection.Baselines;

namespace Vigia.Detection.Tests;

public class PoissonRegressionTests
{
    [Fact]
    public void Fit_QuasiPoissonTrendAndHarmonic_MatchesRGlm()
    {
        var data = RReferenceFile.Read("glm_counts.csv");
        var y = data.Select(r => r.Number("y")).ToArray();
        var n = y.Length;
        const int P = 4;
        var design = new double[n * P];
        for (var i = 0; i < n; i++)
        {
            var t = data[i].Number("t");
            design[i * P] = 1;
            design[i * P + 1] = t;
            design[i * P + 2] = Math.Cos(2 * Math.PI * t / 52);
            design[i * P + 3] = Math.Sin(2 * Math.PI * t / 52);
        }

        var weights = Enumerable.Repeat(1.0, n).ToArray();
        var beta = new double[P];
        var inverse = new double[P * P];

        Assert.True(PoissonRegression.Fit(y, design, weights, beta, inverse));

        var pearson = 0.0;
        for (var i = 0; i < n; i++)
        {
            var mu = Math.Exp(PoissonRegression.Dot(design.AsSpan(i * P, P), beta));
            pearson += (y[i] - mu) * (y[i] - mu) / mu;
        }

        var dispersion = pearson / (n - P);
        var fit = RReferenceFile.Read("glm_fit.csv").ToDictionary(r => r["term"]);
        string[] terms = ["intercept", "t", "cos", "sin"];
        for (var j = 0; j < P; j++)
        {
            Assert.Equal(fit[terms[j]].Number("estimate"), beta[j], 6);
            Assert.Equal(fit[terms[j]].Number("se"), Math.Sqrt(dispersion * inverse[j * P + j]), 5);
        }

        Assert.Equal(fit["dispersion"].Number("estimate"), dispersion, 6);
    }

    [Fact]
    public void SmallCholesky_SolvesAndInvertsLikeMathNet()
    {
        double[] a = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2];
        double[] b = [1, 2, 3];
        var reference = Matrix<double>.Build.DenseOfRowMajor(3, 3, a);
        var expected = reference.Cholesky().Solve(Vector<double>.Build.DenseOfArray(b));
        var expectedInverse = reference.Inverse();

        var factor = (double[])a.Clone();
        Assert.True(SmallCholesky.Factor(factor, 3));
        var x = (double[])b.Clone();
        SmallCholesky.Solve(factor, 3, x);
        var inverse = new double[9];
        SmallCholesky.Invert(factor, 3, inverse);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], x[i], 12);
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(expectedInverse[i, j], inverse[i * 3 + j], 12);
            }
        }
    }

    [Fact]
    public void SmallCholesky_NotPositiveDefinite_Fails()
    {
        double[] a = [1, 2, 2, 1];

        Assert.False(SmallCholesky.Factor(a, 2));
    }
}

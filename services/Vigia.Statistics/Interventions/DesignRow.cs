using MathNet.Numerics.LinearAlgebra;

namespace Vigia.Statistics.Interventions;

/// <summary>
/// One observation's row of a regression design, holding only its non-zero cells: a panel row has
/// an intercept, one place dummy, one period dummy and a treatment term or two, out of hundreds of columns.
/// </summary>
public sealed record DesignRow(int[] Columns, double[] Values)
{
    public double Dot(Vector<double> beta)
    {
        var sum = 0.0;
        for (var k = 0; k < Columns.Length; k++)
        {
            sum += Values[k] * beta[Columns[k]];
        }

        return sum;
    }
}

using Research.Framework.Kernels;
using Research.Framework.Tests.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Kernels;

public class ColumnSumsTests
{
    [TestCase(3, 5)]
    [TestCase(1000, 784)] // above the parallel threshold: column stripes over the team
    [TestCase(5000, 50)]
    public void AddTo_AnyThreadCount_IsBitwiseTheRowByRowSum(int rows, int columns)
    {
        var values = GradCheck.Uniform(91, new Shape(rows, columns), -1f, 1f).ToArray();
        var start = GradCheck.Uniform(92, new Shape(columns), -1f, 1f).ToArray();
        var expected = (float[])start.Clone();
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < columns; j++) expected[j] += values[r * columns + j];
        foreach (var threads in (int[])[1, 2, 3])
        {
            var sums = (float[])start.Clone();
            using (ThreadTeam.Use(threads)) ColumnSums.AddTo(values, rows, columns, sums);
            Assert.That(sums, Is.EqualTo(expected), $"{threads} threads");
        }
    }

    [Test]
    public void AddTo_TooFewValues_SaysWhichShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => ColumnSums.AddTo(new float[10], 3, 4, new float[4]));
        Assert.That(ex!.Message, Does.Contain("[3, 4]"));
    }
}

using Research.Framework.Specs;
using Research.Framework.Sweeps;

namespace Research.Framework.Tests.Sweeps;

public class DryRunTableTests
{
    [Test]
    public void Format_OneRowPerPoint_ColumnsAreTheSweptKeys()
    {
        var spec = SpecLoader.Parse("""
            sweep:
              grid: { objective.kind: [elbo, iwae], objective.kl_schedule: [constant, { linear: { warmup_steps: 100 } }] }
              zip: { objective.beta: [0.5, 0.123456789] }
            """);

        var table = DryRunTable.Format(SweepExpander.Expand(spec));

        Assert.That(table, Is.EqualTo("""
            #  objective.kind  objective.kl_schedule          objective.beta
            -  --------------  -----------------------------  --------------
            0  elbo            constant                       0.5
            1  elbo            constant                       0.123457
            2  elbo            {linear: {warmup_steps: 100}}  0.5
            3  elbo            {linear: {warmup_steps: 100}}  0.123457
            4  iwae            constant                       0.5
            5  iwae            constant                       0.123457
            6  iwae            {linear: {warmup_steps: 100}}  0.5
            7  iwae            {linear: {warmup_steps: 100}}  0.123457
            8 points

            """.Replace("\r\n", "\n")));
    }

    [Test]
    public void Format_NoSweep_IsOneRow()
    {
        var table = DryRunTable.Format(SweepExpander.Expand(SpecLoader.Defaults()));

        Assert.That(table, Is.EqualTo("#\n-\n0\n1 point\n"));
    }
}

using Research.Framework.Randomness;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

public class FlowRegistryTests
{
    [Test]
    public void Names_ListTheFlowsOfTheIssue()
    {
        Assert.That(FlowRegistry.Names, Is.SupersetOf(new[] { "planar", "radial", "iaf", "sylvester", "realnvp" }));
    }

    [Test]
    public void Create_UnknownName_ThrowsListingTheValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => FlowRegistry.Create("plannar", 2, 0, 0, new Rng(1)));
        Assert.That(e!.Message, Does.Contain("plannar").And.Contain("planar").And.Contain("sylvester"));
    }

    [Test]
    public void Stack_GivesLengthStepsWithIndependentParameters()
    {
        var steps = FlowRegistry.Stack("planar", 3, 4, 0, new Rng(2));
        Assert.That(steps, Has.Count.EqualTo(3));
        Assert.That(steps[0].Parameters()[0].ToArray(), Is.Not.EqualTo(steps[1].Parameters()[0].ToArray()));
    }

    [Test]
    public void Stack_Iaf_AlternatesTheDegreeOrder()
    {
        var steps = FlowRegistry.Stack("iaf", 2, 3, 5, new Rng(3)).Cast<IafStep>().ToList();
        Assert.That(steps[0].Degrees, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(steps[1].Degrees, Is.EqualTo(new[] { 3, 2, 1 }));
    }
}

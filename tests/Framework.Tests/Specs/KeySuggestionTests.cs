using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

public class KeySuggestionTests
{
    [TestCase("latent", "latent", 0)]
    [TestCase("lattent", "latent", 1)]
    [TestCase("ltaent", "latent", 1)]
    [TestCase("", "abc", 3)]
    [TestCase("kitten", "sitting", 3)]
    public void Distance_CountsEditsWithAdjacentSwaps(string a, string b, int expected) =>
        Assert.That(KeySuggestion.Distance(a, b), Is.EqualTo(expected));

    [Test]
    public void Nearest_FarFromEverything_IsNull() =>
        Assert.That(KeySuggestion.Nearest("zzzzzz", ["latent", "encoder"]), Is.Null);

    [Test]
    public void Nearest_IgnoresCase() =>
        Assert.That(KeySuggestion.Nearest("Latent", ["latent", "encoder"]), Is.EqualTo("latent"));
}

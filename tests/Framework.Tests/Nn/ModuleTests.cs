using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Nn;

public class ModuleTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("module").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void NamedParameters_WalkLayersInDeclarationOrder()
    {
        var mlp = Mlp.Create([3, 4, 2], Activation.Tanh, new Rng(1));
        var names = mlp.NamedParameters().Select(p => p.Name);
        Assert.That(names, Is.EqualTo(new[] { "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias" }));
        Assert.That(mlp.ParameterCount(), Is.EqualTo(3 * 4 + 4 + 4 * 2 + 2));
    }

    [Test]
    public void MaskedLinear_MaskIsABufferNotAParameter()
    {
        var layer = MaskedLinear.Create(Tensor.Ones(new Shape(3, 2)), new Rng(1));
        Assert.That(layer.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "weight", "bias" }));
    }

    [Test]
    public void GlorotUniform_StaysInItsBound_AndHeNormalHasItsVariance()
    {
        var glorot = Initializers.Weight(300, 100, Init.GlorotUniform, new Rng(2));
        var bound = MathF.Sqrt(6f / 400f);
        Assert.That(glorot.ToArray(), Has.All.InRange(-bound, bound));
        var he = Initializers.Weight(200, 500, Init.HeNormal, new Rng(3)).ToArray();
        var variance = he.Average(v => (double)v * v);
        // Expected 2/200 = 0.01; sample of 100k: relative sd of the variance ~ sqrt(2/n) = 0.45%.
        Assert.That(variance, Is.EqualTo(0.01).Within(0.0003));
    }

    [Test]
    public void SameSeed_GivesBitwiseIdenticalInitialization()
    {
        var a = Mlp.Create([10, 7, 3], Activation.Relu, new Rng(9)).Parameters().SelectMany(p => p.ToArray());
        var b = Mlp.Create([10, 7, 3], Activation.Relu, new Rng(9)).Parameters().SelectMany(p => p.ToArray());
        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void SaveThenLoad_RestoresEveryParameterExactly()
    {
        var path = Path.Combine(_dir, "model.bin");
        var source = Mlp.Create([5, 6, 2], Activation.Tanh, new Rng(4));
        source.Save(path);
        var target = Mlp.Create([5, 6, 2], Activation.Tanh, new Rng(5));
        target.Load(path);
        Assert.That(target.Parameters().SelectMany(p => p.ToArray()), Is.EqualTo(source.Parameters().SelectMany(p => p.ToArray())));
    }

    [Test]
    public void Load_CorruptFile_ThrowsAndChangesNothing()
    {
        var path = Path.Combine(_dir, "model.bin");
        Mlp.Create([5, 6, 2], Activation.Tanh, new Rng(4)).Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var target = Mlp.Create([5, 6, 2], Activation.Tanh, new Rng(5));
        var before = target.Parameters().SelectMany(p => p.ToArray()).ToArray();
        Assert.That(() => target.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("truncated or corrupt"));
        Assert.That(target.Parameters().SelectMany(p => p.ToArray()), Is.EqualTo(before));
    }

    [Test]
    public void Load_OtherArchitecture_NamesTheMismatchAndChangesNothing()
    {
        var path = Path.Combine(_dir, "model.bin");
        Mlp.Create([5, 6, 2], Activation.Tanh, new Rng(4)).Save(path);
        var wider = Mlp.Create([5, 8, 2], Activation.Tanh, new Rng(5));
        var before = wider.Parameters().SelectMany(p => p.ToArray()).ToArray();
        Assert.That(() => wider.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("layers.0.weight").And.Message.Contains("[5, 6]"));
        Assert.That(wider.Parameters().SelectMany(p => p.ToArray()), Is.EqualTo(before));
        var deeper = Mlp.Create([5, 6, 6, 2], Activation.Tanh, new Rng(5));
        Assert.That(() => deeper.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("missing: [layers.2.weight, layers.2.bias]"));
    }

    [Test]
    public void Parameter_InsideAScope_IsRejected()
    {
        using var scope = TensorScope.Begin();
        Assert.That(() => Mlp.Create([2, 2], Activation.Tanh, new Rng(1)), Throws.InvalidOperationException.With.Message.Contains("outside any TensorScope"));
    }
}

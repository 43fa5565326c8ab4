using Research.Framework.Tensors;

namespace Research.Framework.Tests.Tensors;

public class ShapeTests
{
    [Test]
    public void GetHashCode_ScalarBuiltEitherWay_EqualForEqualShapes()
    {
        var built = new Shape(ReadOnlySpan<int>.Empty);
        Assert.That(built, Is.EqualTo(Shape.Scalar));
        Assert.That(built.GetHashCode(), Is.EqualTo(Shape.Scalar.GetHashCode()));
    }
}

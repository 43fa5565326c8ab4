using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

/// <summary>
/// Convolutions on torch-cpu at every LibTorch thread count a run may set (train.threads): the
/// gradients of L = sum(g * conv(x, w, b)) must be the native engine's (which ConvolutionGradTests ties
/// to finite differences). LibTorch 2.10's own CPU conv2d failed this at 1 and 2 threads (input
/// gradient off by up to ~2 on these shapes, right at 4), which is why Ops.Conv2d unfolds there.
/// </summary>
[TestFixture]
public sealed class TorchCpuConvolutionTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var threads in new[] { 1, 2, 4 })
        {
            yield return new TestCaseData("Conv2d stride 1", threads);
            yield return new TestCaseData("Conv2d stride 2 padding 1", threads);
            yield return new TestCaseData("ConvTranspose2d stride 2 padding 1", threads);
        }
    }

    private static (Shape X, Shape W, Shape B, Func<Tensor, Tensor, Tensor, Tensor> Op) Case(string name) => name switch
    {
        "Conv2d stride 1" => (new Shape(2, 2, 5, 6), new Shape(3, 2, 3, 3), new Shape(3), (x, w, b) => x.Conv2d(w, b)),
        "Conv2d stride 2 padding 1" => (new Shape(2, 2, 8, 8), new Shape(3, 2, 4, 4), new Shape(3), (x, w, b) => x.Conv2d(w, b, 2, 1)),
        _ => (new Shape(2, 3, 4, 4), new Shape(3, 2, 4, 4), new Shape(2), (x, w, b) => x.ConvTranspose2d(w, b, 2, 1)),
    };

    [TestCaseSource(nameof(Cases))]
    public void Gradients_AtEveryLibTorchThreadCount_AreTheNativeEngines(string name, int threads)
    {
        var (xs, ws, bs, op) = Case(name);
        var rng = new Rng(7);
        float[] Draw(Shape s) { var v = new float[s.Size]; rng.Uniform(v, -1.5f, 1.5f); return v; }
        var inputs = new[] { Draw(xs), Draw(ws), Draw(bs) };
        float[]? g = null;

        float[][] Grads(Device device)
        {
            var t = new[] { xs, ws, bs }.Select((s, i) => Tensor.FromArray(inputs[i], s, device)).ToArray();
            foreach (var v in t) v.RequiresGrad = true;
            var y = op(t[0], t[1], t[2]);
            g ??= Draw(y.Shape);
            y.Multiply(Tensor.FromArray(g, y.Shape, device)).Sum().Backward();
            return t.Select(v => v.Grad!.ToArray()).ToArray();
        }

        var native = Grads(Device.Native);
        var before = TorchSharp.torch.get_num_threads();
        try
        {
            DeviceSupport.UseThreads(Device.TorchCpu, threads);
            var torch = Grads(Device.TorchCpu);
            for (var i = 0; i < 3; i++)
                Assert.That(torch[i], Is.EqualTo(native[i]).Within(1e-4f), $"{name}, {threads} LibTorch thread(s): gradient of input {i}");
        }
        finally
        {
            TorchSharp.torch.set_num_threads(before);
        }
    }
}

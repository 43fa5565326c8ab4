using TorchSharp;

namespace Research.Framework.Optim;

// The LibTorch side of a step: parameters and state are updated with in-place LibTorch ops on their
// own device (TorchSharp's optim.Adam costs about ten times as much per step on the IWAE model).
public abstract partial class Optimizer
{
    /// <summary>
    /// Applies one update on the parameters' LibTorch device: temporaries go with one dispose scope,
    /// and no autograd graph is recorded for the in-place ops on the leaves.
    /// </summary>
    private void StepOnTorch()
    {
        var updates = new List<TorchUpdate>(Parameters.Count);
        for (var i = 0; i < Parameters.Count; i++)
            if (Parameters[i].Grad is { } g) updates.Add(new TorchUpdate(i, Parameters[i].TorchValue!, g.TorchValue!));
        if (updates.Count == 0) return;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var scalars = new TorchScalars();
        UpdateOnTorch(updates, scalars);
    }

    /// <summary>
    /// Updates the listed parameters in place with the same formula as <see cref="Update"/>, on their
    /// LibTorch device (after <see cref="BeginStep"/>); scalar arguments come from <paramref name="scalars"/>.
    /// </summary>
    private protected abstract void UpdateOnTorch(IReadOnlyList<TorchUpdate> updates, TorchScalars scalars);
}

/// <summary>Parameter number <paramref name="Index"/> with its gradient, as LibTorch tensors.</summary>
internal readonly record struct TorchUpdate(int Index, torch.Tensor Parameter, torch.Tensor Gradient);

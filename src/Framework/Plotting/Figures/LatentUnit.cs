namespace Research.Framework.Plotting.Figures;

/// <summary>
/// One latent dimension after training: its average KL(q(z_u|x) || p(z_u)) over the test set and its
/// activity A_u = Cov_x(E_q[z_u]); the unit counts as active when A_u exceeds a threshold (0.01 in
/// Burda et al., 2016, "Importance Weighted Autoencoders", section 5.2).
/// </summary>
public sealed record LatentUnit(int Dimension, double Kl, double Activity);

using static Research.Framework.Specs.Schema;

namespace Research.Framework.Specs;

/// <summary>
/// Every key of an experiment spec, in one place: type, range, default (as YAML) and meaning.
/// Adding a key is one line here plus the matching parameter on its record; components
/// (priors, flows, schedules, ...) are added to <see cref="ComponentCatalog"/> instead.
/// </summary>
public static class ExperimentSchema
{
    private static MapType Network(string defaultActivation) => Map(
        Key("mlp", ListOf(Int(1)), "[200, 200]", "hidden layer widths (after model.encoder.conv, before model.decoder.conv)"),
        Key("conv", ListOf(Int(1)), "[]",
            "channels of kernel-4 stride-2 padding-1 convolutions on square images (empty: none): the encoder's from the image up, then mlp, then the linear heads; the decoder's (transposed) after mlp and a linear map, down to the image (PyTorch-VAE: encoder [32, 64], decoder [64, 32], mlp [])"),
        Key("activation", Component(ComponentKind.Activation), defaultActivation, "hidden activation"));

    // Device names as Tensors.Device parses them; Specs stay free of tensor types.
    private static PatternType Device(bool allowEmpty) =>
        Matching(allowEmpty ? "|cpu|torch-cpu|cuda|cuda:[0-9]+" : "cpu|torch-cpu|cuda|cuda:[0-9]+",
            allowEmpty ? "one of cpu, torch-cpu, cuda, cuda:N (or empty)" : "one of cpu, torch-cpu, cuda, cuda:N");

    public static MapType Root { get; } = Map(
        new Field("base", String(), null,
            "spec to inherit from, relative to this file's folder (deep merge, this file wins; null removes an inherited key)",
            Directive: true),
        // The name becomes a folder under the checkpoint root: a separator or '..' would write outside it.
        Key("name", Matching(@"(?!\.{1,2}$)[^/\\]*", "a string without '/' or '\\', not '.' or '..'"), "experiment",
            "run name (default: the spec file's name); names the checkpoint folder and the MLflow experiment"),
        Key("description", String(), "\"\"", "free text"),
        Key("seed", Int(0), "1", "seed of every random stream (initialization, batches, sampling)"),
        Key("data", Map(
            Key("dataset", Component(ComponentKind.Dataset), "mnist", "dataset"),
            Key("binarize", OneOf("dynamic", "static", "none"), "dynamic",
                "dynamic: resample binary pixels each epoch; static: once, seeded; none: keep intensities"),
            Key("batch_size", Int(1), "20", "training minibatch size"),
            Key("train_subset", Int(0), "0", "use only the first N training examples (0: all)"),
            Key("test_subset", Int(0), "0", "use only the first N test examples (0: all)"),
            Key("cache_dir", String(), ".cache", "where downloaded data is kept"),
            Key("exclude_classes", ListOf(Int(0)), "[]",
                "labels dropped from the training set only (before train_subset), e.g. [7] for anomaly detection; the test set keeps every class")),
            "{}", "data set and batching"),
        Key("model", Map(
            Key("latent", Int(1), "50", "latent dimensions (not used when model.layers is set: the layers give the widths)"),
            Key("encoder", Network("tanh"), "{}", "encoder network"),
            Key("decoder", Network("tanh"), "{}", "decoder network"),
            Key("prior", Component(ComponentKind.Prior), "standard_normal", "prior p(z)"),
            Key("posterior", Component(ComponentKind.Posterior), "gaussian", "approximate posterior q(z|x), flows included"),
            Key("likelihood", Component(ComponentKind.Likelihood), "bernoulli", "likelihood p(x|z)"),
            Key("layers", ListOf(Map(
                Key("latent", Int(1), "50", "latent dimensions of this layer"),
                Key("hidden", ListOf(Int(1)), "[100, 100]", "hidden widths between this layer and the one below; the first layer's are model.encoder.mlp / model.decoder.mlp, and every pair of layers uses the last layer's"))), "[]",
                "stochastic layers, bottom first, for hierarchical / ladder models (empty: one layer of model.latent)"),
            Key("condition", Map(
                Key("on", OneOf("none", "label"), "none",
                    "label: a conditional VAE (Sohn et al. 2015): q(z|x,y) reads [x, onehot(y)], the decoder [z, onehot(y)]; the dataset must have labels, and the test log-likelihood is then log p(x|y)"),
                Key("prior", OneOf("standard", "conditional"), "standard",
                    "standard: model.prior p(z), the same for every label; conditional: a learned Gaussian p(z|y) = N(mu(y), sigma(y)^2) (Sohn et al.'s prior network; model.prior must be standard_normal)")),
                "{}", "conditioning on the data's labels (none: an unconditional VAE)")),
            "{}", "the VAE"),
        Key("objective", Map(
            Key("kind", Component(ComponentKind.Objective), "elbo", "training objective"),
            Key("k", Int(1), "1", "importance samples per data point"),
            Key("beta", Float(0), "1.0", "weight of the KL term (beta-VAE)"),
            Key("free_bits", Float(0), "0.0", "free bits: minimum nats of KL per latent dimension or group (0: off)"),
            Key("free_bits_groups", Int(0), "0", "free bits over this many equal groups of latent dimensions (0: per dimension)"),
            Key("kl_schedule", Component(ComponentKind.KlSchedule), "constant", "KL annealing schedule (multiplies beta)"),
            Key("analytic_kl", Bool(), "true", "ELBO: the closed-form KL where prior and posterior allow it, else Monte Carlo"),
            Key("m", Int(1), "1", "miwae, piwae: number of inner IWAE_k bounds (Rainforth et al. 2018), m * k samples per data point in all; 1 is IWAE"),
            Key("ciwae_beta", Float(0, 1), "0.5", "ciwae: weight of the ELBO in beta ELBO + (1 - beta) IWAE (Rainforth et al. 2018); not the KL weight"),
            Key("estimator", OneOf("standard", "stl", "dreg"), "standard",
                "iwae, miwae, piwae: the encoder's gradient estimator: standard, stl (Roeder et al. 2017) or dreg (Tucker et al. 2018); ciwae: standard or stl")),
            "{}", "what is optimized"),
        Key("train", Map(
            Key("epochs", Int(0), "100", "passes over the training set"),
            Key("optimizer", Component(ComponentKind.Optimizer), "adam", "optimizer and its settings"),
            Key("lr_schedule", Component(ComponentKind.LrSchedule), "constant", "learning-rate schedule"),
            Key("checkpoint_every", Int(0), "10", "epochs between checkpoints (0: only at the end)"),
            Key("early_stopping", Map(
                Key("patience", Int(0), "0", "evaluations without improvement before stopping (0: never stop early)"),
                Key("min_delta", Float(0), "0.0", "smallest improvement that counts")), "{}", "early stopping"),
            Key("clip_norm", Float(0), "0.0", "clip the global gradient norm to this (0: no clipping)"),
            Key("threads", Int(0), "0", "worker threads (0: all cores)"),
            Key("device", Device(allowEmpty: false), "cpu", "where the model trains: cpu (the native engine), torch-cpu (LibTorch on the CPU), cuda or cuda:N (LibTorch on an NVIDIA GPU; needs the CUDA LibTorch package)")),
            "{}", "optimization"),
        Key("eval", Map(
            Key("every_epochs", Int(0), "10", "epochs between evaluations (0: only at the end)"),
            Key("nll_k", Int(1), "5000", "importance samples for the log-likelihood estimate"),
            Key("batch_size", Int(1), "100", "evaluation batch size"),
            Key("active_units_threshold", Float(0), "0.01", "a unit is active when Cov_x E_q[z_u] exceeds this"),
            Key("active_units_train_images", Int(0), "0", "active units over the first N training images (Burda et al.'s code: 500; 0: the test set)"),
            Key("device", Device(allowEmpty: true), "\"\"", "where evaluation runs (empty: train.device); a model trained on one device evaluates on any other"),
            Key("disentanglement", Map(
                Key("when", OneOf("auto", "end", "every_eval", "off"), "auto",
                    "when the disentanglement metrics (beta_vae_score, factor_vae_score, mig, dci_*) of the posterior mean are computed: auto (at the end when data.dataset has ground-truth factors, e.g. dsprites), end, every_eval (with every evaluation), off; end and every_eval need such a data set"),
                Key("batch_size", Int(2), "64", "beta-VAE: pairs averaged per point; FactorVAE: codes per vote"),
                Key("train_points", Int(1), "10000", "beta-VAE training points and FactorVAE training votes"),
                Key("eval_points", Int(1), "5000", "beta-VAE evaluation points and FactorVAE evaluation votes"),
                Key("variance_samples", Int(2), "10000", "FactorVAE: codes for the global variance that normalizes and prunes"),
                Key("samples", Int(2), "10000", "MIG and DCI: uniformly drawn (factors, code) pairs (DCI's training set)"),
                Key("test_samples", Int(1), "5000", "DCI: further pairs for its test set (informativeness)"),
                Key("bins", Int(2), "20", "MIG: equal-width bins per code")),
                "{}", "disentanglement metrics (disentanglement_lib's definitions and default sizes) and per-factor figures")),
            "{}", "evaluation"),
        Key("tracking", Map(
            Key("experiment", String(), "\"\"", "MLflow experiment name (empty: the spec's name)"),
            Key("uri", String(), "\"\"", "MLflow tracking URI (empty: the host's default, sqlite:///mlflow.db)")),
            "{}", "MLflow tracking"),
        Key("sweep", new SweepType(), null, "points to run: grid, zip and random axes over key paths"));
}

using System.Diagnostics;
using Research.Framework.Autodiff;
using Research.Framework.Data;
using Research.Framework.Evaluation;
using Research.Framework.Kernels;
using Research.Framework.Nn;
using Research.Framework.Objectives.Schedules;
using Research.Framework.Optim;
using Research.Framework.Specs;
using Research.Framework.Training;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Experiments.Runner;

/// <summary>
/// What trains one sweep point: the model, its optimizer, the batches and schedules, built from the
/// resolved spec. <see cref="TrainEpoch"/> is the training loop of one epoch over the framework's
/// <see cref="TrainingStep"/>; <see cref="Evaluate"/> scores the evaluation set.
/// The only mutable state is the parameters and the optimizer's buffers, both saved by checkpoints.
/// </summary>
public sealed class TrainingSession
{
    private readonly ExperimentSpec _spec;
    private readonly BatchSampler _sampler;
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly TrainingStep _step;
    private readonly IReadOnlyList<Tensor>? _activeUnitBatches;

    /// <param name="sharingPoints">How many points train at once in this process (<c>--parallel</c>): without
    /// <c>train.threads</c> each gets an equal share of the cores.</param>
    public TrainingSession(ExperimentSpec spec, Dataset train, Dataset evaluationData, int sharingPoints = 1)
    {
        _spec = spec;
        Threads = ThreadsFor(spec.Train, sharingPoints);
        using var threads = UseThreads();
        Device = Device.Parse(spec.Train.Device);
        EvaluationDevice = Device.Parse(spec.Eval.DeviceOr(spec.Train.Device));
        DeviceSupport.UseThreads(Device, Threads);
        // Built on the host (seeded initializers), then moved: the same seed gives the same model on every device.
        Classes = ModelFactory.Classes(spec);
        Model = (VaeModel)ModelFactory.Create(spec.Model, train.Features, RngKeys.Initialization(spec.Seed), Classes).To(Device);
        _parameters = Model.Parameters();
        Optimizer = Optimizers.Create(spec.Train.Optimizer, _parameters);
        _step = new TrainingStep(Model, Optimizer, spec.Objective, spec.Train.ClipNorm, Device);
        _sampler = new BatchSampler(train, spec.Data.BatchSize, DataSource.ParseBinarization(spec.Data.Binarize),
            RngKeys.StaticBinarization(spec.Seed), dropLast: train.Count >= spec.Data.BatchSize);
        var shape = new TrainingShape(StepsPerEpoch, spec.Train.Epochs);
        KlSchedule = KlSchedules.Create(spec.Objective.KlSchedule, shape);
        LearningRateSchedule = LrSchedules.Create(spec.Train.LrSchedule, shape, spec.Train.Optimizer.GetDouble("lr"));
        EvaluationData = evaluationData;
        EvaluationBatches = DataSource.Batches(evaluationData, spec.Eval.BatchSize);
        var activeUnitData = DataSource.ActiveUnitData(spec, train);
        _activeUnitBatches = activeUnitData is { } images ? DataSource.Batches(images, spec.Eval.BatchSize) : null;
        GroundTruth = Classes == 0 ? DatasetDeclaration.Of(spec.Data).GroundTruth : null;
        if (Classes > 0)
        {
            _trainLabels = DataSource.Labels(train, Classes);
            _batchLabels = Tensor.Empty(new Shape(_sampler.BatchSize, Classes)); // persistent: made outside any scope
            EvaluationLabels = DataSource.LabelBatches(evaluationData, Classes, spec.Eval.BatchSize);
            _activeUnitLabels = activeUnitData is { } au ? DataSource.LabelBatches(au, Classes, spec.Eval.BatchSize) : null;
        }
    }

    private readonly int[]? _trainLabels;
    private readonly Tensor? _batchLabels;
    private readonly IReadOnlyList<Tensor>? _activeUnitLabels;

    /// <summary>The label classes a conditional model reads as one-hot columns (0: unconditional).</summary>
    public int Classes { get; }

    /// <summary>For a conditional model, the one-hot labels of each of <see cref="EvaluationBatches"/> (null otherwise).</summary>
    public IReadOnlyList<Tensor>? EvaluationLabels { get; }

    /// <summary>The one-hot labels of a training batch's rows (null for an unconditional model); reused by the next batch.</summary>
    private Tensor? BatchLabels(ReadOnlyMemory<int> indices)
    {
        if (_trainLabels is null || _batchLabels is null) return null;
        var rows = indices.Span;
        var values = _batchLabels.Data[..(rows.Length * Classes)];
        values.Clear();
        for (var i = 0; i < rows.Length; i++) values[i * Classes + _trainLabels[rows[i]]] = 1f;
        return rows.Length == _sampler.BatchSize ? _batchLabels : Tensor.FromArray(values, new Shape(rows.Length, Classes));
    }

    /// <summary>
    /// The process that generated the data from known factors (dSprites), for the disentanglement metrics and
    /// factor figures; null for natural data and for a conditional model (its code needs the label, which the
    /// factor draws do not give: auto skips the metrics, Preflight refuses end/every_eval).
    /// </summary>
    public GroundTruthProcess? GroundTruth { get; }

    /// <summary>Whether the disentanglement metrics run with an evaluation (<c>eval.disentanglement.when</c>); <paramref name="last"/>: the point's final one.</summary>
    public bool DisentanglesAfter(bool last) =>
        _spec.Eval.DisentanglementOrDefault.RunsAt(last, hasFactors: GroundTruth is not null);

    /// <summary>
    /// The disentanglement metrics of the posterior mean (<see cref="DisentanglementResult.Compute"/>) on the evaluation device,
    /// with the same factor draws at every epoch (<see cref="RngKeys.Disentanglement"/>).
    /// </summary>
    public DisentanglementResult Disentangle()
    {
        if (GroundTruth is null) throw new InvalidOperationException($"{_spec.Data.Dataset.Name} has no ground-truth factors to score disentanglement against.");
        using var threads = UseThreads();
        return DisentanglementResult.Compute(ModelForEvaluation(), GroundTruth, DisentanglementOptionsFor(_spec.Eval.DisentanglementOrDefault),
            RngKeys.Disentanglement(_spec.Seed));
    }

    /// <summary>The metric sizes of <c>eval.disentanglement</c>.</summary>
    public static DisentanglementOptions DisentanglementOptionsFor(DisentanglementSpec d) =>
        new(d.BatchSize, d.TrainPoints, d.EvalPoints, d.VarianceSamples, d.Samples, d.TestSamples, d.Bins);

    /// <summary>
    /// The threads this point's ops use (train.threads, else an equal share of the cores): set on the
    /// calling thread by every method of the session, never process-wide.
    /// </summary>
    public int Threads { get; }

    /// <summary>train.threads when set, else the cores divided among <paramref name="sharingPoints"/> points (at least one).</summary>
    public static int ThreadsFor(TrainSpec train, int sharingPoints) =>
        train.Threads > 0 ? train.Threads : Math.Max(1, Environment.ProcessorCount / Math.Max(1, sharingPoints));

    /// <summary>Makes the kernels called on this thread use <see cref="Threads"/> until disposed (for work on the session's model outside its methods, e.g. figures).</summary>
    public ThreadCountScope UseThreads() => ThreadTeam.Use(Threads);

    /// <summary>Where the model trains (train.device).</summary>
    public Device Device { get; }

    /// <summary>Where it is evaluated (eval.device, by default the training device).</summary>
    public Device EvaluationDevice { get; }

    public VaeModel Model { get; }
    public Optimizer Optimizer { get; }
    public IKlSchedule KlSchedule { get; }
    public ILearningRateSchedule LearningRateSchedule { get; }
    public Dataset EvaluationData { get; }
    public IReadOnlyList<Tensor> EvaluationBatches { get; }
    public int StepsPerEpoch => _sampler.BatchesPerEpoch;
    public long TotalSteps => (long)StepsPerEpoch * _spec.Train.Epochs;

    /// <summary>
    /// Trains one epoch (1-based) starting at global step <paramref name="step"/>. Returns the
    /// epoch's averages, or the reason training must stop when the loss is NaN or infinite (the
    /// parameters are then left as they were before the bad step).
    /// </summary>
    public EpochOutcome TrainEpoch(int epoch, long step, Action<int, StepResult>? onStep, CancellationToken cancel)
    {
        using var threads = UseThreads();
        var clock = Stopwatch.StartNew();
        var noise = RngKeys.EpochNoise(_spec.Seed, epoch);
        var sums = new TrainSums();
        double klWeight = 0, lr = 0;
        foreach (var (x, indices) in _sampler.Epoch(RngKeys.EpochData(_spec.Seed, epoch)))
        {
            cancel.ThrowIfCancellationRequested();
            klWeight = KlSchedule.Weight(step);
            lr = LearningRateSchedule.LearningRate(step);
            var result = _step.Take(x, klWeight, lr, noise, BatchLabels(indices));
            if (!result.IsFinite)
                return EpochOutcome.Failed($"non-finite loss ({result.Loss}) at epoch {epoch}, step {step}");
            sums.Add(result, x.Rows);
            step++;
            onStep?.Invoke(sums.Batches, result);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return EpochOutcome.Trained(sums.ToLog(epoch, step, klWeight, lr, seconds));
    }

    /// <summary>Scores the evaluation set after <paramref name="epoch"/> (importance-sampled log p(x), ELBO, KL, active units).</summary>
    public EvaluationResult Evaluate(int epoch, CancellationToken cancel = default, Action<int, int>? evaluated = null)
    {
        using var threads = UseThreads();
        return Evaluator.Evaluate(ModelForEvaluation(), EvaluationBatches, EvaluationOptionsFor(_spec, _spec.Eval.NllK), RngKeys.Evaluation(_spec.Seed, epoch),
            _activeUnitBatches, cancel, evaluated, EvaluationLabels, _activeUnitLabels);
    }

    private VaeModel? _evaluationCopy;

    /// <summary>The trained model, or (when eval.device differs from train.device) a copy of its current parameters on the evaluation device.</summary>
    private VaeModel ModelForEvaluation()
    {
        if (EvaluationDevice == Device) return Model;
        _evaluationCopy ??= (VaeModel)ModelFactory.Create(_spec.Model, EvaluationData.Features, RngKeys.Initialization(_spec.Seed), Classes).To(EvaluationDevice);
        foreach (var (target, source) in _evaluationCopy.Parameters().Zip(_parameters)) target.CopyFrom(source.ToArray());
        return _evaluationCopy;
    }

    /// <summary>Importance samples drawn at once per data point: bounds memory to one chunk whatever K is.</summary>
    public const int ChunkSize = 500;

    /// <summary>The evaluation settings of a spec with K importance samples (training-time evaluation and `research eval`).</summary>
    public static EvaluationOptions EvaluationOptionsFor(ExperimentSpec spec, int k) =>
        new(ImportanceSamples: k, Chunk: Math.Min(k, ChunkSize), ActiveThreshold: spec.Eval.ActiveUnitsThreshold);
}

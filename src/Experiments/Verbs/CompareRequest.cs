namespace Research.Experiments.Verbs;

/// <summary>What `research compare` was asked to do.</summary>
/// <param name="Experiment">The MLflow experiment's name.</param>
/// <param name="Format">"markdown" or "csv".</param>
/// <param name="SortMetric">Sort the runs by this metric's final value; null: newest run first.</param>
/// <param name="Descending">Largest value first (for log-likelihoods and bounds).</param>
/// <param name="FigurePath">Where to write the comparison figure (PNG, or SVG for a path ending in .svg); "" for compare-&lt;experiment&gt;.png; null for none.</param>
/// <param name="ParentRun">Only the points of this sweep: the children of the run with this id (or a unique prefix of it); null for every run.</param>
public sealed record CompareRequest(
    string Experiment,
    string? TrackingUri = null,
    string Format = "markdown",
    string? SortMetric = null,
    bool Descending = false,
    string? FigurePath = null,
    string? ParentRun = null);

namespace Research.Framework.Specs;

/// <summary>The <c>objective:</c> section.</summary>
public sealed record ObjectiveSpec(
    ComponentSpec Kind,
    int K,
    double Beta,
    double FreeBits,
    int FreeBitsGroups,
    ComponentSpec KlSchedule,
    bool AnalyticKl,
    int M = 1,
    double CiwaeBeta = 0.5,
    string Estimator = "standard");

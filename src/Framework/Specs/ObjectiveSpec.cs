namespace Research.Framework.Specs;

/// <summary>The <c>objective:</c> section.</summary>
public sealed record ObjectiveSpec(
    ComponentSpec Kind,
    int K,
    double Beta,
    double FreeBits,
    int FreeBitsGroups,
    ComponentSpec KlSchedule,
    bool AnalyticKl);

namespace Research.Experiments.Runner;

/// <summary>How reports name the test log-likelihood: a conditional model (CVAE) is scored by log p(x|y).</summary>
public static class LikelihoodName
{
    public static string Of(bool conditional) => conditional ? "log p(x|y)" : "log p(x)";
}

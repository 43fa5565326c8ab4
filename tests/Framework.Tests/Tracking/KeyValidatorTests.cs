using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class KeyValidatorTests
{
    [TestCase("loss")]
    [TestCase("train/loss")]
    [TestCase("objective.kl_schedule.linear.warmup_epochs")]
    [TestCase("eval nll-5000")]
    [TestCase("time:epoch")]
    [TestCase("mlflow.parentRunId")]
    public void Problem_ValidKey_IsNull(string key) => Assert.That(KeyValidator.Problem(key), Is.Null);

    [TestCase("..", "..")]
    [TestCase("../x", "..")]
    [TestCase("..x", "..")]
    [TestCase("a/../../b", "..")]
    [TestCase("/root", "relative")]
    [TestCase("a//b", "//")]
    [TestCase("a/./b", "'.'")]
    [TestCase(".", "'.'")]
    [TestCase("a/", "//")]
    [TestCase("", "empty")]
    [TestCase("a\\b", "may only contain")]
    [TestCase("x*y", "may only contain")]
    [TestCase("tab\tkey", "may only contain")]
    public void Problem_InvalidKey_SaysWhy(string key, string reason) =>
        Assert.That(KeyValidator.Problem(key), Does.Contain(reason));

    [Test]
    public void Problem_KeyOf251Characters_IsTooLong()
    {
        Assert.That(KeyValidator.Problem(new string('k', 250)), Is.Null);
        Assert.That(KeyValidator.Problem(new string('k', 251)), Does.Contain("250"));
    }

    [Test]
    public void Problem_ColonOnWindows_IsRefused() =>
        Assert.That(KeyValidator.Problem("a:b", windows: true), Does.Contain("may only contain"));

    [Test]
    public void Validate_InvalidKey_ThrowsInvalidParameterValueNamingTheKind()
    {
        var error = Assert.Throws<TrackingException>(() => KeyValidator.Validate("../x", "param"));
        Assert.That(error!.ErrorCode, Is.EqualTo(MlflowErrorCodes.InvalidParameterValue));
        Assert.That(error.Message, Does.StartWith("Invalid param key '../x'"));
    }
}

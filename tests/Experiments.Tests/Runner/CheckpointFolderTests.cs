using Research.Experiments.Runner;

namespace Research.Experiments.Tests.Runner;

public class CheckpointFolderTests
{
    [TestCase("../../evil", "_.._evil")]
    [TestCase("/etc/cron.d", "_etc_cron.d")]
    [TestCase("..", "experiment")]
    [TestCase("", "experiment")]
    [TestCase("iwae-k5.v2_final", "iwae-k5.v2_final")]
    [TestCase("a b\\c:d", "a_b_c_d")]
    public void SafeName_AnyName_KeepsOnlySafeCharacters(string name, string expected)
    {
        Assert.That(CheckpointFolder.SafeName(name), Is.EqualTo(expected));
    }

    [TestCase("../../evil")]
    [TestCase("/tmp/absolute")]
    public void Of_HostileName_StaysUnderTheRoot(string name)
    {
        var root = Path.GetFullPath("ckpt-root");

        var folder = Path.GetFullPath(CheckpointFolder.Of(root, name));

        Assert.That(Path.GetDirectoryName(folder), Is.EqualTo(root));
    }
}

using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class CrossProcessLockTests
{
    [Test]
    public void Acquire_WhileHeld_WaitsThenTimesOut_AfterRelease_Succeeds()
    {
        var dir = Directory.CreateTempSubdirectory("lock").FullName;
        try
        {
            var path = Path.Combine(dir, ".lock");
            using (CrossProcessLock.Acquire(path, TimeSpan.FromSeconds(5)))
            {
                var error = Assert.Throws<TrackingException>(() => CrossProcessLock.Acquire(path, TimeSpan.FromMilliseconds(100)));
                Assert.That(error!.Message, Does.Contain("Timed out"));
            }
            using (CrossProcessLock.Acquire(path, TimeSpan.FromMilliseconds(100))) { }
            Assert.That(File.Exists(path), Is.True, "the lock file stays: deleting it would let two holders lock two files");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

namespace Research.Framework.Tracking;

/// <summary>
/// An exclusive lock shared by processes: a lock file opened with <see cref="FileShare.None"/>
/// (an advisory <c>flock</c> on Unix, a share-mode lock on Windows). The file is left in place:
/// deleting it would let two holders lock two different files.
/// </summary>
internal sealed class CrossProcessLock : IDisposable
{
    private readonly FileStream _stream;

    private CrossProcessLock(FileStream stream) => _stream = stream;

    public static CrossProcessLock Acquire(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delayMs = 2;
        while (true)
        {
            try
            {
                return new CrossProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(delayMs, 2 * delayMs));
                delayMs = Math.Min(delayMs * 2, 50);
            }
            catch (IOException e)
            {
                throw new TrackingException(null, $"Timed out after {timeout.TotalSeconds:0.#} s waiting for the lock file '{path}' held by another process.", inner: e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}

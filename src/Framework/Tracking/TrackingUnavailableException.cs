namespace Research.Framework.Tracking;

/// <summary>
/// The tracking server could not be reached (connection refused, timeouts, 429/5xx after every retry).
/// At the start of a run this should stop the run before training; later, the REST store keeps the
/// data it could not send and retries on the next call or on flush.
/// </summary>
public sealed class TrackingUnavailableException(string message, Exception? inner = null)
    : TrackingException(MlflowErrorCodes.TemporarilyUnavailable, message, null, inner);

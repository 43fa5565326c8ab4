namespace Research.Framework.Tracking;

/// <summary>
/// A tracking operation was refused: an invalid key, a changed param, a missing run or experiment,
/// or an error answered by the server. <see cref="ErrorCode"/> is MLflow's code where there is one
/// (see <see cref="MlflowErrorCodes"/>); <see cref="HttpStatus"/> is set for REST answers.
/// </summary>
public class TrackingException : Exception
{
    public TrackingException(string? errorCode, string message, int? httpStatus = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = errorCode;
        HttpStatus = httpStatus;
    }

    public string? ErrorCode { get; }
    public int? HttpStatus { get; }
}

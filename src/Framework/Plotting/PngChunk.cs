namespace Research.Framework.Plotting;

/// <summary>One chunk of a PNG file as read: its four-letter type, data, stored CRC and whether that CRC matches.</summary>
public sealed record PngChunk(string Type, byte[] Data, uint Crc, bool CrcMatches);

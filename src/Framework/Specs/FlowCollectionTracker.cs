using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Research.Framework.Specs;

/// <summary>
/// A YAML parser that remembers where the flow collections (<c>{ ... }</c>, <c>[ ... ]</c>) still
/// open were opened, so an unclosed one is reported where the user wrote its bracket instead of
/// at the end of the file where the scanner gave up.
/// </summary>
internal sealed class FlowCollectionTracker(IParser inner) : IParser
{
    private readonly Stack<(char Bracket, Mark Start)> _open = new();

    public ParsingEvent? Current => inner.Current;

    /// <summary>The innermost flow collection not closed yet, if any.</summary>
    public (char Bracket, Mark Start)? Innermost => _open.Count > 0 ? _open.Peek() : null;

    public bool MoveNext()
    {
        var moved = inner.MoveNext();
        switch (inner.Current)
        {
            case MappingStart { Style: MappingStyle.Flow } m:
                _open.Push(('{', m.Start));
                break;
            case SequenceStart { Style: SequenceStyle.Flow } s:
                _open.Push(('[', s.Start));
                break;
            // Inside a flow collection everything is flow, so any end closes the innermost one.
            case MappingEnd or SequenceEnd when _open.Count > 0:
                _open.Pop();
                break;
        }
        return moved;
    }
}

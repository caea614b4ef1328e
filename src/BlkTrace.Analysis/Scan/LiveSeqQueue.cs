namespace BlkTrace.Analysis.Scan;

/// <summary>
/// The oldest outstanding request of one kind (writes, or barriers) on one ring, in O(1) amortised:
/// requests are pushed in <c>seq</c> order, so the oldest live one is the first entry not yet
/// answered. Answered entries are dropped lazily from the front, and the queue is compacted when
/// dead entries outnumber live ones, so memory follows the number in flight.
/// </summary>
internal sealed class LiveSeqQueue
{
    private Item[] _items = new Item[64];
    private int _head;
    private int _count;
    private int _live;

    public void Push(InFlightTable table, int index, long serial, long reqSeq)
    {
        if (_count == _items.Length)
        {
            if (_live * 2 < _count)
            {
                Compact(table);
            }

            if (_count == _items.Length)
            {
                Resize(_items.Length * 2);
            }
        }

        _items[(_head + _count) % _items.Length] = new Item(index, serial, reqSeq);
        _count++;
        _live++;
    }

    /// <summary>Call when one of the pushed requests is answered.</summary>
    public void Answered() => _live--;

    /// <summary>The oldest request still in flight, if any.</summary>
    public bool TryOldest(InFlightTable table, out int index, out long reqSeq)
    {
        while (_count > 0)
        {
            var item = _items[_head];
            if (table.IsLive(item.Index, item.Serial))
            {
                index = item.Index;
                reqSeq = item.ReqSeq;
                return true;
            }

            _head = (_head + 1) % _items.Length;
            _count--;
        }

        index = -1;
        reqSeq = 0;
        return false;
    }

    private void Compact(InFlightTable table)
    {
        int k = 0;
        var fresh = new Item[_items.Length];
        for (int i = 0; i < _count; i++)
        {
            var item = _items[(_head + i) % _items.Length];
            if (table.IsLive(item.Index, item.Serial))
            {
                fresh[k++] = item;
            }
        }

        _items = fresh;
        _head = 0;
        _count = k;
        _live = k;
    }

    private void Resize(int size)
    {
        var fresh = new Item[size];
        for (int i = 0; i < _count; i++)
        {
            fresh[i] = _items[(_head + i) % _items.Length];
        }

        _items = fresh;
        _head = 0;
    }

    private readonly record struct Item(int Index, long Serial, long ReqSeq);
}

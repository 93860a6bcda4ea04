namespace Portal.Web.Features.Uploads;

/// <summary>
/// A first-come, first-served queue with a fixed number of slots: at most that many uploaded files are read at
/// once in the process. Waiters are told how many uploads are ahead of them whenever that changes.
/// </summary>
public sealed class ImportQueue
{
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private readonly int _slots;
    private int _running;

    public ImportQueue(int slots) => _slots = Math.Max(1, slots);

    private static ImportQueue? _shared;

    /// <summary>The process-wide queue (its size is fixed by the first caller's options).</summary>
    public static ImportQueue Shared(int slots)
    {
        if (_shared is { } queue) return queue;
        Interlocked.CompareExchange(ref _shared, new ImportQueue(slots), null);
        return _shared;
    }

    public int Slots => _slots;
    public int Running { get { lock (_gate) return _running; } }
    public int Waiting { get { lock (_gate) return _waiting.Count; } }

    private sealed class Waiter(Action<int>? onAhead)
    {
        public readonly TaskCompletionSource Ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly Action<int>? OnAhead = onAhead;
    }

    /// <summary>
    /// Waits for a slot; dispose the result to give it back. <paramref name="onAhead"/> hears how many uploads must
    /// finish (or start) before this one starts: called on joining the queue and whenever the number falls.
    /// </summary>
    public async Task<IDisposable> EnterAsync(Action<int>? onAhead = null, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Waiter waiter;
        LinkedListNode<Waiter> node;
        int ahead;
        lock (_gate)
        {
            if (_running < _slots && _waiting.Count == 0)
            {
                _running++;
                return new Slot(this);
            }
            waiter = new Waiter(onAhead);
            node = _waiting.AddLast(waiter);
            ahead = _waiting.Count;
        }
        Notify(waiter, ahead);
        await using (ct.Register(() => Leave(node, ct)))
        {
            await waiter.Ready.Task;
        }
        return new Slot(this);
    }

    private void Leave(LinkedListNode<Waiter> node, CancellationToken ct)
    {
        lock (_gate)
        {
            if (node.List is null) return; // already given a slot
            _waiting.Remove(node);
        }
        node.Value.Ready.TrySetCanceled(ct);
        NotifyAll();
    }

    private void Release()
    {
        Waiter? next = null;
        lock (_gate)
        {
            if (_waiting.First is { } first)
            {
                _waiting.RemoveFirst();
                next = first.Value; // the slot passes straight to it
            }
            else _running--;
        }
        next?.Ready.TrySetResult();
        NotifyAll();
    }

    private void NotifyAll()
    {
        List<(Waiter, int)> all;
        lock (_gate)
        {
            all = new List<(Waiter, int)>(_waiting.Count);
            var position = 1;
            foreach (var w in _waiting) all.Add((w, position++));
        }
        foreach (var (w, ahead) in all) Notify(w, ahead);
    }

    private static void Notify(Waiter waiter, int ahead)
    {
        try { waiter.OnAhead?.Invoke(ahead); }
        catch (Exception) { /* a listener's failure (a closed page) must not stop the queue */ }
    }

    private sealed class Slot(ImportQueue queue) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) queue.Release();
        }
    }
}

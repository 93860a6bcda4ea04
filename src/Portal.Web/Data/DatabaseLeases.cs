using Microsoft.EntityFrameworkCore;

namespace Portal.Web.Data;

/// <summary>
/// Leases in the database (<see cref="DatabaseLease"/>) for work that must run in one portal instance at a time, whichever
/// instance it is: the snapshot's recount, an import's commit, the scheduler where Quartz cannot cluster. A lease is taken
/// by one conditional UPDATE (free, expired, or already this holder's), or by the INSERT of its row the first time; the
/// database decides between two instances racing for it. A holder that dies loses it when it expires.
/// </summary>
public sealed class DatabaseLeases(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    internal TimeProvider Clock => clock;

    /// <summary>This process, as a lease holder and in the send log.</summary>
    public static readonly string ThisInstance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How long a held lease lasts without renewal (a holder renews it every third of this).</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);

    /// <summary>Takes or renews <paramref name="name"/> for <paramref name="holder"/>; false when another holder has it.</summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        var taken = await db.DatabaseLeases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1) return true;
        if (await db.DatabaseLeases.AnyAsync(l => l.Name == name, ct)) return false;
        db.DatabaseLeases.Add(new DatabaseLease { Name = name, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // another instance inserted it first
        }
    }

    /// <summary>Gives the lease back (only if <paramref name="holder"/> still holds it).</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var past = DateTime.UnixEpoch;
        await db.DatabaseLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, past), ct);
    }

    /// <summary>Who holds <paramref name="name"/> now, if anyone.</summary>
    public async Task<string?> HolderAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.DatabaseLeases.Where(l => l.Name == name && l.ExpiresAt >= now).Select(l => l.Holder).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Waits until <paramref name="name"/> is free, takes it, and keeps renewing it until the result is disposed, which
    /// gives it back. <paramref name="waiting"/> hears once that another instance holds it.
    /// </summary>
    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken ct = default, Action? waiting = null, TimeSpan? duration = null)
    {
        var length = duration ?? DefaultDuration;
        var holder = $"{ThisInstance}/{Guid.NewGuid().ToString("N")[..8]}";
        var told = false;
        while (!await TryAcquireAsync(name, holder, length, ct))
        {
            if (!told) { waiting?.Invoke(); told = true; }
            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
        return new Held(this, name, holder, length);
    }

    private sealed class Held : IAsyncDisposable
    {
        private readonly DatabaseLeases _leases;
        private readonly string _name, _holder;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public Held(DatabaseLeases leases, string name, string holder, TimeSpan length)
        {
            (_leases, _name, _holder) = (leases, name, holder);
            _renewing = RenewAsync(length / 3, length, _stop.Token);
        }

        private async Task RenewAsync(TimeSpan every, TimeSpan length, CancellationToken ct)
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    await Task.Delay(every, _leases.Clock, ct);
                    await _leases.TryAcquireAsync(_name, _holder, length, ct);
                }
            }
            catch (OperationCanceledException) { }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            await _leases.ReleaseAsync(_name, _holder, CancellationToken.None);
        }
    }
}

/// <summary>The names of the portal's leases.</summary>
public static class LeaseNames
{
    /// <summary>The compliance snapshot's recount (whole state or marked districts).</summary>
    public const string Snapshot = "snapshot";
    /// <summary>An upload's commit (every kind): one at a time across instances, so none reads rows another is changing.</summary>
    public const string ImportCommit = "import-commit";
    /// <summary>Running the Quartz scheduler, where the job store cannot cluster (SQLite).</summary>
    public const string Scheduler = "scheduler";
}

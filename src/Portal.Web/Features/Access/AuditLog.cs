using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Access;

/// <summary>
/// Where the current work comes from (<see cref="AuditChannels.Web"/> unless a command-line verb said otherwise). It is
/// ambient rather than injected because audit entries are written by services built in many ways (DI, tests, static
/// seeders); an <see cref="AsyncLocal{T}"/> keeps a command-line run in a test process from marking the web requests
/// running beside it.
/// </summary>
public static class AuditChannel
{
    private static readonly AsyncLocal<string?> Ambient = new();

    public static string Current => Ambient.Value ?? AuditChannels.Web;

    /// <summary>Marks everything audited in this async flow (and the tasks it starts) as coming from <paramref name="channel"/>.</summary>
    public static IDisposable Use(string channel)
    {
        var previous = Ambient.Value;
        Ambient.Value = channel;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}

/// <summary>
/// The one way to write the audit trail. <see cref="Entry"/> makes an entry (time, channel, details cut to the column's
/// size) for a service to save in the same transaction as the change it records; <see cref="WriteAsync"/> saves one on
/// its own (views and exports, which change nothing else).
/// </summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The size of <see cref="AuditEntry.Details"/> in the database.</summary>
    public const int MaxDetails = 2000;

    public static AuditEntry Entry(DateTime at, string actor, string action, string? details) => new()
    {
        At = at,
        Actor = actor.Length > 254 ? actor[..254] : actor,
        Action = action,
        Details = details is { Length: > MaxDetails } ? details[..(MaxDetails - 1)] + "…" : details,
        Channel = AuditChannel.Current,
    };

    public async Task WriteAsync(string actor, string action, string? details, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        db.AuditEntries.Add(Entry(clock.GetUtcNow().UtcDateTime, actor, action, details));
        await db.SaveChangesAsync(ct);
    }
}

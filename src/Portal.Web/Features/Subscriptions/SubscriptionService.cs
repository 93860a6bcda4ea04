using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Scheduling;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Features.Subscriptions;

/// <summary>What the subscriptions page asks for when a subscription is made.</summary>
public sealed record SubscriptionRequest(string Kind, string Title, string View, SubscriptionFrequency Frequency, DayOfWeek? DayOfWeek,
    int? DayOfMonth, TimeOnly Time, string? RecipientLogin = null);

/// <summary>A subscription as the page lists it, with its last send and its recent failures.</summary>
public sealed record SubscriptionRow(int Id, string Title, string ReportName, string View, string Recipient, string Schedule, bool Paused,
    DateTimeOffset? NextDue, SubscriptionSend? LastSend, int FailuresLast30Days, string? LastFailure);

public sealed class SubscriptionRefusedException(string message) : Exception(message);

/// <summary>
/// Subscriptions as readers manage them: a reader subscribes themselves and sees and changes their own; a StateAdmin may
/// subscribe anyone and sees and changes everyone's. The user's role is read from the database at each call.
/// </summary>
public sealed class SubscriptionService(IDbContextFactory<PortalDbContext> dbFactory, AccessService access, ScheduledReports reports,
    SubscriptionSchedule schedule, AuditLog audit, TimeProvider clock)
{
    public const int MaxDayOfMonth = 28;

    public IReadOnlyList<IScheduledReport> KindsFor(SignedInUser user) => reports.All.Where(k => k.MayReceive(user)).ToList();

    public async Task<IReadOnlyList<SubscriptionRow>> ListAsync(SignedInUser caller, CancellationToken ct = default)
    {
        var user = await FreshAsync(caller, ct);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var query = db.ReportSubscriptions.AsNoTracking().Include(s => s.Recipient).AsQueryable();
        if (!user.IsStateAdmin) query = query.Where(s => s.RecipientUserId == user.Id);
        var subscriptions = await query.OrderBy(s => s.Recipient.LoginName).ThenBy(s => s.Title).ToListAsync(ct);
        var ids = subscriptions.Select(s => s.Id).ToList();
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var sends = await db.SubscriptionSends.AsNoTracking().Where(x => ids.Contains(x.SubscriptionId) && x.At >= since)
            .OrderByDescending(x => x.At).ThenByDescending(x => x.Id).ToListAsync(ct);
        // The last send that came to something (an attempt being made now is not an outcome yet).
        var last = await db.SubscriptionSends.AsNoTracking().Where(x => ids.Contains(x.SubscriptionId) && x.Outcome != SendOutcome.Sending)
            .GroupBy(x => x.SubscriptionId).Select(g => g.OrderByDescending(x => x.Id).First()).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return subscriptions.Select(s =>
        {
            var report = reports.Find(s.Kind);
            var failures = sends.Where(x => x.SubscriptionId == s.Id && x.Outcome is SendOutcome.Failed or SendOutcome.GaveUp).ToList();
            return new SubscriptionRow(s.Id, s.Title, report?.Name ?? s.Kind, report?.Describe(s.View) ?? s.View, s.Recipient.LoginName,
                ScheduleText(s), s.Paused, s.Paused ? null : SubscriptionSchedule.NextAfter(s, now),
                last.FirstOrDefault(x => x.SubscriptionId == s.Id), failures.Count, failures.FirstOrDefault()?.Message);
        }).ToList();
    }

    public static string ScheduleText(ReportSubscription s)
    {
        var time = $"{s.MinuteOfDay / 60:00}:{s.MinuteOfDay % 60:00} IST";
        return s.Frequency == SubscriptionFrequency.Weekly ? $"Every {s.DayOfWeek ?? DayOfWeek.Monday}, {time}" : $"Monthly on day {s.DayOfMonth ?? 1}, {time}";
    }

    public async Task<ReportSubscription> CreateAsync(SignedInUser caller, SubscriptionRequest request, CancellationToken ct = default)
    {
        var user = await FreshAsync(caller, ct);
        var recipient = user;
        if (!string.IsNullOrWhiteSpace(request.RecipientLogin) && !string.Equals(request.RecipientLogin.Trim(), user.LoginName, StringComparison.OrdinalIgnoreCase))
        {
            if (!user.IsStateAdmin) throw new SubscriptionRefusedException("Only a state admin can subscribe someone else.");
            recipient = await access.FindByLoginAsync(request.RecipientLogin, ct)
                ?? throw new SubscriptionRefusedException($"No active portal user '{request.RecipientLogin.Trim()}'.");
        }
        var report = reports.Find(request.Kind) ?? throw new SubscriptionRefusedException("Choose a report.");
        if (!report.MayReceive(recipient)) throw new SubscriptionRefusedException($"{recipient.LoginName} may not receive the {report.Name}.");
        if (report.Check(request.View) is { } problem) throw new SubscriptionRefusedException(problem);
        if (request.Frequency == SubscriptionFrequency.Monthly && request.DayOfMonth is not (>= 1 and <= MaxDayOfMonth))
            throw new SubscriptionRefusedException($"Choose a day of the month from 1 to {MaxDayOfMonth}.");
        var title = string.IsNullOrWhiteSpace(request.Title) ? report.Name : request.Title.Trim();

        var subscription = new ReportSubscription
        {
            Kind = report.Kind, Title = title.Length > 200 ? title[..200] : title, View = request.View.Trim(),
            RecipientUserId = recipient.Id, CreatedBy = user.LoginName, CreatedAt = clock.GetUtcNow().UtcDateTime,
            Frequency = request.Frequency,
            DayOfWeek = request.Frequency == SubscriptionFrequency.Weekly ? request.DayOfWeek ?? DayOfWeek.Monday : null,
            DayOfMonth = request.Frequency == SubscriptionFrequency.Monthly ? request.DayOfMonth : null,
            MinuteOfDay = request.Time.Hour * 60 + request.Time.Minute,
            UnsubscribeToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
            // The mail is built later with nobody reading: it is written in the language of the page it was ordered from.
            Language = PortalLanguages.IsHindi(CultureInfo.CurrentUICulture) ? PortalLanguages.Hindi : PortalLanguages.English,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct))
        {
            db.ReportSubscriptions.Add(subscription);
            await db.SaveChangesAsync(ct);
        }
        await schedule.ApplyAsync(subscription, subscription.Id, ct);
        await audit.WriteAsync(user.LoginName, AuditActions.SubscriptionCreated,
            $"#{subscription.Id} {report.Name} ({report.Describe(subscription.View)}) for {recipient.LoginName}, {ScheduleText(subscription)}", ct);
        return subscription;
    }

    public async Task SetPausedAsync(SignedInUser caller, int id, bool paused, CancellationToken ct = default)
    {
        var user = await FreshAsync(caller, ct);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var subscription = await FindMineAsync(db, user, id, ct);
        subscription.Paused = paused;
        await db.SaveChangesAsync(ct);
        await schedule.ApplyAsync(subscription, id, ct);
        await audit.WriteAsync(user.LoginName, AuditActions.SubscriptionChanged, $"#{id} {(paused ? "paused" : "resumed")}", ct);
    }

    public async Task DeleteAsync(SignedInUser caller, int id, CancellationToken ct = default)
    {
        var user = await FreshAsync(caller, ct);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var subscription = await FindMineAsync(db, user, id, ct);
        db.ReportSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(ct);
        await schedule.ApplyAsync(null, id, ct);
        await audit.WriteAsync(user.LoginName, AuditActions.SubscriptionDeleted, $"#{id} \"{subscription.Title}\"", ct);
    }

    /// <summary>The title of the subscription an unsubscribe link names, if it still exists.</summary>
    public async Task<string?> FindByTokenAsync(string token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        return await db.ReportSubscriptions.Where(s => s.UnsubscribeToken == token).Select(s => s.Title).SingleOrDefaultAsync(ct);
    }

    /// <summary>Deletes the subscription an unsubscribe link names (no sign-in: the token is the secret); false when there is none.</summary>
    public async Task<bool> UnsubscribeAsync(string token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var subscription = await db.ReportSubscriptions.Include(s => s.Recipient).SingleOrDefaultAsync(s => s.UnsubscribeToken == token, ct);
        if (subscription is null) return false;
        db.ReportSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(ct);
        await schedule.ApplyAsync(null, subscription.Id, ct);
        await audit.WriteAsync(subscription.Recipient.LoginName, AuditActions.SubscriptionDeleted, $"#{subscription.Id} \"{subscription.Title}\" by the e-mail's unsubscribe link", ct);
        return true;
    }

    private async Task<SignedInUser> FreshAsync(SignedInUser caller, CancellationToken ct) =>
        await access.GetUserAsync(caller.Id, ct) ?? throw new SubscriptionRefusedException("You are no longer an active portal user.");

    private static async Task<ReportSubscription> FindMineAsync(PortalDbContext db, SignedInUser user, int id, CancellationToken ct) =>
        await db.ReportSubscriptions.SingleOrDefaultAsync(s => s.Id == id && (user.IsStateAdmin || s.RecipientUserId == user.Id), ct)
        ?? throw new SubscriptionRefusedException("That subscription is not yours or no longer exists.");
}

using Microsoft.EntityFrameworkCore;

namespace Portal.Web.Data;

public enum SubscriptionFrequency { Weekly = 1, Monthly = 2 }

/// <summary>
/// A reader's standing order for a report by e-mail. The report is always built in the recipient's own scope as it is
/// at send time (never the creator's): the subscription holds only which report, which view of it, and when.
/// </summary>
public class ReportSubscription
{
    public const int MaxViewLength = 1000;

    public int Id { get; set; }
    /// <summary>The report kind's name (<c>IScheduledReport.Kind</c>), e.g. "dashboard-table" or "acr-export".</summary>
    public required string Kind { get; set; }
    /// <summary>The view's filters as a URL query: a dashboard view's query, or the ACR export's year, district and office.</summary>
    public string View { get; set; } = "";
    /// <summary>What the subscription is called on the page and in the mail's subject.</summary>
    public required string Title { get; set; }
    public int RecipientUserId { get; set; }
    public PortalUser Recipient { get; set; } = null!;
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public SubscriptionFrequency Frequency { get; set; }
    /// <summary>Weekly: the day of the week.</summary>
    public DayOfWeek? DayOfWeek { get; set; }
    /// <summary>Monthly: the day of the month (1-28, so that every month has it).</summary>
    public int? DayOfMonth { get; set; }
    /// <summary>The time of day in Indian Standard Time, in minutes after midnight.</summary>
    public int MinuteOfDay { get; set; }
    public bool Paused { get; set; }
    /// <summary>The secret of the unsubscribe link, which works without signing in.</summary>
    public required string UnsubscribeToken { get; set; }
    /// <summary>
    /// The language the mail is written in (en-IN or hi-IN): the page's language when the subscription was made, since the
    /// mail is built in the background with no reader present. Subscriptions made before it was kept are English.
    /// </summary>
    public string Language { get; set; } = DefaultLanguage;

    public const string DefaultLanguage = "en-IN";
    public const int MaxLanguageLength = 10;
}

public enum SendOutcome { Sending = 0, Sent = 1, SkippedEmpty = 2, Failed = 3, GaveUp = 4 }

/// <summary>
/// One attempt to deliver one scheduled occurrence of a subscription. (SubscriptionId, ScheduledFor, Attempt) is unique:
/// an attempt is claimed by inserting its row, so two portal instances can never both send the same occurrence.
/// </summary>
public class SubscriptionSend
{
    public long Id { get; set; }
    public int SubscriptionId { get; set; }
    /// <summary>The occurrence (UTC) this attempt delivers.</summary>
    public DateTime ScheduledFor { get; set; }
    public int Attempt { get; set; }
    public DateTime At { get; set; }
    public required string Recipient { get; set; }
    public SendOutcome Outcome { get; set; }
    public int Rows { get; set; }
    public long SizeBytes { get; set; }
    public string? Message { get; set; }
    /// <summary>Which portal instance made the attempt.</summary>
    public string? Instance { get; set; }
}

/// <summary>
/// A lease on work that must run in one portal instance at a time (the snapshot's recount, an import's commit, the
/// scheduler on SQLite): held by <see cref="Holder"/> until <see cref="ExpiresAt"/>, taken by one conditional UPDATE.
/// </summary>
public class DatabaseLease
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal static class SchedulingModel
{
    /// <summary>The subscriptions', send log's and leases' tables (called from <see cref="PortalDbContext"/>'s model).</summary>
    public static void Configure(ModelBuilder model)
    {
        model.Entity<ReportSubscription>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(50);
            e.Property(x => x.View).HasMaxLength(ReportSubscription.MaxViewLength);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(254);
            e.Property(x => x.UnsubscribeToken).HasMaxLength(64);
            e.Property(x => x.Language).HasMaxLength(ReportSubscription.MaxLanguageLength);
            e.HasIndex(x => x.UnsubscribeToken).IsUnique();
            e.HasIndex(x => x.RecipientUserId);
            e.HasOne(x => x.Recipient).WithMany().HasForeignKey(x => x.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SubscriptionSend>(e =>
        {
            e.Property(x => x.Recipient).HasMaxLength(254);
            e.Property(x => x.Message).HasMaxLength(2000);
            e.Property(x => x.Instance).HasMaxLength(200);
            e.HasIndex(x => new { x.SubscriptionId, x.ScheduledFor, x.Attempt }).IsUnique();
            e.HasOne<ReportSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<DatabaseLease>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Holder).HasMaxLength(200);
        });
    }
}

using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Scheduling;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Resources;

namespace Portal.Web.Features.Subscriptions;

/// <summary>What one delivery attempt came to; <see cref="RetryAt"/> is when to try again after a failure, if at all.</summary>
public sealed record DeliveryResult(SendOutcome? Outcome, int Rows, long SizeBytes, DateTime? RetryAt, string? Message)
{
    /// <summary>Another instance (or an earlier firing) already made this attempt: nothing was done.</summary>
    public static readonly DeliveryResult AlreadyClaimed = new(null, 0, 0, null, "already made by another instance");
}

/// <summary>
/// Delivers one occurrence of a subscription: claims the attempt (a row in the send log, unique per subscription,
/// occurrence and attempt, so no two instances send it), reads the recipient's user row and scope as they are now, builds
/// the report in that scope, skips it when empty, mails it with a summary and the unsubscribe link, and logs the outcome.
/// A failed attempt says when to retry (Scheduling:RetryMinutes); after the last one the send is given up and the
/// subscriptions page shows it.
/// </summary>
public sealed class SubscriptionDelivery(IDbContextFactory<PortalDbContext> dbFactory, AccessService access, ScheduledReports reports,
    IMailSender mail, MailOptions mailOptions, SchedulingOptions scheduling, AuditLog audit, TimeProvider clock, ILogger<SubscriptionDelivery> log)
{
    public async Task<DeliveryResult> DeliverAsync(int subscriptionId, DateTime scheduledFor, int attempt, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var subscription = await db.ReportSubscriptions.AsNoTracking().Include(s => s.Recipient).SingleOrDefaultAsync(s => s.Id == subscriptionId, ct);
        if (subscription is null || subscription.Paused) return new DeliveryResult(null, 0, 0, null, "deleted or paused");

        var send = new SubscriptionSend
        {
            SubscriptionId = subscriptionId, ScheduledFor = scheduledFor, Attempt = attempt, At = clock.GetUtcNow().UtcDateTime,
            Recipient = subscription.Recipient.LoginName, Outcome = SendOutcome.Sending, Instance = DatabaseLeases.ThisInstance,
        };
        db.SubscriptionSends.Add(send);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            log.LogInformation("Subscription {Id}'s send of {At:u} (attempt {Attempt}) was already made", subscriptionId, scheduledFor, attempt);
            return DeliveryResult.AlreadyClaimed;
        }

        DeliveryResult result;
        try
        {
            result = await BuildAndSendAsync(subscription, attempt, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Subscription {Id}: attempt {Attempt} failed", subscriptionId, attempt);
            result = Failed(attempt, 0, 0, ex.GetBaseException().Message);
        }

        send.Outcome = result.Outcome ?? SendOutcome.Failed;
        send.Rows = result.Rows;
        send.SizeBytes = result.SizeBytes;
        send.Message = result.Message is { Length: > 2000 } m ? m[..1999] + "…" : result.Message;
        send.At = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
        return result;
    }

    private DeliveryResult Failed(int attempt, int rows, long size, string message)
    {
        var retries = scheduling.Retries;
        if (attempt <= retries.Count)
            return new DeliveryResult(SendOutcome.Failed, rows, size, clock.GetUtcNow().UtcDateTime.AddMinutes(retries[attempt - 1]),
                $"{message} Trying again in {retries[attempt - 1]} minute(s).");
        return new DeliveryResult(SendOutcome.GaveUp, rows, size, null, $"{message} Gave up after {attempt} attempts.");
    }

    private async Task<DeliveryResult> BuildAndSendAsync(ReportSubscription subscription, int attempt, CancellationToken ct)
    {
        // No reader is present: the mail, its summary and the attached workbook are written in the language the subscription
        // was made in (set here, in this async method, it holds for the build and send and is undone when it returns).
        CultureInfo.CurrentUICulture = new CultureInfo(PortalLanguages.Offered.Any(l => l.Culture == subscription.Language) ? subscription.Language : PortalLanguages.English);
        // The recipient as they are now: role, active or not, and scope, from the database at this moment.
        var recipient = await access.GetUserAsync(subscription.RecipientUserId, ct);
        if (recipient is null)
            return new DeliveryResult(SendOutcome.GaveUp, 0, 0, null, "The recipient is no longer an active portal user.");
        var report = reports.Find(subscription.Kind);
        if (report is null)
            return new DeliveryResult(SendOutcome.GaveUp, 0, 0, null, $"This portal has no report of kind '{subscription.Kind}'.");
        if (!report.MayReceive(recipient))
            return new DeliveryResult(SendOutcome.GaveUp, 0, 0, null, $"A {recipient.Role} may not receive the {report.Name}.");

        using var buffer = new MemoryStream();
        var built = await report.BuildAsync(recipient, subscription.View, buffer, ct);
        if (built.IsEmpty)
        {
            log.LogInformation("Subscription {Id} skipped: nothing to send to {Recipient}", subscription.Id, recipient.LoginName);
            return new DeliveryResult(SendOutcome.SkippedEmpty, 0, 0, null, string.Join(" ", built.Summary));
        }

        var message = Compose(subscription, recipient, report, built, buffer.ToArray());
        try
        {
            await mail.SendAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Subscription {Id}: mail to {Recipient} failed (attempt {Attempt})", subscription.Id, recipient.LoginName, attempt);
            return Failed(attempt, built.Rows, buffer.Length, $"The mail server did not take the message: {ex.GetBaseException().Message}");
        }

        using (AuditChannel.Use(AuditChannels.Schedule))
            await audit.WriteAsync(recipient.LoginName, AuditActions.Export,
                $"{report.Name} by scheduled e-mail (subscription #{subscription.Id}, {report.Describe(subscription.View)}); {built.Rows:N0} rows; recipient's scope: {recipient.AuditScope}", ct);
        return new DeliveryResult(SendOutcome.Sent, built.Rows, buffer.Length, null, null);
    }

    private MimeMessage Compose(ReportSubscription subscription, SignedInUser recipient, IScheduledReport report, ScheduledReportResult built, byte[] file)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mailOptions.Sender));
        message.To.Add(new MailboxAddress(recipient.DisplayName, recipient.LoginName));
        message.Subject = $"{subscription.Title} — {IndianTime.Date(IndianTime.Today(clock))}";
        var L = SharedText.L;
        var unsubscribe = UnsubscribeLink(subscription.UnsubscribeToken);
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");

        var body = new StringBuilder()
            .AppendLine(L["Dear {0},", recipient.DisplayName]).AppendLine()
            .AppendLine(subscription.Frequency == SubscriptionFrequency.Weekly
                ? L["Your weekly report \"{0}\" ({1}) is attached as {2}.", subscription.Title, L[report.Name], built.FileName]
                : L["Your monthly report \"{0}\" ({1}) is attached as {2}.", subscription.Title, L[report.Name], built.FileName])
            .AppendLine();
        foreach (var line in built.Summary) body.AppendLine(line);
        body.AppendLine(L["Rows: {0}", IndianFormat.Number(built.Rows)]).AppendLine()
            .AppendLine(L["The report is made for your scope in the portal as it is today."])
            .AppendLine(L["To stop receiving it: {0}", unsubscribe]);

        var builder = new BodyBuilder { TextBody = body.ToString() };
        builder.Attachments.Add(built.FileName, file, ContentType.Parse(built.ContentType));
        message.Body = builder.ToMessageBody();
        return message;
    }

    public string UnsubscribeLink(string token) => $"{mailOptions.PortalBaseUrl.TrimEnd('/')}/unsubscribe/{token}";
}

using Portal.Web.Infrastructure;
using System.Globalization;
using Portal.Web.Data;
using Portal.Web.Features.Scheduling;
using Quartz;

namespace Portal.Web.Features.Subscriptions;

/// <summary>
/// A subscription's place in the Quartz schedule: one cron trigger per active subscription (its day and time in Indian
/// Standard Time) on the durable <see cref="Job"/>, and a one-off trigger for each retry. Stored in the job store, so a
/// schedule survives restarts and is seen by every instance.
/// </summary>
public sealed class SubscriptionSchedule(ISchedulerFactory? schedulers = null)
{
    public static readonly JobKey Job = new("subscription-delivery", "subscriptions");
    public const string Group = "subscriptions";
    public const string SubscriptionIdKey = "subscriptionId";
    public const string AttemptKey = "attempt";
    public const string ScheduledForKey = "scheduledFor";

    public static TriggerKey TriggerOf(int subscriptionId) => new($"subscription-{subscriptionId}", Group);

    /// <summary>The Quartz cron expression of a subscription's day and time.</summary>
    public static string CronOf(ReportSubscription s)
    {
        var (hour, minute) = (s.MinuteOfDay / 60, s.MinuteOfDay % 60);
        return s.Frequency == SubscriptionFrequency.Weekly
            ? $"0 {minute} {hour} ? * {(int)(s.DayOfWeek ?? DayOfWeek.Monday) + 1}"
            : $"0 {minute} {hour} {s.DayOfMonth ?? 1} * ?";
    }

    /// <summary>The next time (UTC) the subscription is due after <paramref name="after"/>.</summary>
    public static DateTimeOffset? NextAfter(ReportSubscription s, DateTimeOffset after)
    {
        var cron = new CronExpression(CronOf(s), IndianTime.Zone);
        return cron.GetNextValidTimeAfter(after);
    }

    /// <summary>Puts the subscription's trigger in the schedule (replacing any), or takes it out when paused or gone.</summary>
    public async Task ApplyAsync(ReportSubscription? subscription, int subscriptionId, CancellationToken ct = default)
    {
        if (schedulers is null) return;
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.UnscheduleJob(TriggerOf(subscriptionId), ct);
        if (subscription is null || subscription.Paused) return;
        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerOf(subscriptionId))
            .ForJob(Job)
            .UsingJobData(SubscriptionIdKey, subscriptionId.ToString(CultureInfo.InvariantCulture))
            .WithSchedule(CronScheduleBuilder.Create(CronOf(subscription)).InTimeZone(IndianTime.Zone))
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, ct);
    }

    /// <summary>A one-off trigger for the next attempt at an occurrence that failed.</summary>
    public async Task ScheduleRetryAsync(int subscriptionId, DateTime scheduledFor, int attempt, DateTime at, CancellationToken ct = default)
    {
        if (schedulers is null) return;
        var scheduler = await schedulers.GetScheduler(ct);
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"subscription-{subscriptionId}-{scheduledFor:yyyyMMddHHmm}-attempt-{attempt}", Group)
            .ForJob(Job)
            .UsingJobData(SubscriptionIdKey, subscriptionId.ToString(CultureInfo.InvariantCulture))
            .UsingJobData(AttemptKey, attempt.ToString(CultureInfo.InvariantCulture))
            .UsingJobData(ScheduledForKey, scheduledFor.ToString("O", CultureInfo.InvariantCulture))
            .StartAt(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)))
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, ct);
    }
}

/// <summary>
/// The Quartz job behind every subscription trigger: delivers the occurrence the trigger fired for (its scheduled time, or
/// the retried occurrence carried in the trigger's data) and, after a failure, schedules the next attempt.
/// </summary>
public sealed class SubscriptionJob(SubscriptionDelivery delivery, SubscriptionSchedule schedule, ILogger<SubscriptionJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        if (!int.TryParse(Text(data, SubscriptionSchedule.SubscriptionIdKey), out var id)) return;
        var attempt = int.TryParse(Text(data, SubscriptionSchedule.AttemptKey), out var a) ? a : 1;
        var scheduledFor = DateTime.TryParse(Text(data, SubscriptionSchedule.ScheduledForKey), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var s)
            ? DateTime.SpecifyKind(s, DateTimeKind.Utc)
            : (context.ScheduledFireTimeUtc ?? context.FireTimeUtc).UtcDateTime;
        var result = await delivery.DeliverAsync(id, scheduledFor, attempt, cancellationToken);
        if (result.RetryAt is { } retryAt)
        {
            log.LogInformation("Subscription {Id}: attempt {Attempt} failed; next at {RetryAt:u}", id, attempt, retryAt);
            await schedule.ScheduleRetryAsync(id, scheduledFor, attempt + 1, retryAt, cancellationToken);
        }
    }

    private static string? Text(JobDataMap data, string key) => data.TryGetValue(key, out var value) ? value?.ToString() : null;
}

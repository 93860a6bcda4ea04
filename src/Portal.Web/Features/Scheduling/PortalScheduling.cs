using Portal.Web.Infrastructure;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.Subscriptions;
using Portal.Web.Features.Uploads;
using Quartz;

namespace Portal.Web.Features.Scheduling;

/// <summary>The "Scheduling" configuration section.</summary>
public sealed class SchedulingOptions
{
    /// <summary>Minutes between a failed send and its next attempt; after the last, the send is given up and reported (default 1, 5, 15).</summary>
    public int[]? RetryMinutes { get; set; }

    /// <summary>The configured back-off, or the default (a configured list replaces it; the binder would merge it into a default array).</summary>
    public IReadOnlyList<int> Retries => RetryMinutes is { Length: > 0 } configured ? configured : [1, 5, 15];
    /// <summary>How often the scheduler looks for due triggers when it has none in hand (at least 1 s).</summary>
    public int IdleWaitSeconds { get; set; } = 30;
    /// <summary>When the snapshot's day is checked (a new day recounts the whole state), in Indian Standard Time.</summary>
    public string SnapshotDayCheckCron { get; set; } = "0 0/10 * * * ?";
    /// <summary>When expired upload files are deleted, in Indian Standard Time.</summary>
    public string UploadRetentionCron { get; set; } = "0 30 2 * * ?";
}

/// <summary>
/// Quartz.NET on the portal's own database (the ADO job store; its QRTZ_* tables come from the portal's migrations): the
/// subscriptions' e-mails, the snapshot's day check and the upload retention run as its jobs. On SQL Server every instance
/// runs the scheduler and Quartz's clustering fires each trigger once; on SQLite, where Quartz cannot cluster, the instance
/// holding the "scheduler" lease runs it and the others keep theirs in standby (<see cref="SchedulerLeadership"/>).
/// </summary>
public static class PortalScheduling
{
    public static readonly JobKey SnapshotDayJob = new("snapshot-day-check", "portal");
    public static readonly JobKey UploadRetentionJob = new("upload-retention", "portal");

    public static IServiceCollection AddPortalScheduling(this IServiceCollection services, IConfiguration? configuration)
    {
        var options = configuration?.GetSection("Scheduling").Get<SchedulingOptions>() ?? new SchedulingOptions();
        services.AddSingleton(options);
        // The database the portal was given (AddPortalDatabase runs first); none in a unit test's container: no scheduler there.
        if (services.LastOrDefault(d => d.ServiceType == typeof(DatabaseConnection))?.ImplementationInstance is not DatabaseConnection database)
            return services;

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "portal";
                s.IdleWaitTime = TimeSpan.FromSeconds(Math.Max(1, options.IdleWaitSeconds));
                s.DefaultTimeZone = IndianTime.Zone;
            });
            q.UsePersistentStore(store =>
            {
                database.Dialect.UseJobStore(store, database.ConnectionString);
                store.UseSystemTextJsonSerializer();
                // Job data as strings only: readable in the tables, and no type to break across versions.
                store.ConfigureStore(o => o.StoreJobDataAsStrings = true);
            });

            q.AddJob<SnapshotDayCheckJob>(j => j.WithIdentity(SnapshotDayJob).StoreDurably());
            q.AddTrigger(t => t.ForJob(SnapshotDayJob).WithIdentity("snapshot-day-check", "portal")
                .WithSchedule(CronScheduleBuilder.Create(options.SnapshotDayCheckCron).InTimeZone(IndianTime.Zone)));
            q.AddJob<UploadRetentionJob>(j => j.WithIdentity(UploadRetentionJob).StoreDurably());
            q.AddTrigger(t => t.ForJob(UploadRetentionJob).WithIdentity("upload-retention", "portal")
                .WithSchedule(CronScheduleBuilder.Create(options.UploadRetentionCron).InTimeZone(IndianTime.Zone)));
            q.AddJob<SubscriptionJob>(j => j.WithIdentity(SubscriptionSchedule.Job).StoreDurably());
        });
        // Clustered: every instance's scheduler runs. Not clustered: each starts in standby until it holds the lease.
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AutoStart = database.Dialect.SchedulerClusters;
        });
        if (!database.Dialect.SchedulerClusters)
            services.AddHostedService<SchedulerLeadership>();
        return services;
    }
}

/// <summary>Asks for a new snapshot when the latest is of an earlier day (the whole state is then recounted).</summary>
[DisallowConcurrentExecution]
public sealed class SnapshotDayCheckJob(ComplianceRefresher refresher) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await refresher.CheckTheDateAsync(cancellationToken);
}

/// <summary>Deletes upload files older than the retention period.</summary>
[DisallowConcurrentExecution]
public sealed class UploadRetentionJob(ImportFileRetention retention) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await retention.DeleteExpiredFilesAsync(cancellationToken);
}

/// <summary>
/// Where Quartz cannot cluster (SQLite): runs this instance's scheduler while it holds the "scheduler" lease, renewing it
/// every few seconds, and puts it in standby the moment it does not. A stopped or crashed holder's lease expires, and
/// another instance's scheduler takes over, firing what was missed meanwhile (Quartz's misfire handling).
/// </summary>
public sealed class SchedulerLeadership(ISchedulerFactory schedulers, DatabaseLeases leases, ILogger<SchedulerLeadership> log) : BackgroundService
{
    public static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scheduler = await schedulers.GetScheduler(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                bool held;
                try { held = await leases.TryAcquireAsync(LeaseNames.Scheduler, DatabaseLeases.ThisInstance, LeaseLength, stoppingToken); }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Could not renew the scheduler lease; the scheduler waits");
                    held = false;
                }
                if (held && scheduler.Status != SchedulerStatus.Running)
                {
                    log.LogInformation("This instance ({Instance}) now runs the scheduled jobs", DatabaseLeases.ThisInstance);
                    await scheduler.Start(stoppingToken);
                }
                else if (!held && scheduler.Status == SchedulerStatus.Running)
                {
                    log.LogWarning("Another instance runs the scheduled jobs now; this one stands by");
                    await scheduler.Standby(stoppingToken);
                }
                await Task.Delay(RenewEvery, stoppingToken);
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            if (scheduler.Status == SchedulerStatus.Running) await scheduler.Standby(CancellationToken.None);
            await leases.ReleaseAsync(LeaseNames.Scheduler, DatabaseLeases.ThisInstance, CancellationToken.None);
        }
    }
}

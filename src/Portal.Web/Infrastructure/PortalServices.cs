using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Features.Admin;
using Portal.Web.Features.Campaigns;
using Portal.Web.Features.CbPlans;
using Portal.Web.Features.Courses;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.DemoData;
using Portal.Web.Features.Progress;
using Portal.Web.Features.ReviewPack;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;
using Portal.Web.Features.Scheduling;
using Portal.Web.Features.Subscriptions;
using Portal.Web.Data;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Infrastructure;

public static class PortalServices
{
    /// <summary>The feature services, shared by the web host and the command line.</summary>
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddPortalLocalization(configuration);
        services.AddSingleton(configuration?.GetSection("Imports").Get<ImportOptions>() ?? new ImportOptions());
        services.AddSingleton(configuration?.GetSection("State").Get<StateOptions>() ?? new StateOptions());
        services.AddSingleton(configuration?.GetSection("Dashboard").Get<DashboardOptions>() ?? new DashboardOptions());
        services.AddSingleton(configuration?.GetSection("Imports").Get<ImportRetentionOptions>() ?? new ImportRetentionOptions());
        // The pipeline logs under its own name; RosterImportService makes its own one, logging under the roster's.
        services.AddTransient(sp => ActivatorUtilities.CreateInstance<UploadPipeline>(sp, sp.GetRequiredService<ILogger<UploadPipeline>>()));
        services.AddTransient<RosterImportService>();
        services.AddTransient<ProgressImportService>();
        services.AddTransient<CbPlanImportService>();
        services.AddSingleton<ImportFileRetention>();
        services.AddSingleton<AuditLog>();
        services.AddTransient<ExportAccess>();
        // One queue for the process: at most Imports:MaxConcurrentChecks files are read at once.
        services.AddSingleton(sp => ImportQueue.Shared(sp.GetRequiredService<ImportOptions>().MaxConcurrentChecks));
        services.AddSingleton(TimeProvider.System);
        services.AddTransient<DemoStateGenerator>();
        services.AddTransient<DashboardService>();
        services.AddTransient<ComplianceAggregator>();
        services.AddTransient<BreakdownService>();
        services.AddSingleton<ComplianceRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<ComplianceRefresher>());
        services.AddSingleton<SnapshotWaiter>();
        services.AddTransient<UserAdminService>();
        services.AddTransient<AliasService>();
        services.AddSingleton<CampaignCache>();
        services.AddTransient<CampaignService>();
        services.AddTransient<CourseCatalogueService>();
        services.AddTransient<WorklistService>();
        services.AddTransient<AcrRulesService>();
        services.AddTransient<AcrStatementService>();
        services.AddTransient<AcrReportService>();
        services.AddSingleton<AcrVerdictIndexCache>();
        services.AddSingleton(configuration?.GetSection("ReviewPack").Get<ReviewPackOptions>() ?? new ReviewPackOptions());
        services.AddTransient<ReviewPackService>();
        services.AddSingleton<DatabaseLeases>();
        // Reports by e-mail: each kind is one registration.
        services.AddTransient<IScheduledReport, DashboardTableReport>();
        services.AddTransient<IScheduledReport, AcrExportReport>();
        services.AddTransient<IScheduledReport, ReviewPackReport>();
        services.AddTransient<ScheduledReports>();
        services.AddSingleton(configuration?.GetSection("Mail").Get<MailOptions>() ?? new MailOptions());
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddTransient<SubscriptionSchedule>(sp => new SubscriptionSchedule(sp.GetService<Quartz.ISchedulerFactory>()));
        services.AddTransient<SubscriptionDelivery>();
        services.AddTransient<SubscriptionService>();
        services.AddPortalScheduling(configuration);
        return services;
    }
}

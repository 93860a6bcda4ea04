using MudBlazor.Services;
using Portal.Web.Cli;
using Portal.Web.Components;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Features.CbPlans;
using Portal.Web.Features.Progress;
using Portal.Web.Features.Reports;
using Portal.Web.Features.ReviewPack;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Subscriptions;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Localization;

if (CommandLine.IsCommand(args))
    return await CommandLine.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppPaths.PublishedContentRoot() });
builder.Configuration.AddRootAppSettings();

builder.Services.AddPortalDatabase(builder.Configuration);
builder.Services.AddPortalFeatures(builder.Configuration);
var signInMode = builder.Services.AddPortalAuthentication(builder.Configuration);
builder.Services.AddPortalAuthorization();
builder.Services.AddMudServices();
builder.Services.AddScoped<FileDownload>();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.AddWebHardening();

var app = builder.Build();
app.Logger.LogInformation("Sign-in mode: {Mode}; environment: {Environment}", signInMode.Description, app.Environment.EnvironmentName);
await app.Services.PrepareDatabaseAsync();

app.UseWebHardening();
app.UsePortalLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapPortalHealth();
app.MapAccountEndpoints();
app.MapLanguageSwitch();
app.MapStaffExport();
app.MapRosterEndpoints();
app.MapWorklistEndpoints();
app.MapAcrEndpoints();
app.MapProgressEndpoints();
app.MapCbPlanEndpoints();
app.MapReviewPackEndpoints();
app.MapSubscriptionEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Features.Localization;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Campaigns;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Campaigns;

/// <summary>
/// Descriptions built in C# in the reader's language, on a private small state: a campaign's metric and scope, a user's
/// scope ("Meerut police range · Police"); English unchanged; and the audit trail of a scope change stays English.
/// </summary>
public sealed class CampaignHindiTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        _services = new ServiceCollection().AddLogging().AddPortalFeatures().AddSingleton(_db.Factory)
            .AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>().AddTransient<AccessService>().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public void A_campaigns_metric_is_described_in_the_readers_language()
    {
        var campaign = new Campaign
        {
            Name = "Hours drive", Metric = CampaignMetric.LearningHours, ThresholdMinutes = 150,
            WindowStart = new DateOnly(2026, 4, 1), WindowEnd = new DateOnly(2026, 9, 30), Deadline = new DateOnly(2026, 9, 30),
        };
        using (UiLanguage.Hindi())
        {
            Assert.Equal("01-04-2026 से 30-09-2026 के बीच पूर्ण किए गए पाठ्यक्रमों से कम से कम 2.5 अधिगम घंटे वाले सक्रिय कार्मिकों का अनुपात।",
                CampaignMetrics.Describe(campaign, null));
            Assert.Equal("\"POSH\" (कभी भी) पूर्ण करने वाले सक्रिय कार्मिकों का अनुपात।",
                CampaignMetrics.Describe(new Campaign { Name = "x", Metric = CampaignMetric.CourseCompletion }, "POSH"));
        }
        using (UiLanguage.English())
            Assert.Equal("Share of active staff with at least 2.5 learning hours from courses completed between 01-04-2026 and 30-09-2026.",
                CampaignMetrics.Describe(campaign, null));
    }

    [Fact]
    public async Task A_users_scope_and_a_campaigns_scope_are_described_in_the_readers_language_with_names_as_entered()
    {
        var access = _services.GetRequiredService<AccessService>();
        SignedInUser hindi;
        using (UiLanguage.Hindi()) hindi = (await access.FindByLoginAsync(DemoUsers.MeerutRange))!;
        var english = (await access.FindByLoginAsync(DemoUsers.MeerutRange))!;
        Assert.Equal("Meerut police range · Police", english.ScopeDescription);
        Assert.Equal("Meerut पुलिस परिक्षेत्र · Police", hindi.ScopeDescription);
        using (UiLanguage.Hindi())
            Assert.Equal("संपूर्ण राज्य", (await access.FindByLoginAsync(DemoUsers.StateAdmin))!.ScopeDescription);

        var service = _services.GetRequiredService<CampaignService>();
        IReadOnlyList<CampaignSummary> campaigns;
        using (UiLanguage.Hindi()) campaigns = await service.ListAsync();
        var englishCampaigns = await service.ListAsync();
        Assert.NotEmpty(campaigns);
        Assert.All(campaigns.Zip(englishCampaigns), pair =>
        {
            if (pair.Second.ScopeDescription == "Whole state") Assert.Equal("संपूर्ण राज्य", pair.First.ScopeDescription);
            else if (pair.Second.ScopeDescription.EndsWith(" district")) Assert.EndsWith(" जनपद", pair.First.ScopeDescription);
        });
    }
}

using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.Subscriptions;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Subscriptions;

/// <summary>
/// Subscriptions delivered to a real SMTP server on 127.0.0.1: built in the recipient's scope as it is at send time (not
/// the creator's), skipped when empty, retried after a refusal and then reported, and never sent twice for one occurrence.
/// </summary>
public sealed class SubscriptionDeliveryTests : IAsyncLifetime
{
    private static readonly DateTime Monday = new(2026, 11, 23, 3, 30, 0, DateTimeKind.Utc); // 09:00 IST
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Monday));
    private readonly TestSmtpServer _smtp = new();
    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1", ["Mail:Port"] = _smtp.Port.ToString(), ["Mail:Security"] = "None",
            ["Mail:Sender"] = "Karmayogi portal <portal@test.local>", ["Mail:PortalBaseUrl"] = "https://portal.test",
            ["Scheduling:RetryMinutes:0"] = "1", ["Scheduling:RetryMinutes:1"] = "5",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(_db.Factory);
        services.AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>();
        services.AddTransient<AccessService>();
        services.AddPortalFeatures(configuration);
        services.AddSingleton<TimeProvider>(_clock);
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<ComplianceAggregator>().RebuildAsync("test");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _smtp.DisposeAsync();
        _db.Dispose();
    }

    private SubscriptionService Subscriptions => _services.GetRequiredService<SubscriptionService>();
    private SubscriptionDelivery Delivery => _services.GetRequiredService<SubscriptionDelivery>();

    private async Task<SignedInUser> UserAsync(string login) =>
        (await _services.GetRequiredService<AccessService>().FindByLoginAsync(login))!;

    private async Task<ReportSubscription> DistrictTableForAsync(string recipient, string view = "?by=district")
    {
        var admin = await UserAsync("cs.review@up.gov.in");
        return await Subscriptions.CreateAsync(admin, new SubscriptionRequest(DashboardTableReport.KindName, "Districts this week", view,
            SubscriptionFrequency.Weekly, DayOfWeek.Monday, null, new TimeOnly(9, 0), recipient));
    }

    /// <summary>The district names and workforce figures of an attached dashboard table.</summary>
    private static Dictionary<string, double> DistrictsIn(MimeMessage message)
    {
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        using var content = new MemoryStream();
        attachment.Content!.DecodeTo(content);
        content.Position = 0;
        using var workbook = new XLWorkbook(content);
        var sheet = workbook.Worksheet(1);
        var header = sheet.RowsUsed().First(r => r.Cell(1).GetString() == "Rank");
        int Col(string name) => header.CellsUsed().First(c => c.GetString() == name).Address.ColumnNumber;
        return sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber())
            .ToDictionary(r => r.Cell(Col("District")).GetString(), r => r.Cell(Col("Workforce")).GetDouble());
    }

    private Dictionary<string, long> ActivePoliceByDistrict(string districtFilterSql) =>
        NameCounts($"""
            SELECT d.Name, COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE e.Status = {(int)EmployeeStatus.Active} AND p.Name = 'Police' AND {districtFilterSql} GROUP BY d.Name
            """);

    /// <summary>Rows of (name, count) read with plain ADO.NET, independent of the services under test.</summary>
    private Dictionary<string, long> NameCounts(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_db.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>();
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    [Fact]
    public async Task A_subscription_made_in_Hindi_delivers_a_Hindi_mail_and_workbook_and_one_made_in_English_stays_English()
    {
        ReportSubscription hindi;
        using (Portal.Tests.Features.Localization.UiLanguage.Hindi())
            hindi = await DistrictTableForAsync("range.meerut@up.gov.in");
        var english = await DistrictTableForAsync("range.meerut@up.gov.in");
        Assert.Equal(("hi-IN", "en-IN"), (hindi.Language, english.Language));
        Assert.Equal("hi-IN", _db.Rows($"SELECT Language FROM ReportSubscriptions WHERE Id = {hindi.Id}", r => r.GetString(0)).Single());

        // Delivered in the background (this test's thread is in neither language): each in its own subscription's.
        Assert.Equal(SendOutcome.Sent, (await Delivery.DeliverAsync(hindi.Id, Monday, 1)).Outcome);
        Assert.Equal(SendOutcome.Sent, (await Delivery.DeliverAsync(english.Id, Monday, 1)).Outcome);
        var (hindiMail, englishMail) = (_smtp.Received.First(), _smtp.Received.Last());

        Assert.StartsWith("Districts this week — ", hindiMail.Subject); // the title is the subscriber's own words
        Assert.Contains("प्रिय ", hindiMail.TextBody);
        Assert.Contains("आपकी साप्ताहिक रिपोर्ट \"Districts this week\" (डैशबोर्ड की तालिका) ", hindiMail.TextBody);
        Assert.Contains("पंक्तियाँ: 4", hindiMail.TextBody);
        Assert.Contains("कार्यक्षेत्र: ", hindiMail.TextBody);
        Assert.Contains("इसे प्राप्त करना बंद करने के लिए: https://portal.test/unsubscribe/" + hindi.UnsubscribeToken, hindiMail.TextBody);
        Assert.DoesNotContain("Dear ", hindiMail.TextBody);

        // The attachment: Hindi headings, the same figures as the English one.
        var attachment = Assert.Single(hindiMail.Attachments.OfType<MimePart>());
        using var content = new MemoryStream();
        attachment.Content!.DecodeTo(content);
        content.Position = 0;
        using var workbook = new XLWorkbook(content);
        var sheet = workbook.Worksheet(1);
        Assert.Equal("जनपद", sheet.Name);
        var header = sheet.RowsUsed().First(r => r.Cell(1).GetString() == "रैंक");
        Assert.Contains(header.CellsUsed(), c => c.GetString() == "कार्यबल");
        Assert.Contains(sheet.CellsUsed(), c => c.GetString().StartsWith("फ़िल्टर: ") || c.GetString().EndsWith("(निर्धारित ई-मेल) द्वारा " + IndianTime.DateAndTime(_clock.GetUtcNow()) + " को डाउनलोड")
            || c.GetString().Contains("(निर्धारित ई-मेल)"));

        Assert.Contains("Dear ", englishMail.TextBody);
        Assert.Contains("Your weekly report \"Districts this week\" (Dashboard table) ", englishMail.TextBody);
        Assert.Contains("Rows: 4", englishMail.TextBody);
        Assert.Equal(DistrictsIn(englishMail).Values.Sum(), WorkforceIn(sheet, header));
    }

    private static double WorkforceIn(IXLWorksheet sheet, IXLRow header)
    {
        var column = header.CellsUsed().First(c => c.GetString() == "कार्यबल").Address.ColumnNumber;
        return sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).Sum(r => r.Cell(column).GetDouble());
    }

    [Fact]
    public async Task A_subscription_made_by_a_state_admin_for_a_range_office_delivers_the_range_and_follows_its_scope()
    {
        var subscription = await DistrictTableForAsync("range.meerut@up.gov.in");

        var first = await Delivery.DeliverAsync(subscription.Id, Monday, 1);

        Assert.Equal(SendOutcome.Sent, first.Outcome);
        var message = Assert.Single(_smtp.Received);
        Assert.Equal("range.meerut@up.gov.in", message.To.Mailboxes.Single().Address);
        var expected = ActivePoliceByDistrict("""
            d.Id IN (SELECT m.DistrictsId FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId
                     WHERE g.Kind = 'Police Range' AND g.Name = 'Meerut')
            """);
        Assert.Equal(4, expected.Count);
        var delivered = DistrictsIn(message);
        Assert.Equal(expected.Keys.Order(), delivered.Keys.Order());
        foreach (var (district, count) in expected) Assert.Equal(count, delivered[district]);
        Assert.Contains("https://portal.test/unsubscribe/" + subscription.UnsubscribeToken, message.TextBody);
        Assert.Contains($"Rows: 4", message.TextBody);
        Assert.Equal(4, _db.Scalar($"SELECT Rows FROM SubscriptionSends WHERE SubscriptionId = {subscription.Id} AND Outcome = {(int)SendOutcome.Sent}"));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM AuditEntries WHERE Actor = 'range.meerut@up.gov.in' AND Action = 'export' AND Channel = 'schedule'"));

        // The admin moves the range office to Aligarh alone: the next mail follows the recipient's scope as it is then.
        _db.Execute("""
            UPDATE UserScopeEntries SET DistrictGroupingId = NULL, DistrictId = (SELECT Id FROM Districts WHERE Name = 'Aligarh')
            WHERE DistrictGroupingId IS NOT NULL AND UserId = (SELECT Id FROM Users WHERE LoginName = 'range.meerut@up.gov.in')
            """);
        _clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(SendOutcome.Sent, (await Delivery.DeliverAsync(subscription.Id, Monday.AddDays(7), 1)).Outcome);
        var second = DistrictsIn(_smtp.Received.Last());
        Assert.Equal(ActivePoliceByDistrict("d.Name = 'Aligarh'"), second.ToDictionary(x => x.Key, x => (long)x.Value));
    }

    [Fact]
    public async Task A_review_pack_subscription_delivers_the_pack_of_the_recipients_scope()
    {
        var admin = await UserAsync("cs.review@up.gov.in");
        var subscription = await Subscriptions.CreateAsync(admin, new SubscriptionRequest(Portal.Web.Features.ReviewPack.ReviewPackReport.KindName,
            "Weekly review", "?by=district", SubscriptionFrequency.Weekly, DayOfWeek.Monday, null, new TimeOnly(9, 0), "range.meerut@up.gov.in"));

        Assert.Equal(SendOutcome.Sent, (await Delivery.DeliverAsync(subscription.Id, Monday, 1)).Outcome);

        var attachment = Assert.Single(Assert.Single(_smtp.Received).Attachments.OfType<MimePart>());
        using var content = new MemoryStream();
        attachment.Content!.DecodeTo(content);
        content.Position = 0;
        using var workbook = new XLWorkbook(content);
        var sheet = workbook.Worksheet("Districts");
        var header = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        var delivered = sheet.RowsUsed().Skip(1).Where(r => !r.Cell(header.IndexOf("District") + 1).IsEmpty())
            .ToDictionary(r => r.Cell(header.IndexOf("District") + 1).GetString(), r => (long)r.Cell(header.IndexOf("Workforce") + 1).GetDouble());
        var expected = ActivePoliceByDistrict("""
            d.Id IN (SELECT m.DistrictsId FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId
                     WHERE g.Kind = 'Police Range' AND g.Name = 'Meerut')
            """);
        Assert.Equal(expected, delivered);
        Assert.NotNull(workbook.Worksheet(Portal.Web.Features.ReviewPack.ReviewPackWorkbook.FreshnessSheet));
    }

    [Fact]
    public async Task An_empty_report_is_skipped_and_logged_not_sent()
    {
        // Lucknow's viewer subscribed to Agra's table: Agra is not in the recipient's scope, so there is nothing to send.
        var agra = _db.Scalar("SELECT Id FROM Districts WHERE Name = 'Agra'");
        var subscription = await DistrictTableForAsync("viewer.lucknow@up.gov.in", $"?district={agra}");

        var result = await Delivery.DeliverAsync(subscription.Id, Monday, 1);

        Assert.Equal(SendOutcome.SkippedEmpty, result.Outcome);
        Assert.Empty(_smtp.Received);
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM SubscriptionSends WHERE SubscriptionId = {subscription.Id} AND Outcome = {(int)SendOutcome.SkippedEmpty}"));
        var row = Assert.Single(await Subscriptions.ListAsync(await UserAsync("viewer.lucknow@up.gov.in")));
        Assert.Equal(SendOutcome.SkippedEmpty, row.LastSend!.Outcome);
    }

    [Fact]
    public async Task A_refused_send_is_retried_with_back_off_then_given_up_and_reported()
    {
        var subscription = await DistrictTableForAsync("hr.police@up.gov.in");
        _smtp.Refuse = true;

        var first = await Delivery.DeliverAsync(subscription.Id, Monday, 1);
        Assert.Equal(SendOutcome.Failed, first.Outcome);
        Assert.Equal(Monday.AddMinutes(1), first.RetryAt);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Delivery.DeliverAsync(subscription.Id, Monday, 2);
        Assert.Equal(SendOutcome.Failed, second.Outcome);
        Assert.Equal(Monday.AddMinutes(6), second.RetryAt);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var third = await Delivery.DeliverAsync(subscription.Id, Monday, 3);
        Assert.Equal(SendOutcome.GaveUp, third.Outcome);
        Assert.Null(third.RetryAt);
        Assert.Equal(3, _smtp.Refused);
        Assert.Empty(_smtp.Received);

        var row = Assert.Single(await Subscriptions.ListAsync(await UserAsync("cs.review@up.gov.in")));
        Assert.Equal(3, row.FailuresLast30Days);
        Assert.Equal(SendOutcome.GaveUp, row.LastSend!.Outcome);
        Assert.Contains("Gave up after 3 attempts", row.LastFailure);
    }

    [Fact]
    public async Task A_server_that_refuses_then_accepts_gets_the_mail_on_the_retry_and_each_attempt_is_made_once()
    {
        var subscription = await DistrictTableForAsync("hr.police@up.gov.in");
        _smtp.Refuse = true;
        Assert.Equal(SendOutcome.Failed, (await Delivery.DeliverAsync(subscription.Id, Monday, 1)).Outcome);
        _smtp.Refuse = false;
        _clock.Advance(TimeSpan.FromMinutes(1));

        // Two instances firing the same retry: one sends, the other finds the attempt claimed.
        var results = await Task.WhenAll(Delivery.DeliverAsync(subscription.Id, Monday, 2), Delivery.DeliverAsync(subscription.Id, Monday, 2));

        Assert.Single(results, r => r.Outcome == SendOutcome.Sent);
        Assert.Single(results, r => r == DeliveryResult.AlreadyClaimed);
        var message = Assert.Single(_smtp.Received);
        var expected = ActivePoliceByDistrict("1 = 1");
        var delivered = DistrictsIn(message);
        Assert.Equal(expected.Keys.Order(), delivered.Keys.Order());
        Assert.Equal(expected.Values.Sum(), delivered.Values.Sum());
    }

    [Fact]
    public async Task The_unsubscribe_token_deletes_the_subscription_without_signing_in()
    {
        var subscription = await DistrictTableForAsync("hr.health@up.gov.in");
        Assert.Equal("Districts this week", await Subscriptions.FindByTokenAsync(subscription.UnsubscribeToken));
        Assert.False(await Subscriptions.UnsubscribeAsync("not-a-token"));
        Assert.True(await Subscriptions.UnsubscribeAsync(subscription.UnsubscribeToken));
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM ReportSubscriptions WHERE Id = {subscription.Id}"));
        Assert.Null((await Delivery.DeliverAsync(subscription.Id, Monday, 1)).Outcome);
    }

    [Fact]
    public async Task Only_a_state_admin_subscribes_someone_else()
    {
        var range = await UserAsync("range.meerut@up.gov.in");
        await Assert.ThrowsAsync<SubscriptionRefusedException>(() => Subscriptions.CreateAsync(range, new SubscriptionRequest(
            DashboardTableReport.KindName, "x", "", SubscriptionFrequency.Weekly, DayOfWeek.Monday, null, new TimeOnly(9, 0), "hr.police@up.gov.in")));
        var own = await Subscriptions.CreateAsync(range, new SubscriptionRequest(
            DashboardTableReport.KindName, "Mine", "", SubscriptionFrequency.Monthly, null, 5, new TimeOnly(18, 30)));
        Assert.Equal(range.Id, own.RecipientUserId);
        Assert.Equal("0 30 18 5 * ?", SubscriptionSchedule.CronOf(own));
        // 18:30 IST on the 5th is 13:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 13, 0, 0, TimeSpan.Zero), SubscriptionSchedule.NextAfter(own, new DateTimeOffset(Monday)));
        var police = await UserAsync("hr.police@up.gov.in");
        await Assert.ThrowsAsync<SubscriptionRefusedException>(() => Subscriptions.DeleteAsync(police, own.Id));
    }
}

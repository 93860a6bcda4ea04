using Microsoft.EntityFrameworkCore;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Portal.Web.Data;
using Portal.Web.Features.Acr;
using Portal.Web.Features.Campaigns;
using Portal.Web.Features.Dashboard;

namespace Portal.Tests.Data;

/// <summary>
/// The dashboard's and campaigns' LINQ queries translate to SQL Server (no server here: EF writes the SQL without
/// connecting), so production does not meet a query the provider cannot run. The SQL is parsed with SQL Server's own
/// parser (<see cref="TSqlQuery"/>), and its clauses and parameter values are checked. SQLite runs them in the other tests.
/// </summary>
public sealed class SqlServerQueryTests
{
    private static SqlServerPortalDbContext SqlServer(DataScope scope)
    {
        var db = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=unused;Database=Portal;TrustServerCertificate=True").Options);
        db.FixScope(scope);
        return db;
    }

    /// <summary>A range office's scope: districts 3 and 4, department 7.</summary>
    private static readonly DataScope RangeOffice = new(new HashSet<int> { 3, 4 }, new HashSet<int> { 7 });

    /// <summary>The scope filter of <see cref="PortalDbContext"/> on a table with both columns, as the range office's.</summary>
    private static void AssertScoped(TSqlQuery query, IReadOnlyList<string> conditions, string alias)
    {
        // Stated plainly (no "@all OR ..."), so that an index on the column serves it.
        Assert.Contains($"[{alias}].[DistrictId] IN (@ef_filter__ScopeDistrictIds1, @ef_filter__ScopeDistrictIds2)", conditions);
        Assert.Contains($"[{alias}].[DepartmentId] = @ef_filter__ScopeDepartmentIds1", conditions);
        Assert.DoesNotContain(query.Parameters.Keys, k => k.Contains("All", StringComparison.Ordinal));
        Assert.Equal(["3", "4"], query.ValuesOf("@ef_filter__ScopeDistrictIds"));
        Assert.Equal(["7"], query.ValuesOf("@ef_filter__ScopeDepartmentIds"));
    }

    [Theory]
    [InlineData(BreakdownKind.District, "[c].[DistrictId]")]
    [InlineData(BreakdownKind.Department, "[c].[DepartmentId]")]
    [InlineData(BreakdownKind.Designation, "[c].[DesignationId]")]
    [InlineData(BreakdownKind.Office, "[c0].[Key]")]
    public void Breakdown_sums_with_every_filter(BreakdownKind kind, string key)
    {
        using var db = SqlServer(RangeOffice);
        var view = new DashboardView { DistrictId = 3, DepartmentId = 7, OfficeId = 0, DesignationId = 2, Group = ServiceGroup.C };

        var query = TSqlQuery.Parse(BreakdownService.Sums(BreakdownService.Filter(db.ComplianceCells, view, [3, 4]), kind).ToQueryString());

        // One row per key with the sums of the twelve figures.
        Assert.Equal([key], TSqlQuery.GroupBy(query.Outermost));
        var columns = query.Outermost.SelectElements.Cast<SelectScalarExpression>().ToList();
        Assert.Equal(key, TSqlQuery.Text(columns[0].Expression));
        Assert.Equal(12, columns.Skip(1).Count(c => TSqlQuery.All<FunctionCall>(c.Expression).Any(f => f.FunctionName.Value == "SUM")));
        Assert.Equal(13, columns.Count);
        // Every filter of the view reaches the cells, with the view's values.
        var cells = TSqlQuery.Conditions(query.Over("ComplianceCells"));
        AssertScoped(query, cells, "c");
        Assert.Contains("[c].[DistrictId] IN (@groupingDistricts1, @groupingDistricts2)", cells);
        Assert.Contains("[c].[DistrictId] = @district", cells);
        Assert.Contains("[c].[DepartmentId] = @department", cells);
        Assert.Contains("[c].[OfficeId] IS NULL", cells);
        Assert.Contains("[c].[DesignationId] = @designation", cells);
        Assert.Contains("[c].[Group] = @group", cells);
        Assert.Equal(8, cells.Count);
        Assert.Equal(("3", "7", "2", ((int)ServiceGroup.C).ToString()),
            (query.Parameters["@district"], query.Parameters["@department"], query.Parameters["@designation"], query.Parameters["@group"]));
    }

    [Theory]
    [InlineData(StatusFilter.All, null)]
    [InlineData(StatusFilter.Onboarded, "[e].[OnboardedOn] IS NOT NULL; [e].[OnboardedOn] <= @asOf")]
    [InlineData(StatusFilter.NotOnboarded, "([e].[OnboardedOn] IS NULL OR [e].[OnboardedOn] > @asOf)")]
    [InlineData(StatusFilter.Completed, "[e].[FirstCompletedOn] IS NOT NULL; [e].[FirstCompletedOn] <= @asOf")]
    [InlineData(StatusFilter.NotCompleted, "([e].[FirstCompletedOn] IS NULL OR [e].[FirstCompletedOn] > @asOf)")]
    public void Employee_list_pages_with_status_and_search(StatusFilter status, string? statusConditions)
    {
        using var db = SqlServer(RangeOffice);
        var view = new DashboardView { DistrictId = 3, DepartmentId = 7, ShowEmployees = true, Status = status, Search = "Ram_50%", Page = 3 };
        var day = new DateOnly(2026, 10, 1);

        var query = TSqlQuery.Parse(DashboardService.Rows(DashboardService.EmployeesOf(db, view, day, day), day, day).Skip(100).Take(50).ToQueryString());

        // The page is cut from the filtered employees in a stable order: rows 101-150 by name, then id.
        var page = query.Over("Employees", "e");
        var offset = Assert.IsType<OffsetClause>(page.OffsetClause);
        Assert.Equal(("100", "50"), (query.ValueOf(offset.OffsetExpression), query.ValueOf(offset.FetchExpression)));
        Assert.Equal(["[e].[Name]", "[e].[Id]"], TSqlQuery.OrderBy(page));
        Assert.Equal(["[e0].[Name]", "[e0].[Id]"], TSqlQuery.OrderBy(query.Outermost));

        var conditions = TSqlQuery.Conditions(page);
        AssertScoped(query, conditions, "e");
        Assert.Contains("[e].[Status] = 1", conditions);
        Assert.Contains("[e].[DistrictId] = @district", conditions);
        Assert.Contains("[e].[DepartmentId] = @department", conditions);
        // The search: a code prefix or a part of the name, with the text's own wildcards escaped.
        Assert.Contains(@"([e].[EmployeeCode] LIKE @text_startswith ESCAPE N'\' OR [e].[Name] LIKE @text_contains ESCAPE N'\')", conditions);
        Assert.Equal(@"N'Ram\_50\%%'", query.Parameters["@text_startswith"]);
        Assert.Equal(@"N'%Ram\_50\%%'", query.Parameters["@text_contains"]);
        // The status as of the chosen day (conditions separated by "; ").
        var byStatus = statusConditions?.Split("; ") ?? [];
        foreach (var condition in byStatus) Assert.Contains(condition, conditions);
        if (byStatus.Length > 0) Assert.Equal("'2026-10-01'", query.Parameters["@asOf"]);
        Assert.Equal(6 + byStatus.Length, conditions.Count);
    }

    [Theory]
    [InlineData(CampaignMetric.AnyCompletion)]
    [InlineData(CampaignMetric.CourseCompletion)]
    [InlineData(CampaignMetric.LearningHours)]
    [InlineData(CampaignMetric.MandatoryCompliance)]
    public async Task Campaign_completions_of_a_scope(CampaignMetric metric)
    {
        await using var db = SqlServer(RangeOffice);
        var campaign = new Campaign
        {
            Name = "x", Metric = metric, CourseId = 5, ThresholdMinutes = 240, ScopeDepartmentId = 7,
            WindowStart = new DateOnly(2026, 1, 1), WindowEnd = new DateOnly(2026, 12, 31), Deadline = new DateOnly(2026, 12, 31),
        };

        var people = await CampaignMetrics.PeopleAsync(db, campaign, default);
        var query = TSqlQuery.Parse(CampaignMetrics.Completions(db, people, campaign, new DateOnly(2026, 11, 24)).ToQueryString());

        // Completions (status 2, dated, by the day counted) joined to the campaign's people in the reader's scope.
        var completions = query.Over("Enrolments");
        Assert.Same(query.Outermost, completions);
        var join = Assert.IsType<QualifiedJoin>(Assert.Single(completions.FromClause.TableReferences));
        Assert.Equal(QualifiedJoinType.Inner, join.QualifiedJoinType);
        var conditions = TSqlQuery.Conditions(completions);
        Assert.Contains("[e].[Status] = 2", conditions);
        Assert.Contains("[e].[CompletedOn] IS NOT NULL", conditions);
        var dayCounted = Assert.Single(TSqlQuery.All<BooleanComparisonExpression>(completions.WhereClause),
            c => TSqlQuery.Text(c.FirstExpression) == "[e].[CompletedOn]" && c.ComparisonType == BooleanComparisonType.LessThanOrEqualTo);
        Assert.Equal("'2026-11-24'", query.ValueOf(dayCounted.SecondExpression));
        var course = TSqlQuery.All<BooleanComparisonExpression>(completions.WhereClause).Where(c => TSqlQuery.Text(c.FirstExpression) == "[e].[CourseId]").ToList();
        if (metric == CampaignMetric.CourseCompletion) Assert.Equal("5", query.ValueOf(Assert.Single(course).SecondExpression));

        // Both reads of the employees (the enrolments' own scope filter, and the campaign's people) keep to the scope.
        var employeeReads = query.Specifications.Where(q => q != completions && q.FromClause.TableReferences.Count == 1
            && TSqlQuery.Text(q.FromClause.TableReferences[0]).StartsWith("[Employees]", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, employeeReads.Count);
        foreach (var read in employeeReads)
        {
            var districts = Assert.Single(TSqlQuery.All<InPredicate>(read.WhereClause!), p => TSqlQuery.Text(p.Expression).EndsWith("[DistrictId]"));
            Assert.Equal(["3", "4"], districts.Values.Select(query.ValueOf));
            Assert.All(TSqlQuery.All<BooleanComparisonExpression>(read.WhereClause!).Where(c => TSqlQuery.Text(c.FirstExpression).EndsWith("[DepartmentId]")),
                c => Assert.Equal("7", query.ValueOf(c.SecondExpression)));
        }
        Assert.Contains(employeeReads, read => TSqlQuery.Conditions(read).Any(c => c.EndsWith("[Status] = 1")));
    }

    [Fact]
    public void The_whole_state_reads_without_any_scope_terms()
    {
        using var db = SqlServer(DataScope.WholeState);
        var view = new DashboardView { ShowEmployees = true };
        var day = new DateOnly(2026, 10, 1);

        var query = TSqlQuery.Parse(DashboardService.Rows(DashboardService.EmployeesOf(db, view, day, day), day, day).Take(50).ToQueryString());

        Assert.DoesNotContain(query.Parameters.Keys, k => k.StartsWith("@ef_filter", StringComparison.Ordinal));
        Assert.Equal(["[e].[Status] = 1"], TSqlQuery.Conditions(query.Over("Employees", "e")));
    }

    [Fact]
    public void The_ACR_statements_read_a_chunk_of_employees_as_one_JSON_parameter_in_scope()
    {
        using var db = SqlServer(RangeOffice);
        List<int> chunk = [11, 12, 15];
        var queries = new[]
        {
            (Sql: AcrStatementService.EmployeesOf(db, chunk).ToQueryString(), Table: "Employees"),
            (Sql: AcrStatementService.CompletionsOf(db, chunk).ToQueryString(), Table: "Enrolments"),
            (Sql: AcrStatementService.AllocationsOf(db, chunk, new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31)).ToQueryString(), Table: "CbPlanAllocations"),
        };

        foreach (var (sql, table) in queries)
        {
            var query = TSqlQuery.Parse(sql);
            // The ids as one JSON array whatever their number (no 2,100-parameter limit), the SQL the same for every chunk.
            var json = Assert.Single(TSqlQuery.All<OpenJsonTableReference>(query.Select));
            Assert.Equal("[11,12,15]", query.ValueOf(json.Variable).Trim('N', '\''));
            Assert.DoesNotContain(query.Parameters.Keys, k => k.StartsWith("@chunk", StringComparison.Ordinal) && k != "@chunk");
            // Within the reader's scope, and ordered by employee for the merge.
            var employees = query.Over("Employees");
            var from = TSqlQuery.Text(employees.FromClause.TableReferences[0]); // "[Employees] AS [e0]"
            AssertScoped(query, TSqlQuery.Conditions(employees), from[(from.LastIndexOf('[') + 1)..^1]);
            Assert.Single(TSqlQuery.OrderBy(query.Outermost), o => o.EndsWith(table == "Employees" ? "[Id]" : "[EmployeeId]", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_query_that_is_not_valid_T_SQL_fails_the_parse()
    {
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => TSqlQuery.Parse("SELECT [e].[Id] FROM [Employees] AS [e] WHERE [e].[Status] = 1 LIMIT 5"));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => TSqlQuery.Parse("SELECT [e].[Id] FROM [Employees] AS [e] WHERE [e].[DistrictId] = @undeclared"));
    }
}

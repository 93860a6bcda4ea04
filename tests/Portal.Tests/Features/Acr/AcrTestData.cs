using Microsoft.AspNetCore.Identity;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;

namespace Portal.Tests.Features.Acr;

/// <summary>What the ACR tests share: users, scopes in SQL, and the statements' figures computed by SQL written here.</summary>
internal static class AcrTestData
{
    public const string MeerutRangePolice = "d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police'";
    public const string Police = "p.Name = 'Police'";
    public const string Health = "p.Name = 'Health and Family Welfare'";

    public static async Task<SignedInUser> UserAsync(TestDatabase db, string login) =>
        (await new AccessService(db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(login))!;

    /// <summary>A statement's figures, as the SQL below computes them.</summary>
    public sealed record Figures(int Minutes, int InYear, int Prescribed, int OnTime, int Late, int Unknown, int Missing, bool Programme, string Verdict);

    public static Figures Of(AcrStatement s) => new(s.LearningMinutes, s.CompletedInYear.Count, s.Prescribed.Count,
        s.Count(AcrCourseState.DoneOnTime), s.Count(AcrCourseState.DoneLate), s.Count(AcrCourseState.DoneDateUnknown), s.Count(AcrCourseState.Missing),
        s.Programme.Done, s.Verdict.Label);

    /// <summary>Everything a statement says, as one string: statements are equal when their fingerprints are.</summary>
    public static string Fingerprint(AcrStatement s) => string.Join(" | ",
        s.Employee.ToString(), s.Year.ToString(), string.Join(";", s.CompletedInYear), string.Join(";", s.Prescribed), s.Programme.ToString(),
        s.Facts.ToString(), s.Verdict.ToString(), s.RulesDescription, s.AsOf.ToString("O"));

    /// <summary>The catalogue's mandatory courses as it is now: (CourseId, DesignationId), null for a course of every designation.</summary>
    public const string CatalogueMandatory = """
        SELECT c.Id AS CourseId, cd.ApplicableDesignationsId AS DesignationId
        FROM Courses c LEFT JOIN CourseDesignations cd ON cd.CourseId = c.Id WHERE c.IsMandatory = 1
        """;

    /// <summary>
    /// Per active employee of the scope (<paramref name="where"/> over e, d = district, p = department), the year's
    /// figures and the verdict under rules shaped like the default ones (all prescribed + hours + 7-day programme;
    /// at least half; the rest), computed in SQL independently of the services.
    /// </summary>
    /// <param name="mandatory">
    /// SQL giving the mandatory courses as (CourseId, DesignationId), a null designation for every designation: by default
    /// the catalogue as it is now (<see cref="CatalogueMandatory"/>).
    /// </param>
    public static Dictionary<int, Figures> Expected(TestDatabase db, string where, ReportingYear year, bool lateCounts, decimal compliantHours,
        bool aparOnly = false, decimal partlyShare = 50, string mandatory = CatalogueMandatory)
    {
        var (start, end) = ($"{year.Start:yyyy-MM-dd}", $"{year.End:yyyy-MM-dd}");
        var done = lateCounts ? "(OnTime + Unknown + Late)" : "(OnTime + Unknown)";
        var sql = $"""
            WITH emp AS (
                SELECT e.Id, e.DesignationId FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
                WHERE e.Status = 1 AND {where}),
            presc AS (
                SELECT EmployeeId, CourseId, MAX(PlanDue) AS PlanDue FROM (
                    SELECT emp.Id AS EmployeeId, m.CourseId, NULL AS PlanDue FROM emp
                        JOIN ({mandatory}) m ON m.DesignationId IS NULL OR m.DesignationId = emp.DesignationId
                    UNION ALL
                    SELECT a.EmployeeId, a.CourseId, a.DueOn FROM CbPlanAllocations a JOIN emp ON emp.Id = a.EmployeeId
                    WHERE a.DueOn BETWEEN '{start}' AND '{end}' {(aparOnly ? "AND a.IsApar = 1" : "")})
                GROUP BY EmployeeId, CourseId),
            state AS (
                SELECT pr.EmployeeId, CASE WHEN x.Id IS NULL THEN 'M' WHEN x.CompletedOn IS NULL THEN 'U'
                    WHEN x.CompletedOn <= COALESCE(pr.PlanDue, '{end}') THEN 'T' ELSE 'L' END AS S
                FROM presc pr LEFT JOIN Enrolments x ON x.EmployeeId = pr.EmployeeId AND x.CourseId = pr.CourseId AND x.Status = 2),
            states AS (
                SELECT EmployeeId, COUNT(*) AS Prescribed, SUM(S = 'T') AS OnTime, SUM(S = 'L') AS Late, SUM(S = 'U') AS Unknown, SUM(S = 'M') AS Missing
                FROM state GROUP BY EmployeeId),
            learning AS (
                SELECT x.EmployeeId, SUM(x.LearningMinutes) AS Minutes, COUNT(*) AS InYear FROM Enrolments x JOIN emp ON emp.Id = x.EmployeeId
                WHERE x.Status = 2 AND x.CompletedOn BETWEEN '{start}' AND '{end}' GROUP BY x.EmployeeId),
            programme AS (
                SELECT DISTINCT x.EmployeeId FROM Enrolments x JOIN Courses c ON c.Id = x.CourseId JOIN emp ON emp.Id = x.EmployeeId
                WHERE x.Status = 2 AND c.IsCapacityBuildingProgramme = 1 AND (x.CompletedOn IS NULL OR x.CompletedOn <= '{end}')),
            figures AS (
                SELECT emp.Id, COALESCE(l.Minutes, 0) AS Minutes, COALESCE(l.InYear, 0) AS InYear, COALESCE(s.Prescribed, 0) AS Prescribed,
                    COALESCE(s.OnTime, 0) AS OnTime, COALESCE(s.Late, 0) AS Late, COALESCE(s.Unknown, 0) AS Unknown, COALESCE(s.Missing, 0) AS Missing,
                    pg.EmployeeId IS NOT NULL AS Programme
                FROM emp LEFT JOIN states s ON s.EmployeeId = emp.Id LEFT JOIN learning l ON l.EmployeeId = emp.Id LEFT JOIN programme pg ON pg.EmployeeId = emp.Id)
            SELECT Id, Minutes, InYear, Prescribed, OnTime, Late, Unknown, Missing, Programme,
                CASE WHEN {done} = Prescribed AND Minutes >= {compliantHours * 60} AND Programme = 1 THEN 'Compliant'
                     WHEN {done} * 100 >= {partlyShare} * Prescribed THEN 'Partly compliant'
                     ELSE 'Not compliant' END
            FROM figures
            """;
        return db.Rows(sql, r => (Id: r.GetInt32(0), Figures: new Figures(r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5),
            r.GetInt32(6), r.GetInt32(7), r.GetInt64(8) == 1, r.GetString(9)))).ToDictionary(x => x.Id, x => x.Figures);
    }
}

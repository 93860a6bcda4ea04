using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using static Portal.Web.Features.DemoData.DemoStateCatalog;

namespace Portal.Web.Features.DemoData;

public sealed record DemoStateOptions
{
    public int Employees { get; init; } = 100_000;
    public int Seed { get; init; } = 20_241_019;
    /// <summary>The "today" of the generated state; fixed so that the same seed gives the same data.</summary>
    public DateOnly AsOf { get; init; } = new(2026, 11, 20);
}

public sealed record DemoStateSummary(int Employees, int Enrolments, int Completions, double Seconds);

/// <summary>
/// Generates a deterministic demo state (same options, same data) of any size: reference data through
/// EF, then employees and enrolments through a bulk writer (millions of rows in minutes).
/// </summary>
public sealed class DemoStateGenerator(IDbContextFactory<PortalDbContext> dbFactory, ILogger<DemoStateGenerator> log)
{
    /// <summary>Below this size the Meerut range block is scaled down proportionally (tests use small states).</summary>
    public const int FullMeerutBlockFrom = 20_000;

    private static readonly DateOnly FirstEnrolmentDay = new(2024, 1, 1);
    private static readonly DateOnly FirstOnboardingDay = new(2023, 6, 1);
    private static readonly DateOnly SaptahStart = new(2024, 10, 19);

    public async Task<DemoStateSummary> SeedAsync(DemoStateOptions options, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (options.Employees < 1) throw new ArgumentOutOfRangeException(nameof(options), "Employees must be at least 1.");
        var clock = Stopwatch.StartNew();
        await using (var check = await dbFactory.CreateUnscopedDbContextAsync(ct))
        {
            if (await check.Districts.AnyAsync(ct))
                throw new InvalidOperationException("The database already holds a state; seed only an empty database.");
        }

        var rng = new Random(options.Seed);
        var reference = await SeedReferenceDataAsync(rng, options.AsOf, ct);
        progress?.Report($"Reference data: {reference.Districts.Length} districts, {reference.Departments.Length} departments, {reference.Offices.Count} offices, {reference.Courses.Length} courses.");

        await using var db = await dbFactory.CreateUnscopedDbContextAsync(ct);
        await using var writer = await DemoRowWriter.OpenAsync(db, ct);
        var state = new GenerationState(options, rng, reference, writer);

        // The Meerut police range's registrations as reported: onboarded police staff, exact per district.
        var blockScale = Math.Min(1.0, options.Employees / (double)FullMeerutBlockFrom);
        var police = reference.DepartmentIndex[PoliceDepartment];
        var blockDistricts = new HashSet<int>();
        foreach (var (districtName, registered) in MeerutRangePoliceRegistered)
        {
            var district = reference.DistrictIndex[districtName];
            blockDistricts.Add(district);
            var onboarded = (int)Math.Round(registered * blockScale);
            var notYet = (int)Math.Round(onboarded * 0.035);
            for (var i = 0; i < onboarded; i++) await state.EmitAsync(district, police, forceOnboarded: true, ct);
            for (var i = 0; i < notYet; i++) await state.EmitAsync(district, police, forceOnboarded: false, ct);
        }

        var rest = options.Employees - state.EmployeeCount;
        for (var i = 0; i < rest; i++)
        {
            var district = reference.PickDistrict(rng);
            int department;
            do department = reference.PickDepartment(rng);
            while (department == police && blockDistricts.Contains(district)); // that block is already exact
            await state.EmitAsync(district, department, forceOnboarded: null, ct);
            if ((i + 1) % 250_000 == 0) progress?.Report($"{state.EmployeeCount:N0} employees, {state.EnrolmentCount:N0} enrolments...");
        }

        await writer.CompleteAsync(ct);
        // The employees' first completion dates, from the enrolments just written.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.ExecuteSqlRawAsync(EmployeeLearning.RefreshFirstCompletionSql, ct);
        await AddCbPlanAllocationsAsync(db, ct);
        // Only a database holding this generated state may get the demo accounts (whose password is published).
        await DemoStateMarker.MarkAsync(dbFactory,
            $"generated: {state.EmployeeCount} employees, seed {options.Seed}, as of {options.AsOf:yyyy-MM-dd}, on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC", ct);
        var summary = new DemoStateSummary(state.EmployeeCount, state.EnrolmentCount, state.CompletionCount, clock.Elapsed.TotalSeconds);
        log.LogInformation("Seeded demo state: {Employees} employees, {Enrolments} enrolments ({Completions} completed) in {Seconds:F1} s",
            summary.Employees, summary.Enrolments, summary.Completions, summary.Seconds);
        return summary;
    }

    private async Task<ReferenceData> SeedReferenceDataAsync(Random rng, DateOnly asOf, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateUnscopedDbContextAsync(ct);

        var districts = new Dictionary<string, District>();
        foreach (var division in Divisions)
        {
            var grouping = new DistrictGrouping { Kind = GroupingKinds.Division, Name = division.Name, NameHindi = division.Hindi };
            foreach (var d in division.Districts)
            {
                var district = new District { Name = d.Name, NameHindi = d.Hindi };
                districts.Add(d.Name, district);
                grouping.Districts.Add(district);
            }
            db.DistrictGroupings.Add(grouping);
        }

        var ranges = new Dictionary<string, DistrictGrouping>();
        foreach (var division in Divisions)
        {
            var range = new DistrictGrouping { Kind = GroupingKinds.PoliceRange, Name = division.Name, NameHindi = division.Hindi };
            range.Districts.AddRange(division.Districts.Where(d => !CommissionerateDistricts.Contains(d.Name)).Select(d => districts[d.Name]));
            ranges.Add(division.Name, range);
            db.DistrictGroupings.Add(range);
        }
        foreach (var (zone, zoneRanges) in PoliceZones)
        {
            var grouping = new DistrictGrouping { Kind = GroupingKinds.PoliceZone, Name = zone };
            grouping.Districts.AddRange(zoneRanges.SelectMany(r => ranges[r].Districts));
            db.DistrictGroupings.Add(grouping);
        }
        foreach (var city in CommissionerateDistricts)
            db.DistrictGroupings.Add(new DistrictGrouping { Kind = GroupingKinds.Commissionerate, Name = city, Districts = [districts[city]] });

        var departments = Departments.Select(d => new Department { Name = d.Name, NameHindi = d.Hindi }).ToArray();
        db.Departments.AddRange(departments);
        var designations = DemoStateCatalog.Designations.ToDictionary(d => d.Name, d => new Designation { Name = d.Name, NameHindi = d.Hindi, Category = d.Category });
        db.Designations.AddRange(designations.Values);
        var courses = DemoStateCatalog.Courses.Select(c => new Course
        {
            IgotCourseId = c.IgotId,
            Name = c.Name,
            Provider = DemoStateCatalog.ProviderOf(c),
            ContentType = DemoStateCatalog.ContentTypeOf(c),
            DurationMinutes = c.Minutes,
            IsMandatory = c.Mandatory,
            IsCapacityBuildingProgramme = c.CapacityBuilding,
            ApplicableDesignations = c.ForDesignations.Select(n => designations[n]).ToList(),
        }).ToArray();
        db.Courses.AddRange(courses);

        // Offices: several thanas, CHCs, tehsils or blocks for the big field departments, one office for the rest.
        var districtList = districts.Values.ToArray();
        var offices = new List<Office>();
        foreach (var district in districtList)
        {
            for (var d = 0; d < departments.Length; d++)
            {
                var info = Departments[d];
                var count = info.Weight >= 4 ? 2 + rng.Next(4) : 1;
                for (var n = 1; n <= count; n++)
                {
                    var name = count == 1 ? $"{info.OfficePrefix}, {district.Name}" : $"{info.OfficePrefix} {n}, {district.Name}";
                    offices.Add(new Office { Name = name, District = district, Department = departments[d] });
                }
            }
        }
        db.Offices.AddRange(offices);
        db.Campaigns.AddRange(DemoCampaigns(asOf, courses, departments, ranges[MeerutRange]));
        // DoPT's first APAR year: the default rules, issued at the start of the year as the state's order would be.
        var acrRules = AcrRuleSet.Default(new ReportingYear(2025), "demo", new DateTime(2025, 4, 1, 4, 30, 0, DateTimeKind.Utc));
        (acrRules.IssuedAt, acrRules.IssuedBy) = (acrRules.UpdatedAt, "demo");
        db.AcrRuleSets.Add(acrRules);
        await db.SaveChangesAsync(ct);
        // Issued rules record the catalogue's mandatory courses as they are (the courses have their ids now).
        acrRules.IssuedMandatoryCourses.AddRange(AcrIssuedMandatoryCourse.Freeze(courses));
        await db.SaveChangesAsync(ct);

        await AddDefaultAliasesAsync(db, ct);

        return new ReferenceData(rng, districtList, departments, designations, courses, offices);
    }

    /// <summary>
    /// The drives the sources describe (January 2025 registration, Karmayogi Saptah, POSH in Health) and two still running
    /// on <paramref name="asOf"/>, so that the campaign pages have something to project. No randomness: seeding stays deterministic.
    /// </summary>
    private static Campaign[] DemoCampaigns(DateOnly asOf, Course[] courses, Department[] departments, DistrictGrouping meerutRange)
    {
        var created = asOf.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
        var yearStart = new DateOnly(asOf.Month >= 4 ? asOf.Year : asOf.Year - 1, 4, 1); // the reporting year of asOf
        Campaign Make(string name, CampaignMetric metric, DateOnly start, DateOnly end, DateOnly deadline, decimal target, Action<Campaign>? more = null)
        {
            var campaign = new Campaign { Name = name, Metric = metric, WindowStart = start, WindowEnd = end, Deadline = deadline, TargetPercent = target, CreatedBy = "demo", CreatedAt = created };
            more?.Invoke(campaign);
            return campaign;
        }
        return
        [
            Make("100% iGOT registration by 31-01-2025", CampaignMetric.Onboarding, new(2025, 1, 1), new(2025, 1, 31), new(2025, 1, 31), 100),
            Make("Karmayogi Saptah: at least 4 learning hours, 19-10-2024 to 25-10-2024", CampaignMetric.LearningHours,
                SaptahStart, SaptahStart.AddDays(6), SaptahStart.AddDays(6), 50, c => c.ThresholdMinutes = 240),
            Make("POSH course completed by all staff of Health by 31-03-2026", CampaignMetric.CourseCompletion, new(2025, 4, 1), new(2026, 3, 31), new(2026, 3, 31), 100,
                c => { c.Course = courses.Single(x => x.IgotCourseId == "do_posh_2023"); c.ScopeDepartment = departments.Single(d => d.Name == "Health and Family Welfare"); }),
            Make($"Mandatory courses: 25% compliance by {yearStart.AddYears(1).AddDays(-1):dd-MM-yyyy}", CampaignMetric.MandatoryCompliance,
                yearStart, yearStart.AddYears(1).AddDays(-1), yearStart.AddYears(1).AddDays(-1), 25),
            Make($"Meerut range police: 90% with a course completed this year by {asOf.AddDays(41):dd-MM-yyyy}", CampaignMetric.AnyCompletion,
                yearStart, asOf.AddDays(41), asOf.AddDays(41), 90,
                c => { c.ScopeGrouping = meerutRange; c.ScopeDepartment = departments.Single(d => d.Name == PoliceDepartment); }),
        ];
    }

    /// <summary>
    /// A few iGOT CB-plan allocations so that ACR statements have some (from employee ids: no random draw, and one
    /// INSERT ... SELECT per plan, fast at any size): police staff get the new criminal laws (APAR) due in 2025-26 and
    /// cyber security (APAR) due in 2026-27; health staff get Ayushman Bharat (not APAR) due on 31-03-2026.
    /// </summary>
    private static async Task AddCbPlanAllocationsAsync(PortalDbContext db, CancellationToken ct)
    {
        var at = new DateTime(2026, 4, 15, 4, 30, 0, DateTimeKind.Utc);
        async Task AllocateAsync(string igotId, string department, int everyNth, DateOnly allocatedOn, DateOnly dueOn, bool apar)
        {
            var course = await db.Courses.Where(c => c.IgotCourseId == igotId).Select(c => c.Id).SingleAsync(ct);
            var departmentId = await db.Departments.Where(d => d.Name == department).Select(d => d.Id).SingleAsync(ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "CbPlanAllocations" ("EmployeeId", "CourseId", "AllocatedOn", "DueOn", "IsApar", "UpdatedAt")
                SELECT e."Id", {course}, {allocatedOn}, {dueOn}, {apar}, {at} FROM "Employees" AS e
                WHERE e."DepartmentId" = {departmentId} AND e."OnboardedOn" IS NOT NULL AND e."Id" % {everyNth} = 0
                """, ct);
        }
        await AllocateAsync("do_new_crim_laws", PoliceDepartment, 3, new(2025, 5, 1), new(2025, 12, 31), apar: true);
        await AllocateAsync("do_cyber_sec_2023", PoliceDepartment, 5, new(2026, 4, 15), new(2026, 9, 30), apar: true);
        await AllocateAsync("do_ayushman", "Health and Family Welfare", 4, new(2025, 7, 1), new(2026, 3, 31), apar: false);
    }

    /// <summary>
    /// The catalogue's aliases (Allahabad = Prayagraj, Sipahi = Constable...) for every name the state has;
    /// skipped when any alias exists, so a StateAdmin's edits are never undone. Returns how many were added.
    /// </summary>
    public static async Task<int> AddDefaultAliasesAsync(PortalDbContext db, CancellationToken ct)
    {
        if (await db.NameAliases.AnyAsync(ct)) return 0;
        var districts = await db.Districts.ToDictionaryAsync(d => d.Name, d => d.Id, ct);
        var departments = await db.Departments.ToDictionaryAsync(d => d.Name, d => d.Id, ct);
        var designations = await db.Designations.ToDictionaryAsync(d => d.Name, d => d.Id, ct);
        var added = 0;
        foreach (var (kind, alias, target) in Aliases)
        {
            var ids = kind switch { AliasKind.District => districts, AliasKind.Department => departments, _ => designations };
            if (!ids.TryGetValue(target, out var id)) continue;
            db.NameAliases.Add(new NameAlias { Kind = kind, Alias = alias, TargetId = id });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    /// <summary>Ids and weights the row generator draws from.</summary>
    private sealed class ReferenceData
    {
        public District[] Districts { get; }
        public Department[] Departments { get; }
        public Course[] Courses { get; }
        public List<Office> Offices { get; }
        public Dictionary<string, int> DistrictIndex { get; }
        public Dictionary<string, int> DepartmentIndex { get; }
        /// <summary>Per district: base onboarding rate and engagement (how much its staff learn), uneven on purpose.</summary>
        public double[] DistrictOnboarding { get; }
        public double[] DistrictEngagement { get; }
        public int[][] OfficesOf { get; } // [district * departments + department]
        public (Designation Designation, ServiceGroup Group, int[] Courses)[][] DesignationsOf { get; }
        public double[][] DesignationWeights { get; }
        private readonly double[] _districtCumulative;
        private readonly double[] _departmentCumulative;

        public ReferenceData(Random rng, District[] districts, Department[] departments, Dictionary<string, Designation> designations, Course[] courses, List<Office> offices)
        {
            Districts = districts;
            Departments = departments;
            Courses = courses;
            Offices = offices;
            DistrictIndex = districts.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i);
            DepartmentIndex = departments.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i);

            var big = new HashSet<string> { "Lucknow", "Prayagraj", "Kanpur Nagar", "Varanasi", "Agra", "Ghaziabad", "Gorakhpur", "Bareilly", "Meerut", "Moradabad", "Aligarh" };
            _districtCumulative = Cumulative(districts.Select(d => (big.Contains(d.Name) ? 1.8 : 0.7) + rng.NextDouble()).ToArray());
            _departmentCumulative = Cumulative(DemoStateCatalog.Departments.Select(d => d.Weight).ToArray());
            DistrictOnboarding = districts.Select(_ => 0.50 + 0.47 * rng.NextDouble()).ToArray();
            DistrictEngagement = districts.Select(_ => 0.30 + 0.65 * rng.NextDouble()).ToArray();

            OfficesOf = new int[districts.Length * departments.Length][];
            var byPair = offices.Select((o, i) => (o, i)).ToLookup(x => (x.o.District, x.o.Department), x => x.i);
            for (var d = 0; d < districts.Length; d++)
                for (var p = 0; p < departments.Length; p++)
                    OfficesOf[d * departments.Length + p] = byPair[(districts[d], departments[p])].ToArray();

            var designationInfo = DemoStateCatalog.Designations.ToDictionary(d => d.Name);
            DesignationsOf = new (Designation, ServiceGroup, int[])[departments.Length][];
            DesignationWeights = new double[departments.Length][];
            for (var p = 0; p < departments.Length; p++)
            {
                var list = DemoStateCatalog.DesignationsOf(departments[p].Name);
                DesignationsOf[p] = list.Select(x =>
                {
                    var designation = designations[x.Designation];
                    var applicable = courses.Select((c, i) => (c, i))
                        .Where(ci => ci.c.ApplicableDesignations.Count == 0 || ci.c.ApplicableDesignations.Contains(designation))
                        .Select(ci => ci.i).ToArray();
                    return (designation, designationInfo[x.Designation].Group, applicable);
                }).ToArray();
                DesignationWeights[p] = Cumulative(list.Select(x => x.Weight).ToArray());
            }
        }

        public int PickDistrict(Random rng) => Pick(_districtCumulative, rng);
        public int PickDepartment(Random rng) => Pick(_departmentCumulative, rng);

        public static int Pick(double[] cumulative, Random rng)
        {
            var index = Array.BinarySearch(cumulative, rng.NextDouble() * cumulative[^1]);
            return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
        }

        private static double[] Cumulative(double[] weights)
        {
            var sum = 0.0;
            return weights.Select(w => sum += w).ToArray();
        }
    }

    /// <summary>Draws one employee (and their enrolments) at a time, in a fixed order, so the data is reproducible.</summary>
    private sealed class GenerationState(DemoStateOptions options, Random rng, ReferenceData reference, DemoRowWriter writer)
    {
        public int EmployeeCount { get; private set; }
        public int EnrolmentCount { get; private set; }
        public int CompletionCount { get; private set; }
        private readonly int[] _chosen = new int[reference.Courses.Length];
        private readonly int[] _pool = new int[reference.Courses.Length];
        private readonly DateTime _timestamp = options.AsOf.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);

        public async ValueTask EmitAsync(int district, int department, bool? forceOnboarded, CancellationToken ct)
        {
            var id = ++EmployeeCount;
            var info = DemoStateCatalog.Departments[department];
            var designations = reference.DesignationsOf[department];
            var (designation, group, applicableCourses) = designations[ReferenceData.Pick(reference.DesignationWeights[department], rng)];
            var offices = reference.OfficesOf[district * reference.Departments.Length + department];
            var office = reference.Offices[offices[rng.Next(offices.Length)]];

            var hindi = rng.NextDouble() < 0.2;
            string first, last;
            if (hindi) { first = FirstNamesHindi[rng.Next(FirstNamesHindi.Length)]; last = LastNamesHindi[rng.Next(LastNamesHindi.Length)]; }
            else { first = FirstNamesEnglish[rng.Next(FirstNamesEnglish.Length)]; last = LastNamesEnglish[rng.Next(LastNamesEnglish.Length)]; }

            var status = EmployeeStatus.Active;
            if (forceOnboarded is null)
            {
                var s = rng.NextDouble();
                status = s < 0.96 ? EmployeeStatus.Active : s < 0.98 ? EmployeeStatus.Transferred : s < 0.995 ? EmployeeStatus.Retired : EmployeeStatus.Inactive;
            }

            var onboardingChance = Math.Clamp(reference.DistrictOnboarding[district] * info.OnboardingFactor, 0.05, 0.99);
            var onboarded = forceOnboarded ?? rng.NextDouble() < onboardingChance;
            DateOnly? onboardedOn = onboarded ? OnboardingDate() : null;

            var employee = new EmployeeRow(
                id,
                department == reference.DepartmentIndex[PoliceDepartment] ? $"0{id:D9}" : $"{info.CodePrefix}{id:D7}",
                $"{first} {last}",
                designation.Id, reference.Departments[department].Id, reference.Districts[district].Id, office.Id,
                rng.NextDouble() < 0.9 ? $"{6 + rng.Next(4)}{rng.NextInt64(0, 1_000_000_000):D9}" : null,
                !hindi && rng.NextDouble() < 0.6 ? $"{first}.{last}.{id}@up.gov.in".ToLowerInvariant() : null,
                group, status,
                new DateOnly(1990, 1, 1).AddDays(rng.Next(35 * 365)),
                onboarded ? $"igot-{rng.NextInt64():x16}" : null,
                // On the roster for a month to two years before the as-of date (from the id: no extra random draw).
                onboardedOn, _timestamp.AddDays(-(30 + id % 670)));
            await writer.AddEmployeeAsync(employee, ct);

            if (onboardedOn is { } since) await EmitEnrolmentsAsync(id, since, reference.DistrictEngagement[district], applicableCourses, ct);
        }

        private DateOnly OnboardingDate()
        {
            var r = rng.NextDouble();
            // Registration drives: Karmayogi Saptah (Oct 2024) and the "100% registration" push of January 2025.
            if (r < 0.15) return SaptahStart.AddDays(-10 + rng.Next(17));
            if (r < 0.30) return new DateOnly(2025, 1, 1).AddDays(rng.Next(31));
            var span = options.AsOf.DayNumber - FirstOnboardingDay.DayNumber;
            return FirstOnboardingDay.AddDays((int)(span * Math.Pow(rng.NextDouble(), 0.8)));
        }

        private async ValueTask EmitEnrolmentsAsync(int employeeId, DateOnly onboardedOn, double engagement, int[] applicable, CancellationToken ct)
        {
            var wanted = Math.Min(applicable.Length, (int)(engagement * 34 * rng.NextDouble()));
            if (wanted == 0) return;

            // Mandatory courses first (likelier in keener districts), then a random pick of the rest.
            var chosen = 0;
            var others = 0;
            foreach (var c in applicable)
            {
                if (reference.Courses[c].IsMandatory && chosen < wanted && rng.NextDouble() < 0.5 + 0.45 * engagement) _chosen[chosen++] = c;
                else _pool[others++] = c;
            }
            for (var i = 0; i < others && chosen < wanted; i++)
            {
                var j = i + rng.Next(others - i);
                (_pool[i], _pool[j]) = (_pool[j], _pool[i]);
                _chosen[chosen++] = _pool[i];
            }

            var earliest = onboardedOn > FirstEnrolmentDay ? onboardedOn : FirstEnrolmentDay;
            for (var k = 0; k < chosen; k++)
            {
                var course = reference.Courses[_chosen[k]];
                DateOnly enrolledOn;
                int daysToFinish;
                if (earliest <= SaptahStart && rng.NextDouble() < 0.1)
                {
                    enrolledOn = SaptahStart.AddDays(rng.Next(5));
                    daysToFinish = rng.Next(3);
                }
                else
                {
                    enrolledOn = earliest.AddDays(rng.Next(Math.Max(1, options.AsOf.DayNumber - earliest.DayNumber + 1)));
                    daysToFinish = rng.Next(course.IsCapacityBuildingProgramme ? 7 : 0, course.IsCapacityBuildingProgramme ? 40 : 45);
                }
                var completedOn = enrolledOn.AddDays(daysToFinish);
                var completes = completedOn <= options.AsOf && rng.NextDouble() < 0.65 + 0.3 * engagement;
                EnrolmentStatus status;
                int progress;
                if (completes) { status = EnrolmentStatus.Completed; progress = 100; }
                else if (rng.NextDouble() < 0.3) { status = EnrolmentStatus.NotStarted; progress = 0; }
                else { status = EnrolmentStatus.InProgress; progress = 5 + rng.Next(91); }
                var enrolment = new EnrolmentRow(++EnrolmentCount, employeeId, course.Id, status, progress, enrolledOn,
                    completes ? completedOn : null, course.DurationMinutes * progress / 100);
                if (completes) CompletionCount++;
                await writer.AddEnrolmentAsync(enrolment, ct);
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Progress;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.CbPlans;

/// <summary>iGOT CB plan report uploads (<see cref="CbPlanUpload"/>: the allocations matched to the roster and stored).</summary>
public sealed class CbPlanImportService(IDbContextFactory<PortalDbContext> dbFactory, ImportOptions options, TimeProvider clock, ILogger<CbPlanImportService> log,
    Snapshot.ComplianceRefresher? refresher = null, ImportQueue? queue = null)
    : IgotUploadService<CbPlanImportResult>(new UploadPipeline(dbFactory, options, clock, log, refresher, queue), ImportKind.CbPlan,
        password => new CbPlanUpload(password), CbPlanUpload.WorklistFileName);

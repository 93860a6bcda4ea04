using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Progress;

/// <summary>iGOT progress report uploads (<see cref="ProgressUpload"/>: the enrolments matched to the roster and merged).</summary>
public sealed class ProgressImportService(IDbContextFactory<PortalDbContext> dbFactory, ImportOptions options, TimeProvider clock, ILogger<ProgressImportService> log,
    Snapshot.ComplianceRefresher? refresher = null, ImportQueue? queue = null)
    : IgotUploadService<ProgressImportResult>(new UploadPipeline(dbFactory, options, clock, log, refresher, queue), ImportKind.Progress,
        password => new ProgressUpload(password), ProgressUpload.WorklistFileName);

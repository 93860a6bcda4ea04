using Portal.Web.Data;

namespace Portal.Web.Features.Uploads;

/// <summary>A count column of <see cref="UploadHistoryTable"/>: its heading (in the reader's language) and its value for an upload.</summary>
public sealed record UploadHistoryCount(string Label, Func<ImportBatch, int> Value);

using Portal.Web.Resources;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// What an upload page shows of work in progress, and the reporter that feeds it: re-rendered at most five times a
/// second (a million-row file reports thousands of times), a queued upload's place ("Waiting: 1 upload ahead of
/// yours") at once.
/// </summary>
public sealed class UploadProgressView(Func<Task> render)
{
    private DateTime _lastRender;

    public string Text { get; private set; } = "";
    public double Fraction { get; private set; }

    public Task ShowAsync(string text, double fraction, bool force = false)
    {
        Text = text;
        Fraction = fraction;
        if (!force && (DateTime.UtcNow - _lastRender).TotalMilliseconds < 200) return Task.CompletedTask;
        _lastRender = DateTime.UtcNow;
        return render();
    }

    public IProgress<ImportProgress> Reporter() => new Reporting(p => _ = p.Waiting
        ? ShowAsync(p.Phase, 0, force: true)
        : ShowAsync(SharedText.L["{0}: {1} rows", p.Phase, Infrastructure.IndianFormat.Number(p.RowsRead)], p.Fraction));

    private sealed class Reporting(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

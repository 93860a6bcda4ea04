using System.Diagnostics;
using System.Text;

namespace Portal.Tests.Features.Instances;

/// <summary>
/// A real portal process (<c>dotnet Portal.Web.dll</c>, the build beside the tests) on a free loopback port, as Production,
/// on a given SQLite file: what a second server behind a load balancer is. Killed (with its children) on dispose.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string Name { get; }
    public string BaseUrl { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    private PortalProcess(string name, string baseUrl, Process process) => (Name, BaseUrl, _process) = (name, baseUrl, process);

    public static async Task<PortalProcess> StartAsync(string name, string databaseFile, IEnumerable<string> settings)
    {
        var port = Subscriptions.TestSmtpServer.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll"), "--urls", $"http://127.0.0.1:{port}",
                     $"--Database:SqlitePath={databaseFile}" }.Concat(settings))
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        var portal = new PortalProcess(name, $"http://127.0.0.1:{port}", process);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await portal.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return portal;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitHealthyAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Portal {Name} exited ({_process.ExitCode}):\n{Output}");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Portal {Name} did not answer within {within}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

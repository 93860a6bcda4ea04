using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Portal.Web.Features.Subscriptions;

/// <summary>The "Mail" configuration section. The password is never in a file: set it in the environment (Mail__Password).</summary>
public sealed class MailOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    /// <summary>None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTls";
    /// <summary>The From address, e.g. "Karmayogi portal &lt;karmayogi-portal@up.gov.in&gt;".</summary>
    public string Sender { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>The portal's address as readers reach it (for the unsubscribe link), e.g. "https://karmayogi.up.gov.in".</summary>
    public string PortalBaseUrl { get; set; } = "http://localhost:5000";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(Sender);

    public SecureSocketOptions SocketOptions => Security.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "sslonconnect" => SecureSocketOptions.SslOnConnect,
        "starttls" => SecureSocketOptions.StartTls,
        _ => throw new InvalidOperationException($"Mail:Security '{Security}' is not one of None, StartTls, SslOnConnect."),
    };
}

public interface IMailSender
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Sends over SMTP with MailKit, one connection per message (a few reports a week do not need a pool).</summary>
public sealed class SmtpMailSender(MailOptions options) : IMailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (!options.IsConfigured)
            throw new InvalidOperationException("E-mail is not set up on this portal (Mail:Host and Mail:Sender in appsettings.json).");
        using var client = new SmtpClient { Timeout = 60_000 };
        await client.ConnectAsync(options.Host, options.Port, options.SocketOptions, ct);
        if (!string.IsNullOrEmpty(options.UserName))
            await client.AuthenticateAsync(options.UserName, options.Password, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

using System.Threading.RateLimiting;

namespace Portal.Web.Features.Access;

/// <summary>
/// Rate limits for password sign-ins, per client address and per login, on top of the lockout: ASP.NET Core's
/// partitioned fixed-window limiters (what Microsoft.AspNetCore.RateLimiting runs on). They are checked in the login
/// form's handler rather than as endpoint middleware because the login is in the posted form, and the login page's
/// endpoint also serves its GET.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int DefaultPerAddressPerMinute = 10;
    public const int DefaultPerLoginPerMinute = 5;

    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly PartitionedRateLimiter<string> _perLogin;

    public SignInThrottle(int perAddressPerMinute, int perLoginPerMinute)
    {
        _perAddress = PerMinute(perAddressPerMinute);
        _perLogin = PerMinute(perLoginPerMinute);
    }

    /// <summary>`SignIn:AttemptsPerAddressPerMinute` (raise it when many users share one address, e.g. behind a proxy) and `SignIn:AttemptsPerLoginPerMinute`.</summary>
    public static SignInThrottle From(IConfiguration configuration) => new(
        configuration.GetValue("SignIn:AttemptsPerAddressPerMinute", DefaultPerAddressPerMinute),
        configuration.GetValue("SignIn:AttemptsPerLoginPerMinute", DefaultPerLoginPerMinute));

    /// <summary>Takes one attempt from the address's and the login's allowance; false when either is used up.</summary>
    public bool TryAttempt(string? clientAddress, string loginName)
    {
        using var address = _perAddress.AttemptAcquire(clientAddress ?? "unknown");
        if (!address.IsAcquired) return false;
        var login = AccessService.Normalise(loginName);
        using var perLogin = _perLogin.AttemptAcquire(login.Length > AccessService.MaxLoginLength ? login[..AccessService.MaxLoginLength] : login);
        return perLogin.IsAcquired;
    }

    private static PartitionedRateLimiter<string> PerMinute(int permits) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public void Dispose()
    {
        _perAddress.Dispose();
        _perLogin.Dispose();
    }
}

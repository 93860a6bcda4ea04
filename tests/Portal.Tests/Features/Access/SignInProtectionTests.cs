using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Access;

/// <summary>Lockout, parallel guessing, over-long input, unknown logins, session stamps and return URLs.</summary>
public sealed class SignInProtectionTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
    private readonly CountingHasher _hasher = new();
    private AccessService Access => new(_db.Factory, _hasher, _clock);

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private (long Failed, string? LockedUntil) LockoutOf(string login) =>
        _db.Rows($"SELECT FailedSignIns, LockedUntil FROM Users WHERE LoginName = '{login}'", r => (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1))).Single();

    private async Task LockAsync(string login)
    {
        for (var i = 0; i < AccessService.MaxFailedSignIns; i++)
            Assert.Equal(PasswordCheck.Wrong, (await Access.CheckPasswordAsync(login, "guess" + i)).Result);
    }

    [Fact]
    public async Task Attempts_during_a_lockout_neither_extend_it_nor_count()
    {
        await LockAsync(DemoUsers.HealthHr);
        var locked = LockoutOf(DemoUsers.HealthHr);
        Assert.Equal(AccessService.MaxFailedSignIns, locked.Failed);
        Assert.NotNull(locked.LockedUntil);

        // One attempt every 14 minutes used to keep the account locked for ever.
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(PasswordCheck.LockedOut, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, "another guess")).Result);
        Assert.Equal(PasswordCheck.LockedOut, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, DemoUsers.Password)).Result);
        Assert.Equal(locked, LockoutOf(DemoUsers.HealthHr));

        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(PasswordCheck.Ok, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, DemoUsers.Password)).Result);
        Assert.Equal((0L, (string?)null), LockoutOf(DemoUsers.HealthHr));
    }

    [Fact]
    public async Task After_a_lock_expires_the_count_starts_again()
    {
        await LockAsync(DemoUsers.HealthHr);
        _clock.Advance(AccessService.LockoutWindow + TimeSpan.FromSeconds(1));

        Assert.Equal(PasswordCheck.Wrong, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, "one more guess")).Result);
        Assert.Equal((1L, (string?)null), LockoutOf(DemoUsers.HealthHr));
        Assert.Equal(PasswordCheck.Ok, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, DemoUsers.Password)).Result);
    }

    [Fact]
    public async Task Parallel_wrong_passwords_cannot_count_past_the_limit()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Access.CheckPasswordAsync(DemoUsers.PoliceHr, "parallel guess " + i))));

        var (failed, lockedUntil) = LockoutOf(DemoUsers.PoliceHr);
        Assert.Equal(AccessService.MaxFailedSignIns, failed);
        Assert.NotNull(lockedUntil);
        Assert.Equal(AccessService.MaxFailedSignIns, attempts.Count(a => a.Result == PasswordCheck.Wrong));
        Assert.Equal(20 - AccessService.MaxFailedSignIns, attempts.Count(a => a.Result == PasswordCheck.LockedOut));
        Assert.Equal(PasswordCheck.LockedOut, (await Access.CheckPasswordAsync(DemoUsers.PoliceHr, DemoUsers.Password)).Result);
    }

    [Fact]
    public async Task An_over_long_login_or_password_is_refused_without_a_lookup_and_audited_truncated()
    {
        var login = new string('a', 5_000) + "@up.gov.in";

        Assert.Equal(PasswordCheck.TooLong, (await Access.CheckPasswordAsync(login, "x")).Result);
        Assert.Equal(PasswordCheck.TooLong, (await Access.CheckPasswordAsync(DemoUsers.PoliceHr, new string('p', AccessService.MaxPasswordLength + 1))).Result);

        Assert.Equal(0, _hasher.Verifications);
        Assert.Equal(0L, LockoutOf(DemoUsers.PoliceHr).Failed);
        var actors = _db.Rows("SELECT Actor, Details FROM AuditEntries WHERE Action = 'sign-in-failed' ORDER BY Id", r => (r.GetString(0), r.GetString(1)));
        Assert.Equal(2, actors.Count);
        Assert.True(actors[0].Item1.Length <= 101, $"audited actor of {actors[0].Item1.Length} characters");
        Assert.Contains("5010 characters", actors[0].Item2);
    }

    [Theory]
    [InlineData("nobody@up.gov.in")]
    [InlineData(DemoUsers.LucknowViewer)] // made inactive below
    public async Task An_unknown_or_inactive_login_is_answered_after_verifying_a_dummy_hash(string login)
    {
        _db.Scalar($"UPDATE Users SET IsActive = 0 WHERE LoginName = '{DemoUsers.LucknowViewer}'");

        Assert.Equal(PasswordCheck.Wrong, (await Access.CheckPasswordAsync(login, DemoUsers.Password)).Result);

        Assert.Equal(1, _hasher.Verifications);
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Actor = '{login}' AND Action = 'sign-in-failed'"));
    }

    [Fact]
    public async Task A_session_stays_valid_until_the_users_stamp_changes()
    {
        var (_, user) = await Access.CheckPasswordAsync(DemoUsers.PoliceHr, DemoUsers.Password);
        var principal = new ClaimsPrincipal(PortalClaims.CreateIdentity(user!, "Cookies"));
        Assert.True(await Access.IsStillValidAsync(principal));

        _db.Scalar($"UPDATE Users SET SecurityStamp = 'renewed' WHERE LoginName = '{DemoUsers.PoliceHr}'");

        Assert.False(await Access.IsStillValidAsync(principal));
        // A cookie issued before stamps were in the claims is not valid either.
        var withoutStamp = new ClaimsPrincipal(new ClaimsIdentity(principal.Claims.Where(c => c.Type != PortalClaims.SecurityStamp), "Cookies", ClaimTypes.Name, ClaimTypes.Role));
        _db.Scalar($"UPDATE Users SET SecurityStamp = '{user!.SecurityStamp}' WHERE LoginName = '{DemoUsers.PoliceHr}'");
        Assert.True(await Access.IsStillValidAsync(principal));
        Assert.False(await Access.IsStillValidAsync(withoutStamp));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/rosters?x=1", "/rosters?x=1")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/\t/evil.example/", "/")]
    [InlineData("/\r\n/evil.example/", "/")]
    [InlineData("/\u0000x", "/")]
    [InlineData("/a\u007f", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("http:/evil.example/", "/")]
    [InlineData("~/rosters", "/")]
    [InlineData("rosters", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void Return_urls_stay_inside_the_portal(string? returnUrl, string expected) =>
        Assert.Equal(expected, SignInSetup.SafeReturnUrl(returnUrl));

    [Fact]
    public void The_throttle_allows_so_many_attempts_a_minute_per_address_and_per_login()
    {
        using var throttle = new SignInThrottle(perAddressPerMinute: 3, perLoginPerMinute: 2);

        Assert.True(throttle.TryAttempt("10.0.0.1", "a@up.gov.in"));
        Assert.True(throttle.TryAttempt("10.0.0.1", " A@UP.gov.in"));
        Assert.False(throttle.TryAttempt("10.0.0.2", "a@up.gov.in")); // the login's allowance is used up, from any address
        Assert.True(throttle.TryAttempt("10.0.0.1", "b@up.gov.in"));
        Assert.False(throttle.TryAttempt("10.0.0.1", "c@up.gov.in")); // the address's allowance is used up
        Assert.True(throttle.TryAttempt("10.0.0.3", "c@up.gov.in"));
    }

    /// <summary>The real hasher, counting how often a password is verified.</summary>
    private sealed class CountingHasher : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> _inner = new();
        private int _verifications;
        public int Verifications => _verifications;

        public string HashPassword(PortalUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

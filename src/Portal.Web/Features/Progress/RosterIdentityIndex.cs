using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Data;

namespace Portal.Web.Features.Progress;

/// <summary>How a report row found its employee (or did not).</summary>
public enum MatchMethod : byte
{
    Unmatched,
    EmployeeCode,
    Email,
    Mobile,
    /// <summary>An iGOT user a clerk linked to the employee by hand (<see cref="IgotUserLink"/>).</summary>
    Linked,
    /// <summary>Two or more roster employees hold the row's e-mail or mobile: not guessed.</summary>
    Ambiguous,
}

/// <summary>
/// Where a row matched: <see cref="Employee"/> is the index of the employee in <see cref="RosterIdentityIndex"/> (not its
/// id) when <see cref="Method"/> names one; <see cref="Candidates"/> counts the employees of an ambiguous row;
/// <see cref="InScope"/> says whether the matched employee (or, for an ambiguous row, any candidate) is the uploader's.
/// </summary>
public readonly record struct RosterMatch(MatchMethod Method, int Employee, int Candidates, bool InScope)
{
    public bool IsEmployee => Method is MatchMethod.EmployeeCode or MatchMethod.Email or MatchMethod.Mobile or MatchMethod.Linked;
}

/// <summary>
/// The whole roster's identities, kept compact so that a state of 3,000,000 employees costs about 50 bytes each: per
/// employee its id, district, department and two flags in arrays; per key (code, e-mail, mobile) a sorted array of
/// 64-bit keys beside the employee indexes that hold them. Codes and e-mails are kept as 64-bit FNV-1a hashes of their
/// normalised text (two of a million keys collide about once in 30 million rosters; a collision can only make a row
/// ambiguous or match the holder of the other key), mobiles as the number itself. Hand links are few and kept as they are.
/// Read-only once loaded, so the reading thread matches while another thread writes.
///
/// <para>Matching, in the product owner's order: the employee code when the row has one that is on the roster; else the
/// e-mail; else the mobile; else a hand link of the iGOT user. The first key that finds anyone decides: a shared e-mail
/// makes the row ambiguous even if its mobile is someone's alone (the mobile would be a guess between people who
/// share an address). A hand link resolves an ambiguous row (counted as linked).</para>
///
/// <para>Inactive employees (inactive, retired, transferred) are matched: their learning is real and stays on their
/// record. But when an e-mail or mobile is held by several employees, the active ones are the candidates: one active
/// holder beats any number of inactive ones (the usual case of an address re-used after a retirement); two active
/// holders, or only inactive holders and more than one of them, make the row ambiguous.</para>
/// </summary>
public sealed class RosterIdentityIndex
{
    private const byte ActiveFlag = 1, OnboardedFlag = 2;

    private readonly int[] _ids;
    private readonly int[] _districts;
    private readonly int[] _departments;
    private readonly byte[] _flags;
    private readonly KeyIndex _codes, _emails, _mobiles;
    private readonly Dictionary<string, int> _links;
    private readonly DataScope _scope;

    private RosterIdentityIndex(int[] ids, int[] districts, int[] departments, byte[] flags, KeyIndex codes, KeyIndex emails, KeyIndex mobiles,
        Dictionary<string, int> links, DataScope scope)
    {
        _ids = ids;
        _districts = districts;
        _departments = departments;
        _flags = flags;
        _codes = codes;
        _emails = emails;
        _mobiles = mobiles;
        _links = links;
        _scope = scope;
    }

    /// <summary>Employees on the roster (indexes run from 0 to Count - 1, in id order).</summary>
    public int Count => _ids.Length;
    public int IdOf(int employee) => _ids[employee];
    public int DistrictOf(int employee) => _districts[employee];
    public int DepartmentOf(int employee) => _departments[employee];
    public bool WasOnboarded(int employee) => (_flags[employee] & OnboardedFlag) != 0;
    public bool IsInScope(int employee) => _scope.Includes(_districts[employee], _departments[employee]);
    /// <summary>Whether any hand link exists (if none, a row's user key need not be made to look one up).</summary>
    public bool HasLinks => _links.Count > 0;

    /// <summary>Every employee's keys in id order, empty text for a missing e-mail or mobile, the flags as <see cref="ActiveFlag"/> | <see cref="OnboardedFlag"/>.</summary>
    internal static readonly string RosterKeysSql =
        "SELECT \"Id\", \"EmployeeCode\", COALESCE(\"Email\", ''), COALESCE(\"Mobile\", ''), \"DistrictId\", \"DepartmentId\", " +
        $"CASE WHEN \"Status\" = {(int)EmployeeStatus.Active} THEN {ActiveFlag} ELSE 0 END + CASE WHEN \"OnboardedOn\" IS NULL THEN 0 ELSE {OnboardedFlag} END " +
        "FROM \"Employees\" ORDER BY \"Id\"";

    /// <summary>
    /// Reads every employee's keys, and the hand links, through <paramref name="db"/>'s connection (and transaction):
    /// the whole roster, whatever the uploader's scope, since a row of someone else's staff must be recognised as
    /// such rather than reported as unmatched.
    /// </summary>
    public static async Task<RosterIdentityIndex> LoadAsync(PortalDbContext db, DataScope uploaderScope, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();

        int count;
        await using (var counting = connection.CreateCommand())
        {
            counting.Transaction = transaction;
            counting.CommandText = "SELECT COUNT(*) FROM \"Employees\"";
            count = Convert.ToInt32(await counting.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        var ids = new int[count];
        var districts = new int[count];
        var departments = new int[count];
        var flags = new byte[count];
        var codes = new KeyIndex.Builder(count);
        var emails = new KeyIndex.Builder(count);
        var mobiles = new KeyIndex.Builder(count);
        var n = 0;
        // NULLs and flags are made in SQL (portable: COALESCE and CASE), and the text is hashed from its UTF-8 bytes
        // as the provider hands them over: a string made of every code and e-mail cost more than the read itself.
        using (var rows = Data.Providers.DatabaseDialect.For(db).ReadUtf8Rows(db, RosterKeysSql))
        {
            while (rows.Read())
            {
                // Rows added since the count (none inside a committing import's transaction) are left for the next upload.
                if (n == count) break;
                ids[n] = rows.GetInt32(0);
                codes.Add(HashOfUtf8(rows.GetUtf8(1)), n);
                if (HashOfEmailUtf8(rows.GetUtf8(2)) is { } email) emails.Add(email, n);
                if (MobileKeyUtf8(rows.GetUtf8(3)) is { } mobile) mobiles.Add(mobile, n);
                districts[n] = rows.GetInt32(4);
                departments[n] = rows.GetInt32(5);
                flags[n] = (byte)rows.GetInt32(6);
                n++;
                if ((n & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            }
        }
        if (n < count)
        {
            Array.Resize(ref ids, n);
            Array.Resize(ref districts, n);
            Array.Resize(ref departments, n);
            Array.Resize(ref flags, n);
        }

        var links = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var link in await db.IgotUserLinks.AsNoTracking().Select(l => new { l.UserKey, l.EmployeeId }).ToListAsync(ct))
        {
            var index = Array.BinarySearch(ids, link.EmployeeId);
            if (index >= 0) links[link.UserKey] = index;
        }
        // The three sorts at once: nothing else runs while the roster loads (the report's reading waits for it).
        KeyIndex codeIndex = null!, emailIndex = null!, mobileIndex = null!;
        Parallel.Invoke(() => codeIndex = codes.Build(), () => emailIndex = emails.Build(), () => mobileIndex = mobiles.Build());
        return new RosterIdentityIndex(ids, districts, departments, flags, codeIndex, emailIndex, mobileIndex, links, uploaderScope);
    }

    /// <summary>
    /// The employee of a row. <paramref name="userKey"/> makes the row's <see cref="IgotUserKey"/> when a hand link is
    /// to be looked up (only then: most rows never need it).
    /// </summary>
    public RosterMatch Match(string? employeeCode, string? email, string? phone, Func<string> userKey)
    {
        if (!string.IsNullOrEmpty(employeeCode) && Resolve(_codes, HashOf(employeeCode), MatchMethod.EmployeeCode) is { } byCode)
            return ResolveAmbiguity(byCode, userKey);
        if (HashOfEmail(email) is { } emailKey && Resolve(_emails, emailKey, MatchMethod.Email) is { } byEmail)
            return ResolveAmbiguity(byEmail, userKey);
        if (MobileKey(phone) is { } mobileKey && Resolve(_mobiles, mobileKey, MatchMethod.Mobile) is { } byMobile)
            return ResolveAmbiguity(byMobile, userKey);
        return Linked(userKey) ?? new RosterMatch(MatchMethod.Unmatched, -1, 0, true);
    }

    private RosterMatch ResolveAmbiguity(RosterMatch match, Func<string> userKey) =>
        match.Method == MatchMethod.Ambiguous ? Linked(userKey) ?? match : match;

    private RosterMatch? Linked(Func<string> userKey) =>
        _links.Count > 0 && _links.TryGetValue(userKey(), out var employee)
            ? new RosterMatch(MatchMethod.Linked, employee, 1, IsInScope(employee)) : null;

    /// <summary>The holder of a key, or the candidates when several hold it (active ones first: see the class comment); null when nobody does.</summary>
    private RosterMatch? Resolve(KeyIndex index, ulong key, MatchMethod method)
    {
        var (from, to) = index.Find(key);
        if (from == to) return null;
        if (to - from == 1)
        {
            var only = index.EmployeeAt(from);
            return new RosterMatch(method, only, 1, IsInScope(only));
        }
        int active = 0, lastActive = -1, activeInScope = 0, inScope = 0;
        for (var i = from; i < to; i++)
        {
            var employee = index.EmployeeAt(i);
            var scoped = IsInScope(employee);
            if (scoped) inScope++;
            if ((_flags[employee] & ActiveFlag) == 0) continue;
            active++;
            lastActive = employee;
            if (scoped) activeInScope++;
        }
        if (active == 1) return new RosterMatch(method, lastActive, 1, IsInScope(lastActive));
        return active > 1
            ? new RosterMatch(MatchMethod.Ambiguous, -1, active, activeInScope > 0)
            : new RosterMatch(MatchMethod.Ambiguous, -1, to - from, inScope > 0);
    }

    /// <summary>64-bit FNV-1a over the text's UTF-16 code units.</summary>
    internal static ulong HashOf(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text)
        {
            hash ^= ch;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>An e-mail trimmed and lower-cased (as the roster stores it, and as the report's parser gives it) and hashed.</summary>
    internal static ulong? HashOfEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var trimmed = email.AsSpan().Trim();
        Span<char> lower = trimmed.Length <= 256 ? stackalloc char[trimmed.Length] : new char[trimmed.Length];
        trimmed.ToLowerInvariant(lower);
        return HashOf(lower);
    }

    /// <summary><see cref="HashOf"/> of UTF-8 text: ASCII hashed byte by byte (the same code units), anything else decoded first.</summary>
    internal static ulong HashOfUtf8(ReadOnlySpan<byte> text)
    {
        if (!System.Text.Ascii.IsValid(text)) return HashOf(System.Text.Encoding.UTF8.GetString(text));
        var hash = 14695981039346656037UL;
        foreach (var b in text)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary><see cref="HashOfEmail"/> of UTF-8 text: ASCII trimmed, lower-cased and hashed byte by byte, anything else decoded first.</summary>
    internal static ulong? HashOfEmailUtf8(ReadOnlySpan<byte> email)
    {
        if (!System.Text.Ascii.IsValid(email)) return HashOfEmail(System.Text.Encoding.UTF8.GetString(email));
        var trimmed = TrimAscii(email);
        if (trimmed.IsEmpty) return null;
        var hash = 14695981039346656037UL;
        foreach (var b in trimmed)
        {
            hash ^= b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary><see cref="MobileKey"/> of UTF-8 text.</summary>
    internal static ulong? MobileKeyUtf8(ReadOnlySpan<byte> mobile)
    {
        if (!System.Text.Ascii.IsValid(mobile)) return MobileKey(System.Text.Encoding.UTF8.GetString(mobile));
        var digits = TrimAscii(mobile);
        if (digits.Length != 10) return null;
        ulong value = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9') return null;
            value = value * 10 + (ulong)(b - '0');
        }
        return value;
    }

    /// <summary>ASCII text (only) without the white space <see cref="char.IsWhiteSpace"/> would trim at either end.</summary>
    private static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> text)
    {
        var from = 0;
        var to = text.Length;
        while (from < to && char.IsWhiteSpace((char)text[from])) from++;
        while (to > from && char.IsWhiteSpace((char)text[to - 1])) to--;
        return text[from..to];
    }

    /// <summary>A 10-digit mobile as its number; anything else is no key.</summary>
    internal static ulong? MobileKey(string? mobile)
    {
        if (mobile is null) return null;
        var digits = mobile.AsSpan().Trim();
        if (digits.Length != 10) return null;
        ulong value = 0;
        foreach (var ch in digits)
        {
            if (!char.IsAsciiDigit(ch)) return null;
            value = value * 10 + (ulong)(ch - '0');
        }
        return value;
    }

    /// <summary>
    /// Keys sorted beside the employee indexes holding them, with a directory of where each slice of the keys' range
    /// starts: 14 bytes a key. A lookup reads the directory and searches one slice of about two keys, where a binary
    /// search of a million keys waited on ten or more cache misses (the keys are hashes, or mobiles, spread evenly
    /// enough; an uneven spread makes some slices longer, never a wrong answer).
    /// </summary>
    private sealed class KeyIndex
    {
        private readonly ulong[] _keys;
        private readonly int[] _employees;
        /// <summary>Slice s holds positions [_slices[s], _slices[s + 1]).</summary>
        private readonly int[] _slices;
        private readonly ulong _lowest;
        private readonly double _slicesPerKey;

        public KeyIndex(ulong[] keys, int[] employees)
        {
            _keys = keys;
            _employees = employees;
            var count = Math.Max(1, keys.Length / 2);
            _slices = new int[count + 1];
            if (keys.Length == 0) return;
            _lowest = keys[0];
            _slicesPerKey = count / ((double)(keys[^1] - _lowest) + 1);
            foreach (var key in keys) _slices[SliceOf(key) + 1]++;
            for (var s = 0; s < count; s++) _slices[s + 1] += _slices[s];
        }

        /// <summary>Non-decreasing in the key (so each slice is a run of the sorted keys), 0 to the slice count - 1.</summary>
        private int SliceOf(ulong key) => Math.Min((int)((key - _lowest) * _slicesPerKey), _slices.Length - 2);

        public int EmployeeAt(int position) => _employees[position];

        /// <summary>The positions [from, to) that hold <paramref name="key"/>.</summary>
        public (int From, int To) Find(ulong key)
        {
            if (_keys.Length == 0 || key < _lowest || key > _keys[^1]) return (0, 0);
            var slice = SliceOf(key);
            int lo = _slices[slice], hi = _slices[slice + 1];
            while (lo < hi)
            {
                var mid = (int)((uint)(lo + hi) >> 1);
                if (_keys[mid] < key) lo = mid + 1; else hi = mid;
            }
            var to = lo;
            while (to < _keys.Length && _keys[to] == key) to++;
            return (lo, to);
        }

        public sealed class Builder(int capacity)
        {
            private ulong[] _keys = new ulong[capacity];
            private int[] _employees = new int[capacity];
            private int _count;

            public void Add(ulong key, int employee)
            {
                if (_count == _keys.Length)
                {
                    Array.Resize(ref _keys, Math.Max(16, _count * 2));
                    Array.Resize(ref _employees, _keys.Length);
                }
                _keys[_count] = key;
                _employees[_count++] = employee;
            }

            public KeyIndex Build()
            {
                Array.Resize(ref _keys, _count);
                Array.Resize(ref _employees, _count);
                Array.Sort(_keys, _employees);
                return new KeyIndex(_keys, _employees);
            }
        }
    }
}

using Portal.Web.Data;

namespace Portal.Web.Features.Progress;

/// <summary>
/// The iGOT users of an upload's rows that matched no roster employee, or several, gathered per user
/// (<see cref="IgotUserKey"/>), for the result and the workbook given back: rows that match nobody are listed, never
/// dropped silently. Not saved here (no ids).
/// </summary>
public sealed class UnmatchedUserList
{
    private readonly Dictionary<string, IgotUnmatchedUser> _users = new(StringComparer.Ordinal);

    public int Count => _users.Count;

    /// <summary>The users in no particular order (to save them; <see cref="Sorted"/> to show them).</summary>
    public IEnumerable<IgotUnmatchedUser> All => _users.Values;

    /// <param name="completed">The row says the user completed the content (counted in the user's Completions).</param>
    public void Note(string? name, string? email, string? phone, string? employeeCode, string? designation, string? organisation, RosterMatch match, bool completed)
    {
        var key = IgotUserKey.Of(email, phone, name, organisation);
        if (!_users.TryGetValue(key, out var user))
            _users[key] = user = new IgotUnmatchedUser { UserKey = key, Problem = IgotMatchProblem.Unmatched };
        if (match.Method == MatchMethod.Ambiguous)
        {
            user.Problem = IgotMatchProblem.Ambiguous;
            user.Candidates = Math.Max(user.Candidates, match.Candidates);
        }
        // Cut to the worklist table's columns, so that the list can be saved as it is.
        user.Name ??= Cut(name, 200);
        user.Email ??= Cut(email, 254);
        user.Phone ??= Cut(phone, 20);
        user.EmployeeCode ??= Cut(employeeCode, 50);
        user.Designation ??= Cut(designation, 200);
        user.Organisation ??= Cut(organisation, 300);
        user.Rows++;
        if (completed) user.Completions++;
    }

    /// <summary>The users in the order of their keys (the same upload always lists them alike).</summary>
    public IReadOnlyList<IgotUnmatchedUser> Sorted() => [.. _users.Values.OrderBy(u => u.UserKey, StringComparer.Ordinal)];

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}

using System.Net;

namespace Portal.Web.Features.Subscriptions;

/// <summary>
/// /unsubscribe/{token}: the link in every scheduled e-mail, usable without signing in (the token is the secret). The
/// link shows a page with one button; the button's POST deletes the subscription. A GET changes nothing, because mail
/// scanners open links by themselves.
/// </summary>
public static class UnsubscribeEndpoints
{
    public static void MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/unsubscribe/{token}", async (string token, SubscriptionService subscriptions, CancellationToken ct) =>
        {
            var title = await subscriptions.FindByTokenAsync(token, ct);
            return title is null
                ? Page("This e-mail subscription no longer exists. You will not receive it again.", form: null)
                : Page($"Stop receiving \"{title}\" by e-mail?", form: $"/unsubscribe/{Uri.EscapeDataString(token)}");
        }).AllowAnonymous();

        // No antiforgery token: the signed-out reader has no session to forge, and the token in the address is the secret.
        app.MapPost("/unsubscribe/{token}", async (string token, SubscriptionService subscriptions, CancellationToken ct) =>
            await subscriptions.UnsubscribeAsync(token, ct)
                ? Page("You will not receive this report by e-mail any more.", form: null)
                : Page("This e-mail subscription no longer exists. You will not receive it again.", form: null))
            .AllowAnonymous().DisableAntiforgery();
    }

    private static IResult Page(string message, string? form) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Reports by e-mail · Karmayogi Portal</title></head>
        <body><main><h1>Reports by e-mail</h1><p data-testid="unsubscribe-message">{WebUtility.HtmlEncode(message)}</p>
        {(form is null ? "" : $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(form)}\"><button type=\"submit\">Stop these e-mails</button></form>")}
        </main></body></html>
        """, "text/html; charset=utf-8");
}

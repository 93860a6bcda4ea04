using System.Net;
using Microsoft.Extensions.Localization;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Resources;

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
        app.MapGet("/unsubscribe/{token}", async (string token, SubscriptionService subscriptions, IStringLocalizer<SharedText> L, CancellationToken ct) =>
        {
            var title = await subscriptions.FindByTokenAsync(token, ct);
            return title is null
                ? Page(L, L["This e-mail subscription no longer exists. You will not receive it again."], form: null)
                : Page(L, L["Stop receiving \"{0}\" by e-mail?", title], form: $"/unsubscribe/{Uri.EscapeDataString(token)}");
        }).AllowAnonymous();

        // No antiforgery token: the signed-out reader has no session to forge, and the token in the address is the secret.
        app.MapPost("/unsubscribe/{token}", async (string token, SubscriptionService subscriptions, IStringLocalizer<SharedText> L, CancellationToken ct) =>
            await subscriptions.UnsubscribeAsync(token, ct)
                ? Page(L, L["You will not receive this report by e-mail any more."], form: null)
                : Page(L, L["This e-mail subscription no longer exists. You will not receive it again."], form: null))
            .AllowAnonymous().DisableAntiforgery();
    }

    private static IResult Page(IStringLocalizer<SharedText> L, string message, string? form) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="{PortalLanguages.PageLang}"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(L["Reports by e-mail"])} · {WebUtility.HtmlEncode(L["Karmayogi Portal"])}</title></head>
        <body><main><h1>{WebUtility.HtmlEncode(L["Reports by e-mail"])}</h1><p data-testid="unsubscribe-message">{WebUtility.HtmlEncode(message)}</p>
        {(form is null ? "" : $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(form)}\"><button type=\"submit\">{WebUtility.HtmlEncode(L["Stop these e-mails"])}</button></form>")}
        </main></body></html>
        """, "text/html; charset=utf-8");
}

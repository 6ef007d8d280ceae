using Grpc.Core;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.ServiceDefaults.Auth;

/// <summary>
/// Who is making a call, for the audit trail: the token's subject, and the client it used when that
/// is someone else (a team's tool, a service). Only the verified token counts; no request header
/// can name somebody else.
/// </summary>
public static class CallerIdentity
{
    /// <summary>Longest caller name histories, acknowledgements, rules and silences record.</summary>
    public const int MaxLength = 200;

    /// <summary>The caller's name; a token whose subject or client cannot be recorded is INVALID_ARGUMENT on <c>authorization</c>.</summary>
    public static string Of(ServerCallContext context)
    {
        var violations = new FieldViolations();
        var caller = violations.Text(NameOf(context), "authorization", MaxLength, required: true);
        violations.ThrowIfAny("The bearer token's subject and client cannot be recorded as the caller.");
        return caller!;
    }

    /// <summary>The caller's name as the token gives it, unchecked: a key to count the caller's calls by, never recorded.</summary>
    public static string NameOf(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var subject = user.FindFirst(CallerClaims.Subject)?.Value;
        var client = user.FindFirst(CallerClaims.ClientId)?.Value ?? user.FindFirst(CallerClaims.AuthorizedParty)?.Value;
        return (subject, client) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) when subject != client => $"{subject} (client {client})",
            ({ Length: > 0 }, _) => subject,
            (_, { Length: > 0 }) => $"client {client}",
            // The interceptor lets no unauthenticated call reach a writer; a token without sub or client still signed in.
            _ => "unnamed caller",
        };
    }
}

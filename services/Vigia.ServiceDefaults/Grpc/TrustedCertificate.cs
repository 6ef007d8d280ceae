using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>
/// Vigia:Tls:TrustedCertificateFile: a PEM certificate (a private CA, or a service's self-signed
/// certificate) that a service's calls to other services trust instead of the system store, for
/// installations whose certificates do not come from a public CA.
/// </summary>
public static class TrustedCertificate
{
    public const string FileKey = "Vigia:Tls:TrustedCertificateFile";

    /// <summary>The transport for calls to other services: trusting only the configured certificate when one is, sockets' defaults otherwise.</summary>
    public static SocketsHttpHandler CreateHandler(IConfiguration configuration) =>
        configuration[FileKey] is { Length: > 0 } path
            ? CreateHandler(X509CertificateLoader.LoadCertificateFromFile(path))
            : new SocketsHttpHandler { EnableMultipleHttp2Connections = true };

    public static SocketsHttpHandler CreateHandler(X509Certificate2 trusted)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(trusted);
        return new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
        };
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Testing;

/// <summary>
/// A self-signed certificate for localhost and 127.0.0.1, made for one test run: a PFX for Kestrel
/// (Kestrel__Certificates__Default__Path) and a PEM for the callers that must trust it.
/// </summary>
public sealed class TestCertificate
{
    private TestCertificate(X509Certificate2 certificate, string pfxPath, string password, string pemPath)
    {
        Certificate = certificate;
        PfxPath = pfxPath;
        Password = password;
        PemPath = pemPath;
    }

    public X509Certificate2 Certificate { get; }
    public string PfxPath { get; }
    public string Password { get; }
    public string PemPath { get; }

    public static TestCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var directory = Path.Combine(Path.GetTempPath(), "vigia-test-tls", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var password = Guid.NewGuid().ToString("N");
        var pfxPath = Path.Combine(directory, "localhost.pfx");
        var pemPath = Path.Combine(directory, "localhost.pem");
        File.WriteAllBytes(pfxPath, created.Export(X509ContentType.Pfx, password));
        File.WriteAllText(pemPath, created.ExportCertificatePem());
        return new TestCertificate(X509Certificate2.CreateFromPem(created.ExportCertificatePem()), pfxPath, password, pemPath);
    }

    /// <summary>A transport that trusts this certificate (only), for the tests' own channels.</summary>
    public HttpMessageHandler CreateHandler() => TrustedCertificate.CreateHandler(Certificate);
}

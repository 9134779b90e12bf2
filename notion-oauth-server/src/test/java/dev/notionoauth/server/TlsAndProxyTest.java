package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.SelfSignedCertificate;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TlsAndProxyTest {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();
  @TempDir static Path dir;
  static Path keystore;
  static SSLContext trusting;

  /** A self-signed certificate for localhost and 127.0.0.1, also as PEM files. */
  @BeforeAll
  static void makeCertificate() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
    keystore = certificate.keystoreFile();
    trusting = certificate.trustingContext();
    KeyStore ks = certificate.keyStore();
    // the same key and certificate as PEM files
    PrivateKey key =
        (PrivateKey)
            ks.getKey(SelfSignedCertificate.ALIAS, SelfSignedCertificate.PASSWORD.toCharArray());
    Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    Files.writeString(
        dir.resolve("cert.pem"),
        pem("CERTIFICATE", ks.getCertificate(SelfSignedCertificate.ALIAS).getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static NotionOAuthServer httpsServer(int port, ServerConfig.Tls tls) {
    ServerConfigBuilder plain = TestServers.config(NOTION.emulator(), port).tls(tls);
    // an HTTPS public URL: the redirect URI is https
    ServerConfig config =
        TestServers.withRedirect(
                plain, NOTION.emulator(), "https://localhost:" + port + "/notion/callback")
            .build();
    return NotionOAuthServer.builder(config).build().start();
  }

  @Test
  void terminatesTlsWithAPkcs12KeystoreAndCompletesTheFlowWithASecureHostCookie() {
    int port = TestServers.freePort();
    try (NotionOAuthServer server =
        httpsServer(port, ServerConfig.Tls.keystore(keystore, SelfSignedCertificate.PASSWORD))) {
      HttpBrowser browser = new HttpBrowser(trusting);
      URI base = URI.create("https://localhost:" + port);

      HttpResponse<String> landing = browser.get(base.resolve("/"));
      assertThat(landing.statusCode()).isEqualTo(200);
      assertThat(landing.headers().firstValue("strict-transport-security"))
          .contains("max-age=63072000; includeSubDomains");

      HttpResponse<String> install = browser.get(base.resolve("/notion/install"));
      assertThat(install.headers().firstValue("set-cookie").orElseThrow())
          .matches(
              "__Host-noh_bind=[A-Za-z0-9_-]{43}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure");
      URI callback =
          NOTION
              .emulator()
              .approve(URI.create(install.headers().firstValue("location").orElseThrow()));
      assertThat(callback.getScheme()).isEqualTo("https");
      HttpResponse<String> result = browser.follow(browser.get(callback));
      assertThat(result.statusCode()).isEqualTo(200);
      assertThat(result.body()).contains("Connected to Notion");
    }
  }

  @Test
  void terminatesTlsWithPemCertificateAndKey() {
    int port = TestServers.freePort();
    try (NotionOAuthServer server =
        httpsServer(port, ServerConfig.Tls.pem(dir.resolve("cert.pem"), dir.resolve("key.pem")))) {
      HttpResponse<String> r =
          new HttpBrowser(trusting).get(URI.create("https://127.0.0.1:" + port + "/healthz"));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("strict-transport-security")).isPresent();
    }
  }

  @Test
  void believesForwardedHeadersOnlyFromTrustedProxies() throws Exception {
    int trustedPort = TestServers.freePort();
    int untrustedPort = TestServers.freePort();
    try (NotionOAuthServer trusted =
            NotionOAuthServer.builder(
                    TestServers.config(NOTION.emulator(), trustedPort)
                        .trustedProxies(List.of("127.0.0.1"))
                        .build())
                .build()
                .start();
        NotionOAuthServer untrusted =
            NotionOAuthServer.builder(
                    TestServers.config(NOTION.emulator(), untrustedPort)
                        .trustedProxies(List.of("10.0.0.0/8"))
                        .build())
                .build()
                .start()) {
      HttpBrowser browser = new HttpBrowser();
      String[] forwarded = {
        "X-Forwarded-Proto",
        "https",
        "X-Forwarded-Host",
        "evil.example",
        "X-Forwarded-For",
        "203.0.113.9"
      };

      HttpResponse<String> viaProxy =
          browser.get(URI.create("http://127.0.0.1:" + trustedPort + "/readyz"), forwarded);
      HttpResponse<String> spoofed =
          browser.get(URI.create("http://127.0.0.1:" + untrustedPort + "/healthz"), forwarded);

      assertThat(viaProxy.headers().firstValue("strict-transport-security")).isPresent();
      assertThat(spoofed.headers().firstValue("strict-transport-security")).isEmpty();
      String log = TestServers.awaitLog("203.0.113.9 \"GET /readyz");
      assertThat(log)
          .contains("203.0.113.9 \"GET /readyz")
          .doesNotContain("203.0.113.9 \"GET /healthz");
      // the redirect target never comes from forwarded headers
      HttpResponse<String> install =
          browser.get(URI.create("http://127.0.0.1:" + trustedPort + "/notion/install"), forwarded);
      assertThat(install.headers().firstValue("location").orElseThrow())
          .contains("redirect_uri=http%3A%2F%2Flocalhost%3A" + trustedPort + "%2Fnotion%2Fcallback")
          .doesNotContain("evil.example");
    }
  }
}

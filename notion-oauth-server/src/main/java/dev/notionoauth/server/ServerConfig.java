package dev.notionoauth.server;

import dev.notionoauth.ClientSecret;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.UnboundInstallPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The standalone server's whole configuration, validated. Read it from YAML with {@link
 * ConfigLoader}; every key is kebab-case there.
 *
 * @param notion the integration's Notion side
 * @param server where and how the server listens
 * @param store where states and installations are kept
 * @param consumer the consumer plugin's name ({@code consumer})
 * @param view the view plugin's name ({@code view})
 * @param settings the free map handed to the plugins ({@code settings})
 * @param documents URL path to document ({@code documents})
 */
public record ServerConfig(
    Notion notion,
    Http server,
    Store store,
    String consumer,
    String view,
    Map<String, Object> settings,
    Map<String, Document> documents) {

  /**
   * The {@code notion} section.
   *
   * @param clientId {@code client-id}
   * @param clientSecret {@code client-secret}, or the content of {@code client-secret-file}
   * @param redirectUri {@code redirect-uri}, exactly as registered in Notion
   * @param apiBaseUrl {@code api-base-url}, default {@code https://api.notion.com}
   * @param version {@code version}, the {@code Notion-Version} header
   */
  public record Notion(
      String clientId,
      ClientSecret clientSecret,
      String redirectUri,
      URI apiBaseUrl,
      String version) {}

  /**
   * The {@code server} section.
   *
   * @param host {@code host}, default {@code 127.0.0.1}
   * @param port {@code port}, default 8080 (0 picks a free port)
   * @param basePath {@code base-path}, a prefix for every route, default empty
   * @param installPath {@code install-path}, default {@code /notion/install}
   * @param callbackPath {@code callback-path}, default {@code /notion/callback}
   * @param resultPath {@code result-path}, default {@code /notion/result}
   * @param tls {@code tls}, or null for plain HTTP
   * @param trustedProxies {@code trusted-proxies}: addresses or CIDR ranges whose {@code
   *     X-Forwarded-*} headers are believed
   * @param installLinks {@code install-link-secret} and {@code require-install-link}, or null
   * @param shutdownTimeout {@code shutdown-timeout}, how long in-flight requests may finish
   * @param landingPage {@code landing-page}: serve an "Add to Notion" page at the base path
   * @param siteName {@code site-name}, shown in page titles
   * @param unboundInstalls {@code unbound-installs}: {@code reject} (default) or {@code
   *     accept-unbound} callbacks without our state
   * @param installRateLimit {@code install-rate-limit}: installs one client address may start per
   *     minute, default 60, 0 for no limit
   * @param maxConnections {@code max-connections}: open connections accepted at once, default 1000;
   *     beyond, new connections wait in the operating system's queue
   * @param idleTimeout {@code idle-timeout}: a connection silent this long is closed, default 30 s
   * @param metricsFrom {@code metrics-from}: addresses or CIDR ranges allowed to read {@code
   *     /metrics}, default loopback only; empty turns the route off
   */
  public record Http(
      String host,
      int port,
      String basePath,
      String installPath,
      String callbackPath,
      String resultPath,
      @Nullable Tls tls,
      List<String> trustedProxies,
      @Nullable InstallLinkSettings installLinks,
      Duration shutdownTimeout,
      boolean landingPage,
      String siteName,
      UnboundInstallPolicy unboundInstalls,
      int installRateLimit,
      int maxConnections,
      Duration idleTimeout,
      List<String> metricsFrom) {}

  /**
   * The {@code store} section.
   *
   * @param jdbcUrl {@code jdbc-url}, default {@code jdbc:sqlite:./data/notion-oauth.db}
   * @param username {@code username}, if any
   * @param password {@code password}, if any
   * @param poolSize {@code pool-size}, default 4 (SQLite) or 10 (PostgreSQL)
   * @param encryptionKey {@code encryption-key} or the content of {@code encryption-key-file}:
   *     base64 of 32 bytes; required by the {@code store} consumer
   * @param previousEncryptionKeys {@code previous-encryption-keys}: older keys still readable
   */
  public record Store(
      String jdbcUrl,
      @Nullable String username,
      @Nullable Secret password,
      int poolSize,
      @Nullable Secret encryptionKey,
      List<Secret> previousEncryptionKeys) {}

  /**
   * The {@code server.tls} section: a PKCS12 keystore, or a PEM certificate chain and key.
   *
   * @param keystore {@code keystore}, a PKCS12 file, or null
   * @param keystorePassword {@code keystore-password}
   * @param certificate {@code certificate}, a PEM chain, or null
   * @param privateKey {@code private-key}, a PEM PKCS#8 key, or null
   */
  public record Tls(
      @Nullable Path keystore,
      @Nullable Secret keystorePassword,
      @Nullable Path certificate,
      @Nullable Path privateKey) {}

  /**
   * Signed install links.
   *
   * @param secret the HMAC key shared with the host application
   * @param required whether an install without a link is refused
   */
  public record InstallLinkSettings(Secret secret, boolean required) {}

  /**
   * A hosted document.
   *
   * @param file the file
   * @param contentType the Content-Type; Markdown files are rendered to {@code text/html}
   * @param markdown whether the file is rendered from Markdown
   */
  public record Document(Path file, String contentType, boolean markdown) {}

  /**
   * A secret value from configuration; prints as {@code ***}.
   *
   * @param value the text
   */
  public record Secret(String value) {
    @Override
    public String toString() {
      return "***";
    }
  }

  /** The Notion client settings of this configuration. */
  public NotionOAuthSettings notionSettings() {
    return NotionOAuthSettings.builder()
        .clientId(notion.clientId())
        .clientSecret(notion.clientSecret().value())
        .redirectUri(notion.redirectUri())
        .apiBaseUrl(notion.apiBaseUrl())
        .notionVersion(notion.version())
        .build();
  }

  /** Whether the public URL (the redirect URI) is HTTPS: then cookies are Secure. */
  public boolean publicUrlIsHttps() {
    return notion.redirectUri().regionMatches(true, 0, "https:", 0, 6);
  }
}

package dev.notionoauth.server;

import dev.notionoauth.InstallLinks;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.UnboundInstallPolicy;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.store.jdbc.JdbcStoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The standalone server's whole configuration, validated: one record per YAML section ({@link Http}
 * for {@code server}, {@link Store}, {@link Webhooks}), built with {@link #builder()} (whose
 * section builders hold every default, once) or read from YAML by {@link ConfigLoader} (every key
 * is kebab-case there). Values are the core's typed ones: {@link NotionOAuthSettings}, {@link
 * InstallLinks}, {@link EncryptionKeys}, {@link Duration}s and {@link Path}s, each checked by the
 * type that owns its rule.
 *
 * @param notion the integration's Notion side ({@code notion})
 * @param server where and how the server listens ({@code server})
 * @param store where states and installations are kept ({@code store})
 * @param consumer the consumer plugin's name ({@code consumer}, default {@code store})
 * @param view the view plugin's name ({@code view}, default {@code default})
 * @param listeners the installation listeners' names ({@code listeners}, default {@code [log]})
 * @param settings the free map handed to the plugins ({@code settings})
 * @param documents URL path to document ({@code documents})
 * @param webhooks Notion's webhooks ({@code webhooks})
 * @param api the HTTP API for the app's backends ({@code api})
 * @param appEvents events to the app ({@code app-events}), or null when off
 */
public record ServerConfig(
    NotionOAuthSettings notion,
    Http server,
    Store store,
    String consumer,
    String view,
    List<String> listeners,
    Map<String, Object> settings,
    Map<String, Document> documents,
    Webhooks webhooks,
    Api api,
    dev.notionoauth.servlet.@Nullable AppEventSettings appEvents,
    Console console) {

  /**
   * The {@code console} section: the operator console.
   *
   * @param enabled {@code enabled}, default false: nothing answers under {@code /console}
   * @param sessionIdle {@code session-idle}: a session unused this long ends, default 30 minutes
   * @param sessionMax {@code session-max}: a session ends this long after sign-in, default 12 hours
   * @param trustedHeader {@code trusted-header}: the header an authenticating proxy (oauth2-proxy
   *     style) names the operator in, honoured only on requests from {@code
   *     server.trusted-proxies}; null (default): operators sign in with their passwords
   */
  public record Console(
      boolean enabled,
      java.time.Duration sessionIdle,
      java.time.Duration sessionMax,
      @Nullable String trustedHeader) {}

  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-zA-Z0-9.+-]+/[a-zA-Z0-9.+-]+(;.*)?");

  /**
   * The {@code server} section.
   *
   * @param host {@code host}
   * @param port {@code port} (0 picks a free port)
   * @param basePath {@code base-path}, a prefix for every route, empty or like {@code /oauth}
   * @param installPath {@code install-path}
   * @param callbackPath {@code callback-path}
   * @param resultPath {@code result-path}
   * @param tls {@code tls}, or null for plain HTTP
   * @param trustedProxies {@code trusted-proxies}: addresses or CIDR ranges whose {@code
   *     X-Forwarded-*} headers are believed
   * @param clientAddressFromForwarded {@code client-address-header: forwarded}: take the client's
   *     address from {@code Forwarded} instead of {@code X-Forwarded-For} (the default)
   * @param installLinks {@code install-link-secret}: verifies signed install links, or null
   * @param requireInstallLink {@code require-install-link}: refuse installs without a link
   * @param shutdownTimeout {@code shutdown-timeout}, how long in-flight requests may finish
   * @param landingPage {@code landing-page}: serve an "Add to Notion" page at the base path
   * @param siteName {@code site-name}, shown in page titles
   * @param unboundInstalls {@code unbound-installs}: {@code reject} or {@code accept-unbound}
   *     callbacks without our state
   * @param installRateLimit {@code install-rate-limit}: installs one client address may start per
   *     minute, 0 for no limit
   * @param unboundRateLimit {@code unbound-rate-limit}: callbacks without our state (installs from
   *     Notion's side) the whole server takes per minute
   * @param maxConcurrentExchanges {@code max-concurrent-exchanges}: code exchanges in flight at
   *     once; beyond, a callback gets 503 with {@code Retry-After}, its state untouched
   * @param maxConnections {@code max-connections}: open connections accepted at once; beyond, new
   *     connections wait in the operating system's queue
   * @param idleTimeout {@code idle-timeout}: a connection silent this long is closed
   * @param requestHeaderSize {@code request-header-size}: the largest request head (line and
   *     headers) accepted, in bytes; larger ones get 431
   * @param metricsFrom {@code metrics-from}: addresses or CIDR ranges allowed to read {@code
   *     /metrics}; empty turns the route off
   * @param managementPort {@code management-port}: when above 0, {@code /metrics} and {@code
   *     /readyz} are served only on this port, not the public one
   * @param managementHost {@code management-host}: the management port's address, default loopback
   * @param sealStates {@code seal-states}: states carry their flow's record sealed (an install
   *     writes nothing); false stores each state when its flow starts (for example during a rolling
   *     upgrade from a version that only knew stored states)
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
      boolean clientAddressFromForwarded,
      @Nullable InstallLinks installLinks,
      boolean requireInstallLink,
      Duration shutdownTimeout,
      boolean landingPage,
      String siteName,
      UnboundInstallPolicy unboundInstalls,
      int installRateLimit,
      int unboundRateLimit,
      int maxConcurrentExchanges,
      int maxConnections,
      Duration idleTimeout,
      int requestHeaderSize,
      List<String> metricsFrom,
      int managementPort,
      String managementHost,
      boolean sealStates) {}

  /**
   * The {@code webhooks} section: where Notion's webhook subscription posts, and what is done with
   * its events.
   *
   * @param enabled {@code enabled}: serve the route, default false (it needs an encryption key: the
   *     verification token is sealed with it)
   * @param path {@code path}, default {@code /notion/webhooks}
   * @param maxBodyBytes {@code max-body-bytes}: larger bodies get 413 before being read, default
   *     65536
   * @param maxConcurrentReads {@code max-concurrent-reads}: bodies read at once, beyond which a
   *     POST gets 503 at once, default 16
   * @param readTimeout {@code read-timeout}: how long a whole body may take to arrive (then 408),
   *     default 5s
   * @param deliverUnaddressedToWorkspace {@code deliver-unaddressed-to-workspace}: whether an event
   *     without {@code accessible_by} reaches every active installation of its workspace, default
   *     false
   * @param consumers {@code consumers}: the webhook consumer plugins, default {@code [log]}
   * @param maxAttempts {@code max-attempts}: deliveries to the consumers before an event becomes a
   *     dead letter, default 8
   * @param retryDelay {@code retry-delay}: the wait after the first failure, doubled after each
   *     next one (at most an hour), default 5s
   * @param deliveryTimeout {@code delivery-timeout}: how long one delivery may take before another
   *     instance (or this one after a restart) tries the event again, default 2m
   */
  public record Webhooks(
      boolean enabled,
      String path,
      int maxBodyBytes,
      int maxConcurrentReads,
      Duration readTimeout,
      boolean deliverUnaddressedToWorkspace,
      List<String> consumers,
      int maxAttempts,
      Duration retryDelay,
      Duration deliveryTimeout) {}

  /**
   * The {@code api} section: the HTTP API under {@code /api/v1} (installations, tokens, install
   * links, the Notion proxy) for the app's backends, authenticated by API keys ({@code api-keys
   * create}).
   *
   * @param enabled {@code enabled}, default false: nothing answers under {@code /api/v1}
   * @param port {@code port}: the API's own port (then {@code /api/v1} answers only there); 0, the
   *     default, serves it on the main port
   * @param host {@code host}: the interface of the API's own port, default 127.0.0.1
   * @param failedAuthPerMinute {@code failed-auth-per-minute}: failed authentications one client
   *     address may make a minute before it gets 429s, default 30
   * @param maxBodyBytes {@code max-body-bytes}: the largest request body (and proxied body),
   *     default 1 MiB
   * @param notionLimits {@code notion-limits} ({@code per-installation}, {@code
   *     installation-burst}, {@code per-workspace}, {@code workspace-burst}): Notion's limits kept
   *     by the proxy and by every call the server makes, default {@link
   *     dev.notionoauth.ApiLimits#defaults()}
   * @param auditRetention {@code audit-retention}: how long the audit of API calls is kept, default
   *     30 days
   */
  public record Api(
      boolean enabled,
      int port,
      String host,
      int failedAuthPerMinute,
      int maxBodyBytes,
      dev.notionoauth.ApiLimits notionLimits,
      java.time.Duration auditRetention) {

    /** Whether the API listens on its own port. */
    public boolean ownPort() {
      return port > 0;
    }
  }

  /**
   * The {@code store} section.
   *
   * @param jdbcUrl {@code jdbc-url}
   * @param username {@code username}, if any
   * @param password {@code password}, if any
   * @param poolSize {@code pool-size}
   * @param keys {@code encryption-key} (or {@code encryption-key-file}) and {@code
   *     previous-encryption-keys}; null when none is configured (then no token can be stored)
   */
  public record Store(
      String jdbcUrl,
      @Nullable String username,
      @Nullable Secret password,
      int poolSize,
      @Nullable EncryptionKeys keys) {

    /** The settings to open this store with. */
    public JdbcStoreSettings jdbcSettings(boolean migrate) {
      return JdbcStoreSettings.builder(jdbcUrl)
          .username(username)
          .password(password == null ? null : password.value())
          .poolSize(poolSize)
          .keys(keys)
          .migrate(migrate)
          .build();
    }
  }

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
      @Nullable Path privateKey) {

    /** A PKCS12 keystore. */
    public static Tls keystore(Path file, String password) {
      return new Tls(file, new Secret(password), null, null);
    }

    /** A PEM certificate chain and PKCS#8 key. */
    public static Tls pem(Path certificate, Path privateKey) {
      return new Tls(null, null, certificate, privateKey);
    }
  }

  /**
   * A hosted document.
   *
   * @param file the file
   * @param contentType the Content-Type; Markdown files are rendered to {@code text/html}
   * @param markdown whether the file is rendered from Markdown
   */
  public record Document(Path file, String contentType, boolean markdown) {

    /**
     * A readable file, its content type told by its name ({@code .md}, {@code .html}, {@code .txt})
     * unless given.
     *
     * @throws IllegalArgumentException when the file cannot be read or its type cannot be told
     */
    public static Document of(Path file, @Nullable String contentType) {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read file " + file);
      }
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (contentType != null) {
        if (!MEDIA_TYPE.matcher(contentType).matches()) {
          throw new IllegalArgumentException(
              "content-type '" + contentType + "' is not a media type");
        }
        boolean needsCharset =
            contentType.startsWith("text/")
                && !contentType.toLowerCase(Locale.ROOT).contains("charset");
        return new Document(
            file, needsCharset ? contentType + "; charset=UTF-8" : contentType, false);
      }
      if (name.endsWith(".md") || name.endsWith(".markdown")) {
        return new Document(file, "text/html; charset=UTF-8", true);
      } else if (name.endsWith(".html") || name.endsWith(".htm")) {
        return new Document(file, "text/html; charset=UTF-8", false);
      } else if (name.endsWith(".txt")) {
        return new Document(file, "text/plain; charset=UTF-8", false);
      }
      throw new IllegalArgumentException(
          "cannot tell the content type of " + name + "; give {file, content-type}");
    }
  }

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

  /** Whether the public URL (the redirect URI) is HTTPS: then cookies are Secure. */
  public boolean publicUrlIsHttps() {
    return notion.redirectUri().regionMatches(true, 0, "https:", 0, 6);
  }

  /** A builder holding every default. */
  public static ServerConfigBuilder builder() {
    return new ServerConfigBuilder();
  }

  /** A bad item of a list value: the reader reports it at {@code key[index]}. */
  public static final class InvalidItem extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int index;

    /** A bad item at {@code index}, with a message naming no key. */
    public InvalidItem(int index, String message) {
      super(message);
      this.index = index;
    }

    /** The item's index in the list. */
    public int index() {
      return index;
    }
  }
}

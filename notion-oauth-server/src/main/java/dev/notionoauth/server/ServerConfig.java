package dev.notionoauth.server;

import dev.notionoauth.InstallLinks;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.UnboundInstallPolicy;
import dev.notionoauth.server.internal.Cidr;
import dev.notionoauth.server.internal.TlsMaterial;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.store.jdbc.JdbcStoreSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The standalone server's whole configuration, validated: built with {@link #builder()} (which
 * holds every default, once) or read from YAML by {@link ConfigLoader} (every key is kebab-case
 * there). Values are the core's typed ones: {@link NotionOAuthSettings}, {@link InstallLinks},
 * {@link EncryptionKeys}, {@link Duration}s and {@link Path}s, each checked by the type that owns
 * its rule.
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
    Webhooks webhooks) {

  /** The routes the server serves itself; a document cannot take them. */
  private static final List<String> BUILT_IN_ROUTES = List.of("/healthz", "/readyz", "/metrics");

  private static final Pattern ROUTE = Pattern.compile("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
  private static final Pattern DOCUMENT_PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");
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
      return new JdbcStoreSettings(
          jdbcUrl, username, password == null ? null : password.value(), poolSize, keys, migrate);
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
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link ServerConfig}. Each setter checks its value and throws {@link
   * IllegalArgumentException} with a message fit for {@code check} (naming no key: the YAML reader
   * adds the key path); {@link #problems()} reports what only the whole can tell (missing values,
   * colliding routes); {@link #build()} throws them all as one {@link ConfigException}.
   */
  public static final class Builder {
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable String redirectUri;
    private URI apiBaseUrl = NotionOAuthSettings.DEFAULT_API_BASE_URL;
    private String notionVersion = NotionOAuthSettings.DEFAULT_NOTION_VERSION;

    private String host = "127.0.0.1";
    private int port = 8080;
    private String basePath = "";
    private String installPath = "/notion/install";
    private String callbackPath = "/notion/callback";
    private String resultPath = "/notion/result";
    private @Nullable Tls tls;
    private List<String> trustedProxies = List.of();
    private boolean clientAddressFromForwarded;
    private @Nullable String installLinkSecret;
    private Duration installLinkMaxValidity = InstallLinks.DEFAULT_MAX_VALIDITY;
    private boolean requireInstallLink;
    private boolean sealStates = true;
    private Duration shutdownTimeout = Duration.ofSeconds(20);
    private boolean landingPage;
    private String siteName = "Notion integration";
    private UnboundInstallPolicy unboundInstalls = UnboundInstallPolicy.REJECT;
    private int installRateLimit = 60;
    private int unboundRateLimit = 120;
    private int maxConcurrentExchanges = 16;
    private int maxConnections = 1000;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private int requestHeaderSize = 8 * 1024;
    private List<String> metricsFrom = List.of("127.0.0.1", "::1");
    private int managementPort;
    private String managementHost = "127.0.0.1";

    private String jdbcUrl = JdbcStoreSettings.DEFAULT_URL;
    private @Nullable String username;
    private @Nullable Secret password;
    private @Nullable Integer poolSize;
    private byte @Nullable [] encryptionKey;
    private List<byte[]> previousEncryptionKeys = List.of();

    private String consumer = "store";
    private String view = "default";
    private List<String> listeners = List.of("log");
    private Map<String, Object> settings = Map.of();
    private final Map<String, Document> documents = new LinkedHashMap<>();

    private boolean webhooksEnabled;
    private String webhookPath = "/notion/webhooks";
    private int webhookMaxBodyBytes = 64 * 1024;
    private int webhookMaxConcurrentReads = 16;
    private Duration webhookReadTimeout = Duration.ofSeconds(5);
    private boolean webhookDeliverUnaddressedToWorkspace;
    private List<String> webhookConsumers = List.of("log");
    private int webhookMaxAttempts = 8;
    private Duration webhookRetryDelay = Duration.ofSeconds(5);
    private Duration webhookDeliveryTimeout = Duration.ofMinutes(2);

    private Builder() {}

    // ------------------------------------------------------------ notion

    /** {@code notion.client-id} (required). */
    public Builder clientId(String value) {
      this.clientId = new dev.notionoauth.ClientId(value).value();
      return this;
    }

    /** {@code notion.client-secret} (required). */
    public Builder clientSecret(String value) {
      this.clientSecret = new dev.notionoauth.ClientSecret(value).value();
      return this;
    }

    /** {@code notion.redirect-uri} (required), exactly as registered in Notion. */
    public Builder redirectUri(String value) {
      this.redirectUri = NotionOAuthSettings.checkHttpUrl(value);
      return this;
    }

    /** {@code notion.api-base-url}, default {@code https://api.notion.com}. */
    public Builder apiBaseUrl(String value) {
      this.apiBaseUrl = URI.create(NotionOAuthSettings.checkHttpUrl(value));
      return this;
    }

    /** {@code notion.version}, the {@code Notion-Version} header. */
    public Builder notionVersion(String value) {
      this.notionVersion = NotionOAuthSettings.checkVersion(value);
      return this;
    }

    // ------------------------------------------------------------ server

    /** {@code server.host}, default {@code 127.0.0.1}. */
    public Builder host(String value) {
      this.host = value;
      return this;
    }

    /** {@code server.port}, default 8080; 0 picks a free port. */
    public Builder port(int value) {
      this.port = inRange(value, 0, 65535);
      return this;
    }

    /** {@code server.base-path}, default empty: a prefix for every route, like {@code /oauth}. */
    public Builder basePath(String value) {
      if (value.isEmpty() || value.equals("/")) {
        this.basePath = "";
      } else if (ROUTE
          .matcher(value.endsWith("/") ? value.substring(0, value.length() - 1) : value)
          .matches()) {
        this.basePath = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      } else {
        throw new IllegalArgumentException("must be empty or a path like /oauth");
      }
      return this;
    }

    /** {@code server.install-path}, default {@code /notion/install}. */
    public Builder installPath(String value) {
      this.installPath = route(value, "/notion/install");
      return this;
    }

    /** {@code server.callback-path}, default {@code /notion/callback}. */
    public Builder callbackPath(String value) {
      this.callbackPath = route(value, "/notion/callback");
      return this;
    }

    /** {@code server.result-path}, default {@code /notion/result}. */
    public Builder resultPath(String value) {
      this.resultPath = route(value, "/notion/result");
      return this;
    }

    /** {@code server.tls}: its material is loaded now, so a bad keystore fails here. */
    public Builder tls(Tls value) {
      TlsMaterial.load(value);
      this.tls = value;
      return this;
    }

    /** {@code server.trusted-proxies}, default none. */
    public Builder trustedProxies(List<String> value) {
      this.trustedProxies = addresses(value);
      return this;
    }

    /**
     * {@code server.client-address-header}: {@code x-forwarded-for} (default) or {@code forwarded},
     * the header our trusted proxies append the client's address to.
     */
    public Builder clientAddressHeader(String value) {
      switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "x-forwarded-for" -> this.clientAddressFromForwarded = false;
        case "forwarded" -> this.clientAddressFromForwarded = true;
        default -> throw new IllegalArgumentException("must be x-forwarded-for or forwarded");
      }
      return this;
    }

    /** {@code server.install-link-secret}: base64 of at least 32 bytes shared with the host app. */
    public Builder installLinkSecret(String base64) {
      InstallLinks.fromBase64(base64); // the rule, checked now
      this.installLinkSecret = base64;
      return this;
    }

    /**
     * {@code server.install-link-max-validity}: the longest a signed link may live, default 15
     * minutes, at most a day.
     */
    public Builder installLinkMaxValidity(Duration value) {
      if (value.isNegative()
          || value.isZero()
          || value.toSeconds() > InstallLinks.MAX_VALIDITY_SECONDS) {
        throw new IllegalArgumentException("must be between 1s and 24h");
      }
      this.installLinkMaxValidity = value;
      return this;
    }

    /** {@code server.seal-states}, default true. */
    public Builder sealStates(boolean value) {
      this.sealStates = value;
      return this;
    }

    /** {@code server.require-install-link}, default false. */
    public Builder requireInstallLink(boolean value) {
      this.requireInstallLink = value;
      return this;
    }

    /** {@code server.shutdown-timeout}, default 20 s. */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = value;
      return this;
    }

    /** {@code server.landing-page}, default false. */
    public Builder landingPage(boolean value) {
      this.landingPage = value;
      return this;
    }

    /** {@code server.site-name}, default "Notion integration". */
    public Builder siteName(String value) {
      this.siteName = value;
      return this;
    }

    /** {@code server.unbound-installs}: {@code reject} (default) or {@code accept-unbound}. */
    public Builder unboundInstalls(String value) {
      if (value.equals("reject")) {
        this.unboundInstalls = UnboundInstallPolicy.REJECT;
      } else if (value.equals("accept-unbound")) {
        this.unboundInstalls = UnboundInstallPolicy.ACCEPT;
      } else {
        throw new IllegalArgumentException("must be reject or accept-unbound");
      }
      return this;
    }

    /** {@code server.install-rate-limit}, default 60 per minute and address; 0 for none. */
    public Builder installRateLimit(int value) {
      this.installRateLimit = inRange(value, 0, 100_000);
      return this;
    }

    /** {@code server.unbound-rate-limit}, default 120 per minute for the whole server. */
    public Builder unboundRateLimit(int value) {
      this.unboundRateLimit = inRange(value, 1, 100_000);
      return this;
    }

    /** {@code server.max-concurrent-exchanges}, default 16. */
    public Builder maxConcurrentExchanges(int value) {
      this.maxConcurrentExchanges = inRange(value, 1, 1000);
      return this;
    }

    /** {@code server.max-connections}, default 1000. */
    public Builder maxConnections(int value) {
      this.maxConnections = inRange(value, 10, 1_000_000);
      return this;
    }

    /** {@code server.idle-timeout}, default 30 s. */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = value;
      return this;
    }

    /** {@code server.request-header-size}, default 8 KiB (1 KiB to 64 KiB). */
    public Builder requestHeaderSize(int value) {
      this.requestHeaderSize = inRange(value, 1024, 64 * 1024);
      return this;
    }

    /**
     * {@code server.management-port}, default 0 (off): {@code /metrics} and {@code /readyz} there.
     */
    public Builder managementPort(int value) {
      this.managementPort = inRange(value, 0, 65535);
      return this;
    }

    /** {@code server.management-host}, default {@code 127.0.0.1}. */
    public Builder managementHost(String value) {
      this.managementHost = value;
      return this;
    }

    /** {@code server.metrics-from}, default loopback only; empty turns {@code /metrics} off. */
    public Builder metricsFrom(List<String> value) {
      this.metricsFrom = addresses(value);
      return this;
    }

    // ------------------------------------------------------------ store

    /** {@code store.jdbc-url}, default {@value JdbcStoreSettings#DEFAULT_URL}. */
    public Builder jdbcUrl(String value) {
      this.jdbcUrl = JdbcStoreSettings.checkUrl(value);
      return this;
    }

    /** {@code store.username}. */
    public Builder username(String value) {
      this.username = value;
      return this;
    }

    /** {@code store.password}. */
    public Builder password(String value) {
      this.password = new Secret(value);
      return this;
    }

    /** {@code store.pool-size}, default 4 for SQLite and 10 for PostgreSQL. */
    public Builder poolSize(int value) {
      this.poolSize = JdbcStoreSettings.checkPoolSize(value);
      return this;
    }

    /** {@code store.encryption-key}: base64 of 32 bytes; required by the {@code store} consumer. */
    public Builder encryptionKey(String base64) {
      this.encryptionKey = key(base64);
      return this;
    }

    /** {@code store.previous-encryption-keys}: older keys still needed to read. */
    public Builder previousEncryptionKeys(List<String> base64) {
      List<byte[]> keys = new ArrayList<>();
      for (int i = 0; i < base64.size(); i++) {
        try {
          keys.add(key(base64.get(i)));
        } catch (IllegalArgumentException e) {
          throw new InvalidItem(i, "must be base64 of exactly 32 bytes");
        }
      }
      this.previousEncryptionKeys = List.copyOf(keys);
      return this;
    }

    // ------------------------------------------------------------ plugins and documents

    /** {@code consumer}, default {@code store}. */
    public Builder consumer(String value) {
      this.consumer = value;
      return this;
    }

    /** {@code view}, default {@code default}. */
    public Builder view(String value) {
      this.view = value;
      return this;
    }

    /** {@code listeners}: installation listener plugins told of every status change. */
    public Builder listeners(List<String> value) {
      this.listeners = List.copyOf(value);
      return this;
    }

    /** The listener plugins' names, as set so far. */
    public List<String> listenerNames() {
      return listeners;
    }

    /** {@code settings}: the free map handed to the plugins. */
    public Builder settings(Map<String, Object> value) {
      this.settings = Map.copyOf(value);
      return this;
    }

    /** A document under {@code documents}, served at a URL path like {@code /terms}. */
    public Builder document(String urlPath, Document document) {
      if (!DOCUMENT_PATH.matcher(urlPath).matches()
          || urlPath.contains("//")
          || urlPath.contains("/..")
          || (urlPath.length() > 1 && urlPath.endsWith("/"))) {
        throw new IllegalArgumentException("must be a URL path like /terms");
      }
      documents.put(urlPath, document);
      return this;
    }

    // ------------------------------------------------------------ webhooks

    /** {@code webhooks.enabled}, default false. */
    public Builder webhooksEnabled(boolean value) {
      this.webhooksEnabled = value;
      return this;
    }

    /** {@code webhooks.path}, default {@code /notion/webhooks}. */
    public Builder webhookPath(String value) {
      this.webhookPath = route(value, "/notion/webhooks");
      return this;
    }

    /** {@code webhooks.max-body-bytes}, 1024 to 1048576, default 65536. */
    public Builder webhookMaxBodyBytes(int value) {
      this.webhookMaxBodyBytes = inRange(value, 1024, 1024 * 1024);
      return this;
    }

    /** {@code webhooks.max-concurrent-reads}, 1 to 256, default 16. */
    public Builder webhookMaxConcurrentReads(int value) {
      this.webhookMaxConcurrentReads = inRange(value, 1, 256);
      return this;
    }

    /** {@code webhooks.read-timeout}, 1s to 60s, default 5s. */
    public Builder webhookReadTimeout(Duration value) {
      if (value.compareTo(Duration.ofSeconds(1)) < 0
          || value.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException("must be between 1s and 60s");
      }
      this.webhookReadTimeout = value;
      return this;
    }

    /** {@code webhooks.deliver-unaddressed-to-workspace}, default false. */
    public Builder webhookDeliverUnaddressedToWorkspace(boolean value) {
      this.webhookDeliverUnaddressedToWorkspace = value;
      return this;
    }

    /** {@code webhooks.consumers}, default {@code [log]}. */
    public Builder webhookConsumers(List<String> value) {
      this.webhookConsumers = List.copyOf(value);
      return this;
    }

    /** The webhook consumer plugins' names, as set so far. */
    public List<String> webhookConsumerNames() {
      return webhookConsumers;
    }

    /** {@code webhooks.max-attempts}, 1 to 20, default 8. */
    public Builder webhookMaxAttempts(int value) {
      this.webhookMaxAttempts = inRange(value, 1, 20);
      return this;
    }

    /** {@code webhooks.retry-delay}, 1s to 1h, default 5s. */
    public Builder webhookRetryDelay(Duration value) {
      if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("must be between 1s and 1h");
      }
      this.webhookRetryDelay = value;
      return this;
    }

    /** {@code webhooks.delivery-timeout}, 1s to 1h, default 2m. */
    public Builder webhookDeliveryTimeout(Duration value) {
      if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("must be between 1s and 1h");
      }
      this.webhookDeliveryTimeout = value;
      return this;
    }

    /** The consumer plugin's name, as set so far. */
    public String consumerName() {
      return consumer;
    }

    /** The view plugin's name, as set so far. */
    public String viewName() {
      return view;
    }

    // ------------------------------------------------------------ the whole

    /**
     * What only the whole configuration can tell, each with its key path: missing required values,
     * colliding routes, a redirect URI that is not the callback route, a required install link
     * without a secret, a {@code store} consumer without an encryption key.
     */
    public List<ConfigProblem> problems() {
      List<ConfigProblem> out = new ArrayList<>();
      if (clientId == null) {
        out.add(new ConfigProblem("notion.client-id", "is required"));
      }
      if (clientSecret == null) {
        out.add(new ConfigProblem("notion.client-secret", "is required (or client-secret-file)"));
      }
      if (redirectUri == null) {
        out.add(new ConfigProblem("notion.redirect-uri", "is required"));
      } else {
        String path = URI.create(redirectUri).getPath();
        String expected = basePath + callbackPath;
        if (path != null && !path.equals(expected)) {
          out.add(
              new ConfigProblem(
                  "notion.redirect-uri",
                  "its path '"
                      + path
                      + "' must be the callback route '"
                      + expected
                      + "' (server.base-path + server.callback-path)"));
        }
      }
      if (installPath.equals(callbackPath)
          || installPath.equals(resultPath)
          || callbackPath.equals(resultPath)) {
        out.add(
            new ConfigProblem("server", "install-path, callback-path and result-path must differ"));
      }
      if (requireInstallLink && installLinkSecret == null) {
        out.add(
            new ConfigProblem("server.require-install-link", "needs server.install-link-secret"));
      }
      if (consumer.equals("store") && encryptionKey == null) {
        out.add(
            new ConfigProblem(
                "store.encryption-key",
                "is required by the store consumer: base64 of 32 random bytes (openssl rand"
                    + " -base64 32), usually ${NOTION_OAUTH_ENCRYPTION_KEY}, or"
                    + " store.encryption-key-file"));
      }
      if (webhooksEnabled && encryptionKey == null) {
        out.add(
            new ConfigProblem(
                "store.encryption-key",
                "is required by webhooks (the verification token is sealed with it), or set"
                    + " webhooks.enabled: false"));
      }
      if (webhookPath.equals(installPath)
          || webhookPath.equals(callbackPath)
          || webhookPath.startsWith(resultPath + "/")
          || BUILT_IN_ROUTES.contains(webhookPath)
          || documents.containsKey(webhookPath)) {
        out.add(new ConfigProblem("webhooks.path", "collides with another route"));
      }
      for (String path : documents.keySet()) {
        if (path.equals(installPath)
            || path.equals(callbackPath)
            || path.startsWith(resultPath + "/")
            || BUILT_IN_ROUTES.contains(path)) {
          out.add(new ConfigProblem("documents." + path, "collides with a built-in route"));
        }
      }
      return out;
    }

    /**
     * Checks the whole and builds.
     *
     * @throws ConfigException listing every problem of {@link #problems()}
     */
    public ServerConfig build() {
      List<ConfigProblem> problems = problems();
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      NotionOAuthSettings notion =
          NotionOAuthSettings.builder()
              .clientId(Objects.requireNonNull(clientId))
              .clientSecret(Objects.requireNonNull(clientSecret))
              .redirectUri(Objects.requireNonNull(redirectUri))
              .apiBaseUrl(apiBaseUrl)
              .notionVersion(notionVersion)
              .build();
      Http http =
          new Http(
              host,
              port,
              basePath,
              installPath,
              callbackPath,
              resultPath,
              tls,
              trustedProxies,
              clientAddressFromForwarded,
              installLinkSecret == null
                  ? null
                  : InstallLinks.fromBase64(installLinkSecret, installLinkMaxValidity),
              requireInstallLink,
              shutdownTimeout,
              landingPage,
              siteName,
              unboundInstalls,
              installRateLimit,
              unboundRateLimit,
              maxConcurrentExchanges,
              maxConnections,
              idleTimeout,
              requestHeaderSize,
              metricsFrom,
              managementPort,
              managementHost,
              sealStates);
      byte[] current = encryptionKey;
      Store store =
          new Store(
              jdbcUrl,
              username,
              password,
              poolSize != null ? poolSize : JdbcStoreSettings.defaultPoolSize(jdbcUrl),
              current == null ? null : EncryptionKeys.of(current, previousEncryptionKeys));
      return new ServerConfig(
          notion,
          http,
          store,
          consumer,
          view,
          listeners,
          settings,
          Collections.unmodifiableMap(new LinkedHashMap<>(documents)),
          new Webhooks(
              webhooksEnabled,
              webhookPath,
              webhookMaxBodyBytes,
              webhookMaxConcurrentReads,
              webhookReadTimeout,
              webhookDeliverUnaddressedToWorkspace,
              webhookConsumers,
              webhookMaxAttempts,
              webhookRetryDelay,
              webhookDeliveryTimeout));
    }

    private static int inRange(int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return value;
    }

    private static String route(String value, String example) {
      if (!ROUTE.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "must be a path like " + example + " (starting with '/', no trailing '/')");
      }
      return value;
    }

    private static List<String> addresses(List<String> values) {
      for (int i = 0; i < values.size(); i++) {
        if (!Cidr.isValid(values.get(i))) {
          throw new InvalidItem(i, "is not an IP address or CIDR range");
        }
      }
      return List.copyOf(values);
    }

    private static byte[] key(String base64) {
      try {
        return EncryptionKeys.decode(base64);
      } catch (NotionConfigException e) {
        throw new IllegalArgumentException(
            "must be base64 of exactly 32 bytes (generate one with: openssl rand -base64 32)");
      }
    }
  }

  /** A bad item of a list value: the reader reports it at {@code key[index]}. */
  public static final class InvalidItem extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int index;

    InvalidItem(int index, String message) {
      super(message);
      this.index = index;
    }

    /** The item's index in the list. */
    public int index() {
      return index;
    }
  }
}

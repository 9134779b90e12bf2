package dev.notionoauth.server;

import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.servlet.WebhookSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ServerConfig}: one setter per YAML key, each delegating to the builder of its
 * section ({@code server}, {@code store}, {@code webhooks}), which holds that section's defaults
 * and rules once. A setter checks its value and throws {@link IllegalArgumentException} with a
 * message fit for {@code check} (naming no key: the YAML reader adds the key path); {@link
 * #problems()} reports what only the whole can tell (missing values, colliding routes); {@link
 * #build()} throws them all as one {@link ConfigException}.
 */
public final class ServerConfigBuilder {
  private @Nullable String clientId;
  private @Nullable String clientSecret;
  private @Nullable String redirectUri;
  private URI apiBaseUrl = NotionOAuthSettings.DEFAULT_API_BASE_URL;
  private String notionVersion = NotionOAuthSettings.DEFAULT_NOTION_VERSION;
  private final HttpSectionBuilder http = new HttpSectionBuilder();
  private final StoreSectionBuilder store = new StoreSectionBuilder();
  private final WebhooksSectionBuilder webhooks = new WebhooksSectionBuilder();
  private final ApiSectionBuilder api = new ApiSectionBuilder();
  private final AppEventsSectionBuilder appEvents = new AppEventsSectionBuilder();
  private final ConsoleSectionBuilder console = new ConsoleSectionBuilder();
  private String consumer = "store";
  private String view = "default";
  private List<String> listeners = List.of("log");
  private Map<String, Object> settings = Map.of();
  private final Map<String, ServerConfig.Document> documents = new LinkedHashMap<>();

  ServerConfigBuilder() {}

  /** {@code notion.client-id} (required). */
  public ServerConfigBuilder clientId(String value) {
    this.clientId = new dev.notionoauth.ClientId(value).value();
    return this;
  }

  /** {@code notion.client-secret} (required). */
  public ServerConfigBuilder clientSecret(String value) {
    this.clientSecret = new dev.notionoauth.ClientSecret(value).value();
    return this;
  }

  /** {@code notion.redirect-uri} (required), exactly as registered in Notion. */
  public ServerConfigBuilder redirectUri(String value) {
    this.redirectUri = NotionOAuthSettings.checkHttpUrl(value);
    return this;
  }

  /** {@code notion.api-base-url}, default {@code https://api.notion.com}. */
  public ServerConfigBuilder apiBaseUrl(String value) {
    this.apiBaseUrl = URI.create(NotionOAuthSettings.checkHttpUrl(value));
    return this;
  }

  /** {@code notion.version}, the {@code Notion-Version} header. */
  public ServerConfigBuilder notionVersion(String value) {
    this.notionVersion = NotionOAuthSettings.checkVersion(value);
    return this;
  }

  /** {@code server.host}, default {@code 127.0.0.1}. */
  public ServerConfigBuilder host(String value) {
    http.host(value);
    return this;
  }

  /** {@code server.port}, default 8080; 0 picks a free port. */
  public ServerConfigBuilder port(int value) {
    http.port(value);
    return this;
  }

  /** {@code server.base-path}, default empty: a prefix for every route, like {@code /oauth}. */
  public ServerConfigBuilder basePath(String value) {
    http.basePath(value);
    return this;
  }

  /** {@code server.install-path}, default {@code /notion/install}. */
  public ServerConfigBuilder installPath(String value) {
    http.installPath(value);
    return this;
  }

  /** {@code server.callback-path}, default {@code /notion/callback}. */
  public ServerConfigBuilder callbackPath(String value) {
    http.callbackPath(value);
    return this;
  }

  /** {@code server.result-path}, default {@code /notion/result}. */
  public ServerConfigBuilder resultPath(String value) {
    http.resultPath(value);
    return this;
  }

  /** {@code server.tls}: its material is loaded now, so a bad keystore fails here. */
  public ServerConfigBuilder tls(ServerConfig.Tls value) {
    http.tls(value);
    return this;
  }

  /** {@code server.trusted-proxies}, default none. */
  public ServerConfigBuilder trustedProxies(List<String> value) {
    http.trustedProxies(value);
    return this;
  }

  /**
   * {@code server.client-address-header}: {@code x-forwarded-for} (default) or {@code forwarded},
   * the header our trusted proxies append the client's address to.
   */
  public ServerConfigBuilder clientAddressHeader(String value) {
    http.clientAddressHeader(value);
    return this;
  }

  /** {@code server.install-link-secret}: base64 of at least 32 bytes shared with the host app. */
  public ServerConfigBuilder installLinkSecret(String base64) {
    http.installLinkSecret(base64);
    return this;
  }

  /**
   * {@code server.install-link-max-validity}: the longest a signed link may live, default 15
   * minutes, at most a day.
   */
  public ServerConfigBuilder installLinkMaxValidity(Duration value) {
    http.installLinkMaxValidity(value);
    return this;
  }

  /** {@code server.seal-states}, default true. */
  public ServerConfigBuilder sealStates(boolean value) {
    http.sealStates(value);
    return this;
  }

  /** {@code server.require-install-link}, default false. */
  public ServerConfigBuilder requireInstallLink(boolean value) {
    http.requireInstallLink(value);
    return this;
  }

  /** {@code server.shutdown-timeout}, default 20 s. */
  public ServerConfigBuilder shutdownTimeout(Duration value) {
    http.shutdownTimeout(value);
    return this;
  }

  /** {@code server.landing-page}, default false. */
  public ServerConfigBuilder landingPage(boolean value) {
    http.landingPage(value);
    return this;
  }

  /** {@code server.site-name}, default "Notion integration". */
  public ServerConfigBuilder siteName(String value) {
    http.siteName(value);
    return this;
  }

  /** {@code server.unbound-installs}: {@code reject} (default) or {@code accept-unbound}. */
  public ServerConfigBuilder unboundInstalls(String value) {
    http.unboundInstalls(value);
    return this;
  }

  /** {@code server.install-rate-limit}, default 60 per minute and address; 0 for none. */
  public ServerConfigBuilder installRateLimit(int value) {
    http.installRateLimit(value);
    return this;
  }

  /** {@code server.unbound-rate-limit}, default 120 per minute for the whole server. */
  public ServerConfigBuilder unboundRateLimit(int value) {
    http.unboundRateLimit(value);
    return this;
  }

  /** {@code server.max-concurrent-exchanges}, default 16. */
  public ServerConfigBuilder maxConcurrentExchanges(int value) {
    http.maxConcurrentExchanges(value);
    return this;
  }

  /** {@code server.max-connections}, default 1000. */
  public ServerConfigBuilder maxConnections(int value) {
    http.maxConnections(value);
    return this;
  }

  /** {@code server.idle-timeout}, default 30 s. */
  public ServerConfigBuilder idleTimeout(Duration value) {
    http.idleTimeout(value);
    return this;
  }

  /** {@code server.request-header-size}, default 8 KiB (1 KiB to 64 KiB). */
  public ServerConfigBuilder requestHeaderSize(int value) {
    http.requestHeaderSize(value);
    return this;
  }

  /**
   * {@code server.management-port}, default 0 (off): {@code /metrics} and {@code /readyz} there.
   */
  public ServerConfigBuilder managementPort(int value) {
    http.managementPort(value);
    return this;
  }

  /** {@code server.management-host}, default {@code 127.0.0.1}. */
  public ServerConfigBuilder managementHost(String value) {
    http.managementHost(value);
    return this;
  }

  /** {@code server.metrics-from}, default loopback only; empty turns {@code /metrics} off. */
  public ServerConfigBuilder metricsFrom(List<String> value) {
    http.metricsFrom(value);
    return this;
  }

  /** {@code store.jdbc-url}, default {@value JdbcStoreSettings#DEFAULT_URL}. */
  public ServerConfigBuilder jdbcUrl(String value) {
    store.jdbcUrl(value);
    return this;
  }

  /** {@code store.username}. */
  public ServerConfigBuilder username(String value) {
    store.username(value);
    return this;
  }

  /** {@code store.password}. */
  public ServerConfigBuilder password(String value) {
    store.password(value);
    return this;
  }

  /** {@code store.pool-size}, default 4 for SQLite and 10 for PostgreSQL. */
  public ServerConfigBuilder poolSize(int value) {
    store.poolSize(value);
    return this;
  }

  /** {@code store.encryption-key}: base64 of 32 bytes; required by the {@code store} consumer. */
  public ServerConfigBuilder encryptionKey(String base64) {
    store.encryptionKey(base64);
    return this;
  }

  /** {@code store.previous-encryption-keys}: older keys still needed to read. */
  public ServerConfigBuilder previousEncryptionKeys(List<String> base64) {
    store.previousEncryptionKeys(base64);
    return this;
  }

  /** {@code consumer}, default {@code store}. */
  public ServerConfigBuilder consumer(String value) {
    this.consumer = value;
    return this;
  }

  /** {@code view}, default {@code default}. */
  public ServerConfigBuilder view(String value) {
    this.view = value;
    return this;
  }

  /** {@code listeners}: installation listener plugins told of every status change. */
  public ServerConfigBuilder listeners(List<String> value) {
    this.listeners = List.copyOf(value);
    return this;
  }

  /** The listener plugins' names, as set so far. */
  public List<String> listenerNames() {
    return listeners;
  }

  /** {@code settings}: the free map handed to the plugins. */
  public ServerConfigBuilder settings(Map<String, Object> value) {
    this.settings = Map.copyOf(value);
    return this;
  }

  /** A document under {@code documents}, served at a URL path like {@code /terms}. */
  public ServerConfigBuilder document(String urlPath, ServerConfig.Document document) {
    if (!ConfigChecks.DOCUMENT_PATH.matcher(urlPath).matches()
        || urlPath.contains("//")
        || urlPath.contains("/..")
        || (urlPath.length() > 1 && urlPath.endsWith("/"))) {
      throw new IllegalArgumentException("must be a URL path like /terms");
    }
    documents.put(urlPath, document);
    return this;
  }

  /** {@code api.enabled}, default false. */
  public ServerConfigBuilder apiEnabled(boolean value) {
    api.enabled(value);
    return this;
  }

  /** {@code api.failed-auth-per-minute}, default 30. */
  public ServerConfigBuilder apiFailedAuthPerMinute(int value) {
    api.failedAuthPerMinute(value);
    return this;
  }

  /** {@code console.enabled}, default false. */
  public ServerConfigBuilder consoleEnabled(boolean value) {
    console.enabled(value);
    return this;
  }

  ConsoleSectionBuilder console() {
    return console;
  }

  ApiSectionBuilder api() {
    return api;
  }

  /** {@code app-events}: events to the app, off by default. */
  public ServerConfigBuilder appEvents(dev.notionoauth.servlet.AppEventSettings value) {
    appEvents.settings(value);
    return this;
  }

  AppEventsSectionBuilder appEvents() {
    return appEvents;
  }

  /** {@code webhooks.enabled}, default false. */
  public ServerConfigBuilder webhooksEnabled(boolean value) {
    webhooks.enabled(value);
    return this;
  }

  /** {@code webhooks.path}, default {@code /notion/webhooks}. */
  public ServerConfigBuilder webhookPath(String value) {
    webhooks.path(value);
    return this;
  }

  /** {@code webhooks.consumers}, default {@code [log]}. */
  public ServerConfigBuilder webhookConsumers(List<String> value) {
    webhooks.consumers(value);
    return this;
  }

  /** {@code webhooks.max-body-bytes}; see {@link WebhookSettings}. */
  public ServerConfigBuilder webhookMaxBodyBytes(int value) {
    webhooks.delivery().maxBodyBytes(value);
    return this;
  }

  /** {@code webhooks.max-concurrent-reads}; see {@link WebhookSettings}. */
  public ServerConfigBuilder webhookMaxConcurrentReads(int value) {
    webhooks.delivery().maxConcurrentReads(value);
    return this;
  }

  /** {@code webhooks.read-timeout}; see {@link WebhookSettings}. */
  public ServerConfigBuilder webhookReadTimeout(Duration value) {
    webhooks.delivery().readTimeout(value);
    return this;
  }

  /** {@code webhooks.deliver-unaddressed-to-workspace}; see {@link WebhookSettings}. */
  public ServerConfigBuilder webhookDeliverUnaddressedToWorkspace(boolean value) {
    webhooks.delivery().deliverUnaddressedToWorkspace(value);
    return this;
  }

  /** {@code webhooks.max-attempts}; see {@link WebhookSettings}. */
  public ServerConfigBuilder webhookMaxAttempts(int value) {
    webhooks.delivery().maxAttempts(value);
    return this;
  }

  /** {@code webhooks.retry-delay}; see {@link WebhookSettings}. */
  public ServerConfigBuilder webhookRetryDelay(Duration value) {
    webhooks.delivery().retryDelay(value);
    return this;
  }

  /** {@code webhooks.delivery-timeout}; see {@link WebhookSettings}. */
  public ServerConfigBuilder webhookDeliveryTimeout(Duration value) {
    webhooks.delivery().deliveryTimeout(value);
    return this;
  }

  /** The webhook consumer plugins' names, as set so far. */
  public List<String> webhookConsumerNames() {
    return webhooks.consumers();
  }

  /** The consumer plugin's name, as set so far. */
  public String consumerName() {
    return consumer;
  }

  /** The view plugin's name, as set so far. */
  public String viewName() {
    return view;
  }

  /**
   * What only the whole configuration can tell, each with its key path: missing required values,
   * colliding routes, a redirect URI that is not the callback route, a required install link
   * without a secret, a {@code store} consumer or webhooks without an encryption key.
   */
  public List<ConfigProblem> problems() {
    return ConfigChecks.problems(this);
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
    return new ServerConfig(
        notion,
        http.build(),
        store.build(),
        consumer,
        view,
        listeners,
        settings,
        Collections.unmodifiableMap(new LinkedHashMap<>(documents)),
        webhooks.build(),
        api.build(),
        appEvents.build(),
        console.build());
  }

  @Nullable String clientId() {
    return clientId;
  }

  @Nullable String clientSecret() {
    return clientSecret;
  }

  @Nullable String redirectUri() {
    return redirectUri;
  }

  HttpSectionBuilder http() {
    return http;
  }

  StoreSectionBuilder store() {
    return store;
  }

  WebhooksSectionBuilder webhooks() {
    return webhooks;
  }

  Map<String, ServerConfig.Document> documents() {
    return documents;
  }
}

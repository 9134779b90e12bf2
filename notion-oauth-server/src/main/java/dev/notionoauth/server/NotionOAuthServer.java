package dev.notionoauth.server;

import dev.notionoauth.Installations;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.Plugins;
import dev.notionoauth.Ticker;
import dev.notionoauth.apikey.InMemoryApiKeyStore;
import dev.notionoauth.appevent.InMemoryAppEventStore;
import dev.notionoauth.audit.InMemoryAuditStore;
import dev.notionoauth.server.internal.CallbackHoursRecorder;
import dev.notionoauth.server.internal.JettyShell;
import dev.notionoauth.server.internal.Services;
import dev.notionoauth.servlet.ApiSettings;
import dev.notionoauth.servlet.NotionOAuthComponents;
import dev.notionoauth.servlet.NotionOAuthComponentsBuilder;
import dev.notionoauth.spi.ApiKeyStore;
import dev.notionoauth.spi.AppEventStore;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.webhook.InMemoryWebhookStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server: its configuration mapped onto the one composition root ({@link
 * NotionOAuthComponents}: flow, installations, the install/callback/result and webhook routes) over
 * the configured JDBC store, mounted in embedded Jetty 12 ({@code JettyShell}) with the configured
 * documents, {@code /healthz}, {@code /readyz} and {@code /metrics}, plain HTTP or TLS.
 *
 * <pre>{@code
 * try (NotionOAuthServer server = NotionOAuthServer.builder(ConfigLoader.load(path)).build().start()) {
 *   server.join();
 * }
 * }</pre>
 */
public final class NotionOAuthServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotionOAuthServer.class);

  private final ServerConfig config;
  private final @Nullable JdbcStores stores;
  private final NotionOAuthComponents components;
  private final PrometheusMeterRegistry registry;
  private final JettyShell shell;

  /** Callbacks per hour by outcome into the store, for the console (with the server's store). */
  private final @Nullable CallbackHoursRecorder callbackHours;

  private NotionOAuthServer(Builder b) {
    this.config = b.config;
    boolean needStores =
        b.stateStore == null || b.installationStore == null || b.resultPages == null;
    this.stores = needStores ? JdbcStores.open(config.store().jdbcSettings(true), b.clock) : null;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NotionOAuthComponentsBuilder wiring =
        Services.components(config, b.plugins, b.clock)
            .ticker(b.ticker)
            .meters(registry)
            .stores(
                b.stateStore != null ? b.stateStore : jdbc().stateStore(),
                b.installationStore != null ? b.installationStore : jdbc().installationStore(),
                b.resultPages != null ? b.resultPages : jdbc().resultPageStore());
    if (stores != null) {
      wiring.commits(stores.commits());
      stores.sharedRateLimits().ifPresent(wiring::rateLimits);
      // each installation's health history, in the audit (audit list, the console)
      wiring.listenerInstances(
          List.of(new dev.notionoauth.audit.StatusAudit(stores.auditStore(), b.clock)));
    }
    if (b.consumer != null) {
      wiring.consumer(b.consumer); // replaces the configured consumer, storing included
    }
    if (config.webhooks().enabled()) {
      WebhookStore hooks =
          b.webhookStore != null
              ? b.webhookStore
              : stores != null ? stores.webhookStore() : new InMemoryWebhookStore();
      wiring.webhooks(hooks, Services.webhookSettings(config.webhooks()));
      if (b.webhookConsumers != null) {
        wiring.webhookConsumerInstances(b.webhookConsumers);
      }
    }
    if (config.api().enabled()) {
      ApiKeyStore keys =
          b.apiKeyStore != null
              ? b.apiKeyStore
              : stores != null ? stores.apiKeyStore() : new InMemoryApiKeyStore();
      wiring.api(
          ApiSettings.builder(keys, Services.publicInstallUrl(config))
              .failedAuthPerMinute(config.api().failedAuthPerMinute())
              .maxBodyBytes(config.api().maxBodyBytes())
              .audit(
                  stores != null ? stores.auditStore() : new InMemoryAuditStore(),
                  config.api().auditRetention())
              .build());
    }
    if (config.appEvents() != null) {
      AppEventStore outbox =
          b.appEventStore != null
              ? b.appEventStore
              : stores != null ? stores.appEventStore() : new InMemoryAppEventStore();
      wiring.appEvents(outbox, config.appEvents());
    }
    this.components = wiring.build();
    Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
    if (stores != null) {
      JdbcStores db = stores;
      readiness.put("database", db::ping);
    }
    readiness.putAll(b.readiness);
    this.callbackHours =
        stores == null
            ? null
            : new CallbackHoursRecorder(components.metrics(), stores.callbackHours(), b.clock);
    this.shell = new JettyShell(config, components, registry, readiness, b.ticker, console(b));
  }

  /** The operator console, when {@code console.enabled} (it needs the server's own store). */
  private dev.notionoauth.server.internal.console.@Nullable ConsoleServlet console(Builder b) {
    ServerConfig.Console console = config.console();
    if (!console.enabled()) {
      return null;
    }
    if (stores == null) {
      throw new IllegalStateException("the console needs the server's own store (store.jdbc-url)");
    }
    return new dev.notionoauth.server.internal.console.ConsoleServlet(
        (config.server().managementPort() > 0 ? "" : config.server().basePath()) + "/console",
        stores,
        // the API's own keys when it is on: a key revoked here is refused by it at once
        components
            .apiKeys()
            .orElseGet(() -> new dev.notionoauth.apikey.ApiKeys(stores.apiKeyStore(), b.clock)),
        components.installations(),
        config.server().installLinks(),
        Services.publicInstallUrl(config),
        b.clock,
        b.ticker,
        console.sessionIdle(),
        console.sessionMax(),
        console.trustedHeader(),
        callbackHours == null ? () -> {} : callbackHours::recordQuietly);
  }

  private JdbcStores jdbc() {
    return java.util.Objects.requireNonNull(stores);
  }

  /** The installations service over this server's store (for the integration's own code). */
  public Installations installations() {
    return components.installations();
  }

  /** A builder for a validated configuration. */
  public static Builder builder(ServerConfig config) {
    return new Builder(config);
  }

  /** Starts listening. */
  public NotionOAuthServer start() {
    try {
      shell.jetty().start();
    } catch (Exception e) {
      try {
        shell.jetty().stop();
      } catch (Exception ignored) {
        // already failing
      }
      throw new IllegalStateException(
          "could not listen on "
              + config.server().host()
              + ":"
              + config.server().port()
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")",
          e);
    }
    LOG.info("Listening on {}", localUrl());
    components.start();
    if (callbackHours != null) {
      callbackHours.start();
    }
    components
        .webhookStore()
        .ifPresent(
            store -> {
              LOG.info("Webhooks: POST {}{}", localUrl(), config.webhooks().path());
              warnWithoutConfirmedToken(store);
            });
    if (components.apiServlet().isPresent()) {
      LOG.info("HTTP API: {}/api/v1 (keys: api-keys create)", localUrl());
    }
    warnAboutOldKeys();
    return this;
  }

  /** Webhooks on but nothing to check signatures against: every delivery is refused. */
  private static void warnWithoutConfirmedToken(WebhookStore store) {
    try {
      if (store.verificationToken().isEmpty()) {
        LOG.warn(
            "Webhooks are on but no verification token is confirmed: deliveries are refused (401)"
                + " until an operator runs `webhooks capture` and `webhooks confirm`");
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not read the webhook verification token: {}", e.getClass().getSimpleName());
    }
  }

  /** Rows still sealed with an older key are lost when that key is dropped: say so at start. */
  private void warnAboutOldKeys() {
    JdbcStores db = stores;
    if (db == null || config.store().keys() == null) {
      return;
    }
    try {
      long old = db.keyRotation().countNotOnCurrentKey();
      if (old > 0) {
        LOG.warn(
            "{} installation(s) are sealed with an older encryption key: run rotate-key (after"
                + " every instance has the new key), then remove the old key",
            old);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not count tokens on older keys: {}", e.getClass().getSimpleName());
    }
  }

  /** The port listened on (the real one when configured as 0). */
  public int port() {
    return shell.port();
  }

  /** The HTTP API's own port, when {@code api.port} gives it one. */
  public java.util.OptionalInt apiPort() {
    return shell.apiPort();
  }

  /** The local base URL, e.g. {@code http://127.0.0.1:8080} (plus the base path). */
  public URI localUrl() {
    String host = config.server().host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    String scheme = config.server().tls() != null ? "https" : "http";
    return URI.create(scheme + "://" + host + ":" + port() + config.server().basePath());
  }

  /** The webhook store, when webhooks are on. */
  public Optional<WebhookStore> webhookStore() {
    return components.webhookStore();
  }

  /** The flow this server runs. */
  public NotionOAuthFlow flow() {
    return components.flow();
  }

  /** Everything this server wired: flow, installations, servlets, webhooks. */
  public NotionOAuthComponents components() {
    return components;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    shell.jetty().join();
  }

  /**
   * Stops gracefully: no new connections; in-flight requests may finish within the shutdown
   * timeout, then the rest are cut.
   *
   * @return true if everything finished in time
   */
  public boolean stop() {
    long start = System.nanoTime();
    try {
      shell.jetty().stop();
      components.close();
      if (callbackHours != null) {
        callbackHours.close();
      }
      shell.closeMeters();
      LOG.info("Stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
      if (stores != null) {
        stores.close();
      }
      return true;
    } catch (TimeoutException e) {
      LOG.warn("Shutdown timeout reached; remaining requests were cut");
      return false;
    } catch (Exception e) {
      LOG.warn("Error while stopping: {}", e.getClass().getSimpleName());
      return false;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Builds a {@link NotionOAuthServer}. */
  public static final class Builder {
    private final ServerConfig config;
    private Plugins plugins = Plugins.discover();
    private @Nullable StateStore stateStore;
    private @Nullable InstallationStore installationStore;
    private @Nullable ResultPageStore resultPages;
    private @Nullable TokenConsumer consumer;
    private @Nullable WebhookStore webhookStore;
    private @Nullable ApiKeyStore apiKeyStore;
    private @Nullable AppEventStore appEventStore;
    private @Nullable List<WebhookConsumer> webhookConsumers;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private final Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();

    private Builder(ServerConfig config) {
      this.config = config;
    }

    /** Where plugins are looked up. */
    public Builder plugins(Plugins value) {
      this.plugins = value;
      return this;
    }

    /** An installation store instead of the configured database. */
    public Builder installationStore(InstallationStore value) {
      this.installationStore = value;
      return this;
    }

    /** A result page store instead of the configured database. */
    public Builder resultPages(ResultPageStore value) {
      this.resultPages = value;
      return this;
    }

    /** A state store instead of the configured database. */
    public Builder stateStore(StateStore value) {
      this.stateStore = value;
      return this;
    }

    /** A consumer instance instead of the configured plugin. */
    public Builder consumer(TokenConsumer value) {
      this.consumer = value;
      return this;
    }

    /** A webhook store instead of the configured database. */
    public Builder webhookStore(WebhookStore value) {
      this.webhookStore = value;
      return this;
    }

    /** An API key store instead of the configured database (when the API is on). */
    public Builder apiKeyStore(ApiKeyStore value) {
      this.apiKeyStore = value;
      return this;
    }

    /** An app event outbox instead of the configured database (when app events are on). */
    public Builder appEventStore(AppEventStore value) {
      this.appEventStore = value;
      return this;
    }

    /** Webhook consumer instances instead of the configured plugins. */
    public Builder webhookConsumers(List<WebhookConsumer> value) {
      this.webhookConsumers = List.copyOf(value);
      return this;
    }

    /** The clock for states and install links. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Monotonic time for every component (probes, limits, caches). Default: the JVM's. */
    public Builder ticker(Ticker value) {
      this.ticker = value;
      return this;
    }

    /** Adds a named readiness check for {@code /readyz}. */
    public Builder readinessCheck(String name, BooleanSupplier check) {
      readiness.put(name, check);
      return this;
    }

    /** Builds the server (not started). */
    public NotionOAuthServer build() {
      return new NotionOAuthServer(this);
    }
  }
}

package dev.notionoauth.server;

import dev.notionoauth.ClaimHandoff;
import dev.notionoauth.DefaultResponseView;
import dev.notionoauth.InMemoryResultPageStore;
import dev.notionoauth.InMemoryWebhookStore;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.Plugins;
import dev.notionoauth.StoredWebhookEvent;
import dev.notionoauth.WebhookDispatcher;
import dev.notionoauth.WebhookReceiver;
import dev.notionoauth.server.internal.AccessLog;
import dev.notionoauth.server.internal.DocumentServlet;
import dev.notionoauth.server.internal.ErrorPageHandler;
import dev.notionoauth.server.internal.FallbackServlet;
import dev.notionoauth.server.internal.HealthServlet;
import dev.notionoauth.server.internal.JvmMeters;
import dev.notionoauth.server.internal.MalformedQueryGuard;
import dev.notionoauth.server.internal.MetricsServlet;
import dev.notionoauth.server.internal.Services;
import dev.notionoauth.server.internal.TlsMaterial;
import dev.notionoauth.server.internal.TrustedProxyCustomizer;
import dev.notionoauth.servlet.FlowMetrics;
import dev.notionoauth.servlet.InstallContextResolver;
import dev.notionoauth.servlet.NotionOAuthServlet;
import dev.notionoauth.servlet.NotionWebhookServlet;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginSettings;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.StoreCommits;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.store.jdbc.JdbcStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server: the install, callback and result routes (through {@link
 * NotionOAuthServlet}), the configured documents, {@code /healthz} and {@code /readyz}, on embedded
 * Jetty 12, plain HTTP or TLS.
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
  private final Server jetty;
  private final ServerConnector connector;
  private final NotionOAuthFlow flow;
  private final @Nullable JdbcStores stores;
  private final Installations installations;
  private final @Nullable WebhookStore webhookStore;
  private final @Nullable WebhookDispatcher webhookDispatcher;
  private final PrometheusMeterRegistry registry;
  private final AutoCloseable gcMetrics;

  private NotionOAuthServer(Builder b) {
    this.config = b.config;
    boolean needStores = b.stateStore == null || b.installationStore == null;
    this.stores = needStores ? JdbcStores.open(config.store().jdbcSettings(true)) : null;
    StateStore stateStore =
        b.stateStore != null ? b.stateStore : Objects.requireNonNull(stores).stateStore();
    InstallationStore installationStore =
        b.installationStore != null
            ? b.installationStore
            : Objects.requireNonNull(stores).installationStore();
    NotionOAuthClient client = NotionOAuthClient.create(config.notion());
    this.installations =
        Services.installations(config, client, installationStore, b.plugins, b.clock);
    ServerConfig.Webhooks hooks = config.webhooks();
    this.webhookStore =
        !hooks.enabled()
            ? null
            : b.webhookStore != null
                ? b.webhookStore
                : stores != null ? stores.webhookStore() : new InMemoryWebhookStore();
    PluginContext pluginContext = pluginContext(installations, b.clock);
    NotionOAuthFlow.Builder flowBuilder = NotionOAuthFlow.builder(client);
    EncryptionKeys keys = config.store().keys();
    if (keys != null) {
      // a key only our servers hold, shared by every instance; without one, states are stored
      flowBuilder.stateKeys(keys.stateKeys(config.notion().clientId()));
    }
    this.flow =
        flowBuilder
            .stateStore(stateStore)
            .consumer(
                b.consumer != null
                    ? b.consumer
                    : b.plugins.consumer(config.consumer(), pluginContext))
            .commits(stores != null ? stores.commits() : StoreCommits.separate())
            .clock(b.clock)
            .unboundInstalls(config.server().unboundInstalls())
            .sealStates(config.server().sealStates())
            .maxConcurrentExchanges(config.server().maxConcurrentExchanges())
            .build();
    this.webhookDispatcher =
        webhookStore == null
            ? null
            : WebhookDispatcher.builder(webhookStore, installationStore)
                .consumers(
                    b.webhookConsumers != null
                        ? b.webhookConsumers
                        : hooks.consumers().stream()
                            .map(name -> b.plugins.webhookConsumer(name, pluginContext))
                            .toList())
                .maxAttempts(hooks.maxAttempts())
                .retryDelay(hooks.retryDelay())
                .lease(hooks.deliveryTimeout())
                .deliverUnaddressedToWorkspace(hooks.deliverUnaddressedToWorkspace())
                .clock(b.clock)
                .build();
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FlowMetrics metrics = new FlowMetrics(registry);
    client.observe(metrics.notionCalls());
    if (stores != null) {
      metrics.installationCount(stores.installationStore()::count);
    }
    if (webhookStore != null) {
      metrics.webhookEventCounts(StoredWebhookEvent.Status.class, webhookStore::count);
    }
    NotionOAuthServlet oauth =
        oauthServlet(
            b.plugins.view(config.view(), pluginContext),
            DefaultResponseView.claimHandoff(pluginContext).orElse(null),
            metrics,
            b.resultPages,
            b.clock);

    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("notion-oauth");
    this.gcMetrics = JvmMeters.bind(registry, threads);
    this.jetty = new Server(threads);
    this.connector = connector(jetty, config.server());
    jetty.addConnector(connector);
    // a flood of slow or idle sockets cannot exhaust memory or file descriptors
    jetty.addBean(new NetworkConnectionLimit(config.server().maxConnections(), jetty));
    ServletContextHandler context = context(oauth, metrics, b.readiness, b.clock);
    ErrorPageHandler errors = new ErrorPageHandler();
    context.setErrorHandler(errors);
    jetty.setErrorHandler(errors);
    if (config.server().managementPort() > 0) {
      // /metrics and /readyz only on their own connector (review L6): a same-host proxy in front of
      // the public port cannot publish them
      ServerConnector management = new ServerConnector(jetty);
      management.setName("management");
      management.setHost(config.server().managementHost());
      management.setPort(config.server().managementPort());
      jetty.addConnector(management);
      ServletContextHandler ops = management(b.readiness);
      ops.setErrorHandler(errors);
      context.setVirtualHosts(List.of("@" + PUBLIC));
      connector.setName(PUBLIC);
      jetty.setHandler(
          new GracefulHandler(new MalformedQueryGuard(new ContextHandlerCollection(context, ops))));
    } else {
      jetty.setHandler(new GracefulHandler(new MalformedQueryGuard(context)));
    }
    jetty.setStopTimeout(config.server().shutdownTimeout().toMillis());
    jetty.setStopAtShutdown(false);
    ServerConfig.Http http = config.server();
    jetty.setRequestLog(new AccessLog(http.basePath() + http.resultPath() + "/"));
  }

  /** What plugins get: the settings (with the site's name and start URL) and the services. */
  private PluginContext pluginContext(Installations installations, Clock clock) {
    ServerConfig.Http http = config.server();
    Map<String, Object> pluginMap = new LinkedHashMap<>();
    pluginMap.put("product-name", http.siteName());
    pluginMap.put("start-url", http.basePath() + http.installPath());
    pluginMap.putAll(config.settings());
    return new PluginContext(
        new PluginSettings(pluginMap), installations, http.installLinks(), clock, webhookStore);
  }

  private NotionOAuthServlet oauthServlet(
      ResponseView view,
      @Nullable ClaimHandoff claims,
      FlowMetrics metrics,
      @Nullable ResultPageStore resultPages,
      Clock clock) {
    ServerConfig.Http http = config.server();
    InstallLinks links = http.installLinks();
    return NotionOAuthServlet.builder(flow)
        .metrics(metrics)
        .view(view)
        .claimHandoff(claims)
        .installPath(http.installPath())
        .callbackPath(http.callbackPath())
        .resultPath(http.resultPath())
        .secureCookie(config.publicUrlIsHttps())
        .contextResolver(
            links == null
                ? InstallContextResolver.none()
                : InstallContextResolver.signedLinks(links, http.requireInstallLink(), clock, flow))
        .installsPerMinute(http.installRateLimit())
        .unboundPerMinute(http.unboundRateLimit())
        .resultPages(
            resultPages != null
                ? resultPages
                : stores != null ? stores.resultPageStore() : new InMemoryResultPageStore())
        .build();
  }

  /** Plain HTTP or TLS, behind trusted proxies or not, with the configured limits. */
  private static ServerConnector connector(Server jetty, ServerConfig.Http http) {
    HttpConfiguration httpConfig = new HttpConfiguration();
    httpConfig.setSendServerVersion(false);
    httpConfig.setSendXPoweredBy(false);
    httpConfig.setSendDateHeader(true);
    httpConfig.setRequestHeaderSize(http.requestHeaderSize());
    if (!http.trustedProxies().isEmpty()) {
      httpConfig.addCustomizer(
          new TrustedProxyCustomizer(http.trustedProxies(), http.clientAddressFromForwarded()));
    }
    ServerConnector connector;
    if (http.tls() != null) {
      TlsMaterial.Loaded tls = TlsMaterial.load(http.tls());
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(tls.keyStore());
      ssl.setKeyStorePassword(tls.password());
      ssl.setKeyManagerPassword(tls.password());
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      secure.setStsMaxAge(63072000);
      secure.setStsIncludeSubDomains(true);
      httpConfig.addCustomizer(secure);
      connector =
          new ServerConnector(
              jetty,
              new SslConnectionFactory(ssl, "http/1.1"),
              new HttpConnectionFactory(httpConfig));
    } else {
      connector = new ServerConnector(jetty, new HttpConnectionFactory(httpConfig));
    }
    connector.setHost(http.host());
    connector.setPort(http.port());
    connector.setIdleTimeout(http.idleTimeout().toMillis());
    return connector;
  }

  private static final String PUBLIC = "public";

  /** The management connector's routes: readiness and metrics (and liveness). */
  private ServletContextHandler management(Map<String, BooleanSupplier> extraReadiness) {
    ServletContextHandler ops = new ServletContextHandler();
    ops.setContextPath("/");
    ops.setVirtualHosts(List.of("@management"));
    HealthServlet health = new HealthServlet(readiness(extraReadiness));
    ops.addServlet(new ServletHolder("health", health), "/healthz");
    ops.addServlet(new ServletHolder("ready", health), "/readyz");
    ops.addServlet(
        new ServletHolder("metrics", new MetricsServlet(registry, config.server().metricsFrom())),
        "/metrics");
    return ops;
  }

  private Map<String, BooleanSupplier> readiness(Map<String, BooleanSupplier> extra) {
    Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
    if (stores != null) {
      JdbcStores db = stores;
      readiness.put("database", db::ping);
    }
    readiness.putAll(extra);
    return readiness;
  }

  /** The routes: the flow's, health and readiness, metrics, documents, and the fallback. */
  private ServletContextHandler context(
      NotionOAuthServlet oauth,
      FlowMetrics metrics,
      Map<String, BooleanSupplier> extraReadiness,
      Clock clock) {
    ServerConfig.Http http = config.server();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath(http.basePath().isEmpty() ? "/" : http.basePath());
    ServletHolder oauthHolder = new ServletHolder("notion-oauth", oauth);
    context.addServlet(oauthHolder, http.installPath());
    context.addServlet(oauthHolder, http.callbackPath());
    context.addServlet(oauthHolder, http.resultPath() + "/*");
    if (webhookStore != null && webhookDispatcher != null) {
      WebhookDispatcher dispatcher = webhookDispatcher;
      ServerConfig.Webhooks hooks = config.webhooks();
      WebhookReceiver receiver =
          WebhookReceiver.builder(webhookStore)
              .maxBodyBytes(hooks.maxBodyBytes())
              .clock(clock)
              .onRecorded(dispatcher::wake)
              .build();
      ServletHolder holder =
          new ServletHolder(
              "notion-webhooks",
              NotionWebhookServlet.builder(receiver)
                  .metrics(metrics)
                  .maxConcurrentReads(hooks.maxConcurrentReads())
                  .readTimeout(hooks.readTimeout())
                  .build());
      // bodies are read as they arrive, with a deadline, holding no thread (review 2026-12b H2)
      holder.setAsyncSupported(true);
      context.addServlet(holder, hooks.path());
    }
    HealthServlet health = new HealthServlet(readiness(extraReadiness));
    context.addServlet(new ServletHolder("health", health), "/healthz");
    boolean separate = http.managementPort() > 0;
    if (!separate) {
      context.addServlet(new ServletHolder("ready", health), "/readyz");
    }
    if (!separate && !http.metricsFrom().isEmpty()) {
      context.addServlet(
          new ServletHolder("metrics", new MetricsServlet(registry, http.metricsFrom())),
          "/metrics");
    }
    if (!config.documents().isEmpty()) {
      ServletHolder docs =
          new ServletHolder("documents", new DocumentServlet(config.documents(), http.siteName()));
      for (String path : config.documents().keySet()) {
        context.addServlet(docs, path);
      }
    }
    context.addServlet(
        new ServletHolder(
            "fallback",
            new FallbackServlet(http.landingPage() ? http.installPath() : null, http.siteName())),
        "/");
    return context;
  }

  /** The installations service over this server's store (for the integration's own code). */
  public Installations installations() {
    return installations;
  }

  /** A builder for a validated configuration. */
  public static Builder builder(ServerConfig config) {
    return new Builder(config);
  }

  /** Starts listening. */
  public NotionOAuthServer start() {
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
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
    if (webhookDispatcher != null && webhookStore != null) {
      webhookDispatcher.start();
      LOG.info("Webhooks: POST {}{}", localUrl(), config.webhooks().path());
      warnWithoutConfirmedToken(webhookStore);
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
      long old = db.installationStore().countNotOnCurrentKey();
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
    return connector.getLocalPort();
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
    return Optional.ofNullable(webhookStore);
  }

  /** The flow this server runs. */
  public NotionOAuthFlow flow() {
    return flow;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
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
      jetty.stop();
      if (webhookDispatcher != null) {
        webhookDispatcher.close();
      }
      gcMetrics.close();
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
    private @Nullable List<WebhookConsumer> webhookConsumers;
    private Clock clock = Clock.systemUTC();
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

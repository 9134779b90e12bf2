package dev.notionoauth.server.internal;

import dev.notionoauth.server.ServerConfig;
import dev.notionoauth.servlet.NotionOAuthComponents;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * The standalone server's Jetty: connectors (plain HTTP or TLS, behind trusted proxies or not, with
 * the configured limits; a management connector when configured), the routes mounted from the
 * {@link NotionOAuthComponents}, documents, health, readiness and metrics, our error page, the
 * malformed-query guard and the access log. Only translates configuration into Jetty objects.
 */
public final class JettyShell {
  private static final String PUBLIC = "public";

  private final Server jetty;
  private final ServerConnector connector;
  private final @Nullable ServerConnector apiConnector;
  private final AutoCloseable jvmMeters;

  /**
   * Builds Jetty for a configuration (not started).
   *
   * @param config the configuration
   * @param components the routes' servlets
   * @param registry where the meters are, served at {@code /metrics}
   * @param readiness the named checks of {@code /readyz}
   * @param ticker times the readiness verdict's cache
   */
  public JettyShell(
      ServerConfig config,
      NotionOAuthComponents components,
      PrometheusMeterRegistry registry,
      Map<String, BooleanSupplier> readiness,
      dev.notionoauth.Ticker ticker,
      jakarta.servlet.http.@Nullable HttpServlet console) {
    ServerConfig.Http http = config.server();
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("notion-oauth");
    this.jvmMeters = JvmMeters.bind(registry, threads);
    this.jetty = new Server(threads);
    this.connector = connector(jetty, http);
    jetty.addConnector(connector);
    // a flood of slow or idle sockets cannot exhaust memory or file descriptors
    jetty.addBean(new NetworkConnectionLimit(http.maxConnections(), jetty));
    HealthServlet health = new HealthServlet(readiness, ticker);
    ServletContextHandler context = context(config, components, registry, health);
    boolean consoleOnManagement = console != null && http.managementPort() > 0;
    if (console != null && !consoleOnManagement) {
      mountConsole(context, console);
    }
    ErrorPageHandler errors = new ErrorPageHandler();
    context.setErrorHandler(errors);
    jetty.setErrorHandler(errors);
    List<ServletContextHandler> contexts = new ArrayList<>(List.of(context));
    if (http.managementPort() > 0) {
      // /metrics and /readyz only on their own connector (review L6): a same-host proxy in front of
      // the public port cannot publish them
      ServerConnector management = new ServerConnector(jetty);
      management.setName("management");
      management.setHost(http.managementHost());
      management.setPort(http.managementPort());
      jetty.addConnector(management);
      ServletContextHandler ops = management(registry, health, http);
      if (console != null && consoleOnManagement) {
        mountConsole(ops, console);
      }
      contexts.add(ops);
    }
    ServerConfig.Api api = config.api();
    ServerConnector apiConnector = null;
    if (api.ownPort() && components.apiServlet().isPresent()) {
      // the API alone on its own connector (same TLS and trusted proxies as the public one)
      apiConnector = connector(jetty, http);
      apiConnector.setName("api");
      apiConnector.setHost(api.host());
      apiConnector.setPort(api.port());
      jetty.addConnector(apiConnector);
      contexts.add(apiContext(components.apiServlet().get()));
    }
    this.apiConnector = apiConnector;
    if (contexts.size() > 1) {
      context.setVirtualHosts(List.of("@" + PUBLIC));
      connector.setName(PUBLIC);
      for (ServletContextHandler c : contexts) {
        c.setErrorHandler(errors);
      }
      jetty.setHandler(
          new GracefulHandler(
              new MalformedQueryGuard(
                  new ContextHandlerCollection(contexts.toArray(ServletContextHandler[]::new)))));
    } else {
      jetty.setHandler(new GracefulHandler(new MalformedQueryGuard(context)));
    }
    jetty.setStopTimeout(http.shutdownTimeout().toMillis());
    jetty.setStopAtShutdown(false);
    jetty.setRequestLog(new AccessLog(http.basePath() + http.resultPath() + "/"));
  }

  /** Jetty itself. */
  public Server jetty() {
    return jetty;
  }

  /** The public port listened on (the real one when configured as 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The API's own port, when it has one (the real one when configured as 0). */
  public java.util.OptionalInt apiPort() {
    return apiConnector == null
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(apiConnector.getLocalPort());
  }

  /** Releases the thread pool's meters. */
  public void closeMeters() throws Exception {
    jvmMeters.close();
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

  /** The operator console at {@code /console} and below. */
  private static void mountConsole(
      ServletContextHandler context, jakarta.servlet.http.HttpServlet console) {
    ServletHolder holder = new ServletHolder("console", console);
    context.addServlet(holder, "/console");
    context.addServlet(holder, "/console/*");
  }

  /**
   * The API's own connector's routes: {@code /api/v1/*} and nothing else. Every other path is the
   * API servlet's too, so it gets the API's JSON 404 with the security headers (never Jetty's
   * default servlet).
   */
  private static ServletContextHandler apiContext(jakarta.servlet.http.HttpServlet servlet) {
    ServletContextHandler api = new ServletContextHandler();
    api.setContextPath("/");
    api.setVirtualHosts(List.of("@api"));
    ServletHolder holder = new ServletHolder("api", servlet);
    api.addServlet(holder, "/api/v1/*");
    api.addServlet(holder, "/");
    return api;
  }

  /** The management connector's routes: readiness and metrics (and liveness). */
  private static ServletContextHandler management(
      PrometheusMeterRegistry registry, HealthServlet health, ServerConfig.Http http) {
    ServletContextHandler ops = new ServletContextHandler();
    ops.setContextPath("/");
    ops.setVirtualHosts(List.of("@management"));
    ops.addServlet(new ServletHolder("health", health), "/healthz");
    ops.addServlet(new ServletHolder("ready", health), "/readyz");
    ops.addServlet(
        new ServletHolder("metrics", new MetricsServlet(registry, http.metricsFrom())), "/metrics");
    return ops;
  }

  /** The routes: the flow's, webhooks, health and readiness, metrics, documents, the fallback. */
  private static ServletContextHandler context(
      ServerConfig config,
      NotionOAuthComponents components,
      PrometheusMeterRegistry registry,
      HealthServlet health) {
    ServerConfig.Http http = config.server();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath(http.basePath().isEmpty() ? "/" : http.basePath());
    ServletHolder oauth = new ServletHolder("notion-oauth", components.oauthServlet());
    context.addServlet(oauth, http.installPath());
    context.addServlet(oauth, http.callbackPath());
    context.addServlet(oauth, http.resultPath() + "/*");
    components
        .webhookServlet()
        .ifPresent(
            servlet -> {
              ServletHolder holder = new ServletHolder("notion-webhooks", servlet);
              // bodies are read as they arrive, with a deadline, holding no thread (2026-12b H2)
              holder.setAsyncSupported(true);
              context.addServlet(holder, config.webhooks().path());
            });
    if (!config.api().ownPort()) {
      components
          .apiServlet()
          .ifPresent(servlet -> context.addServlet(new ServletHolder("api", servlet), "/api/v1/*"));
    }
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
}

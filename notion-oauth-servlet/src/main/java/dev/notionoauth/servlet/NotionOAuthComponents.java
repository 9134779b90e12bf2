package dev.notionoauth.servlet;

import dev.notionoauth.ClaimHandoff;
import dev.notionoauth.DefaultResponseView;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.StateKeys;
import dev.notionoauth.apikey.ApiKeys;
import dev.notionoauth.appevent.AppEventRecorder;
import dev.notionoauth.appevent.AppEventSender;
import dev.notionoauth.appevent.AppEventType;
import dev.notionoauth.appevent.WebhookForwarder;
import dev.notionoauth.audit.AuditLog;
import dev.notionoauth.spi.AppEventStore;
import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginSettings;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.webhook.StoredWebhookEvent;
import dev.notionoauth.webhook.WebhookDispatcher;
import dev.notionoauth.webhook.WebhookReceiver;
import dev.notionoauth.webhook.WebhookVerification;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The library wired once, for every host: from the settings, the stores, the plugins, a meter
 * registry and a clock (with any component replaced by the host's own), it builds the Notion
 * client, the installations service, the flow (which stores installations and keeps result pages),
 * the install/callback/result servlet, and — when a webhook store is given — the webhook receiver,
 * dispatcher, servlet and the operator's verification steps. One {@link PluginContext} serves every
 * plugin kind.
 *
 * <p>The standalone server maps its configuration onto the {@link NotionOAuthComponentsBuilder} and
 * mounts the servlets in Jetty; the Spring Boot starter maps its properties onto it and registers
 * the servlets; an app of its own does the same in a few lines. Container-neutral: no Jetty, JDBC
 * or Spring type. {@link #start} starts the webhook dispatcher, {@link #close} stops it.
 *
 * <pre>{@code
 * NotionOAuthComponents notion = NotionOAuthComponents.builder(settings)
 *     .stores(jdbc.stateStore(), jdbc.installationStore(), jdbc.resultPageStore())
 *     .commits(jdbc.commits())
 *     .stateKeys(keys.stateKeys(settings.clientId()))
 *     .build()
 *     .start();
 * context.addServlet(new ServletHolder(notion.oauthServlet()), "/notion/*");
 * }</pre>
 */
public final class NotionOAuthComponents implements AutoCloseable {
  private final NotionOAuthClient client;
  private final Installations installations;
  private final NotionOAuthFlow flow;
  private final NotionOAuthServlet oauthServlet;
  private final FlowMetrics metrics;
  private final PluginContext pluginContext;
  private final @Nullable Webhooks webhooks;
  private final @Nullable Api api;
  private final @Nullable AppEventSender appEvents;

  /** The HTTP API, when on. */
  private record Api(ApiKeys keys, NotionApiServlet servlet, @Nullable AuditLog audit) {}

  /** The webhook side, when on. */
  private record Webhooks(
      WebhookStore store,
      WebhookDispatcher dispatcher,
      NotionWebhookServlet servlet,
      WebhookVerification verification) {}

  NotionOAuthComponents(NotionOAuthComponentsBuilder b) {
    this.metrics = b.metrics();
    this.client = b.client(metrics);
    WebhookStore hookStore = b.webhookStore();
    Installations[] built = new Installations[1];
    this.pluginContext =
        PluginContext.builder(new PluginSettings(b.pluginSettings()))
            .installations(() -> built[0])
            .installLinks(b.installLinks())
            .clock(b.clock())
            .webhookStore(hookStore)
            .build();
    List<InstallationListener> listeners = new ArrayList<>(b.listenerInstances());
    AppEventStore outbox = b.appEventStore();
    if (outbox != null) {
      AppEventSettings events = b.appEventSettings();
      AppEventSender sender =
          AppEventSender.builder(outbox, events.url(), events.signer())
              .clock(b.clock())
              .maxAttempts(events.maxAttempts())
              .retryDelay(events.retryDelay())
              .timeout(events.timeout())
              .build();
      listeners.add(new AppEventRecorder(outbox, events.types(), b.clock(), sender::wake));
      this.appEvents = sender;
    } else {
      this.appEvents = null;
    }
    for (String name : b.listenerNames()) {
      listeners.add(b.plugins().create(InstallationListener.class, name, pluginContext));
    }
    Installations.Builder installationsBuilder =
        Installations.builder(b.installationStore(), client)
            .clock(b.clock())
            .ticker(b.ticker())
            .listeners(listeners)
            .apiLimits(b.apiLimits());
    if (b.rateLimits() != null) {
      installationsBuilder.rateLimits(b.rateLimits());
    }
    if (b.apiSettings() != null) { // the proxy under load reads an installation once per 250 ms
      installationsBuilder.rememberFor(java.time.Duration.ofMillis(250));
    }
    this.installations = installationsBuilder.build();
    built[0] = installations;
    metrics.installationCount(b.installationStore()::count);
    this.flow = flow(b);
    this.oauthServlet = oauthServlet(b);
    this.webhooks = hookStore == null ? null : webhooks(b, hookStore);
    ApiSettings apiSettings = b.apiSettings();
    this.api = apiSettings == null ? null : api(b, apiSettings);
  }

  private Api api(NotionOAuthComponentsBuilder b, ApiSettings settings) {
    ApiKeys keys = new ApiKeys(settings.keys(), b.clock());
    AuditLog audit =
        settings
            .audit()
            .map(
                store ->
                    AuditLog.builder(store)
                        .clock(b.clock())
                        .retention(settings.auditRetention())
                        .build())
            .orElse(null);
    NotionApiServlet servlet =
        NotionApiServlet.builder(keys, installations, b.installationStore(), settings.installUrl())
            .installLinks(b.installLinks())
            .clock(b.clock())
            .ticker(b.ticker())
            .failedAuthPerMinute(settings.failedAuthPerMinute())
            .maxBodyBytes(settings.maxBodyBytes())
            .audit(audit)
            .meters(metrics.registry())
            .build();
    return new Api(keys, servlet, audit);
  }

  /** A builder over the integration's settings; every default is in the builder. */
  public static NotionOAuthComponentsBuilder builder(NotionOAuthSettings settings) {
    return new NotionOAuthComponentsBuilder(settings);
  }

  private NotionOAuthFlow flow(NotionOAuthComponentsBuilder b) {
    TokenConsumer own = b.consumerInstance();
    TokenConsumer consumer =
        own != null
            ? own
            : b.plugins().create(TokenConsumer.class, b.consumerName(), pluginContext);
    ResponseView ownView = b.viewInstance();
    ResponseView view =
        ownView != null
            ? ownView
            : b.plugins().create(ResponseView.class, b.viewName(), pluginContext);
    NotionOAuthFlow.Builder flow =
        NotionOAuthFlow.builder(client)
            .stateStore(b.stateStore())
            .consumer(consumer)
            .view(view)
            .resultPages(b.resultPageStore())
            .commits(b.commits())
            .clock(b.clock())
            .ticker(b.ticker())
            .unboundInstalls(b.unboundInstalls())
            .sealStates(b.sealStates())
            .maxConcurrentExchanges(b.maxConcurrentExchanges());
    if (b.storesInstallations()) {
      flow.installations(installations);
    }
    StateKeys keys = b.stateKeys();
    if (keys != null) {
      flow.stateKeys(keys);
    }
    return flow.build();
  }

  private NotionOAuthServlet oauthServlet(NotionOAuthComponentsBuilder b) {
    InstallLinks links = b.installLinks();
    InstallContextResolver own = b.contextResolver();
    InstallContextResolver resolver =
        own != null
            ? own
            : links == null
                ? InstallContextResolver.none()
                : InstallContextResolver.signedLinks(
                    links, b.requireInstallLink(), b.clock(), flow.singleUseLinks());
    ClaimHandoff claims = DefaultResponseView.claimHandoff(pluginContext).orElse(null);
    return NotionOAuthServlet.builder(flow)
        .metrics(metrics)
        .ticker(b.ticker())
        .claimHandoff(claims)
        .installPath(b.installPath())
        .callbackPath(b.callbackPath())
        .resultPath(b.resultPath())
        .secureCookie(b.secureCookie())
        .contextResolver(resolver)
        .installsPerMinute(b.installsPerMinute())
        .unboundPerMinute(b.unboundPerMinute())
        .build();
  }

  private Webhooks webhooks(NotionOAuthComponentsBuilder b, WebhookStore store) {
    WebhookSettings s = b.webhookSettings();
    List<WebhookConsumer> consumers = new ArrayList<>(b.webhookConsumerInstances());
    for (String name : b.webhookConsumerNames()) {
      consumers.add(b.plugins().create(WebhookConsumer.class, name, pluginContext));
    }
    AppEventStore outbox = b.appEventStore();
    AppEventSender sender = appEvents;
    if (outbox != null
        && sender != null
        && b.appEventSettings().types().contains(AppEventType.NOTION_WEBHOOK)) {
      consumers.add(new WebhookForwarder(outbox, b.clock(), sender::wake));
    }
    WebhookDispatcher dispatcher =
        WebhookDispatcher.builder(store, b.installationStore())
            .consumers(consumers)
            .maxAttempts(s.maxAttempts())
            .retryDelay(s.retryDelay())
            .lease(s.deliveryTimeout())
            .deliverUnaddressedToWorkspace(s.deliverUnaddressedToWorkspace())
            .clock(b.clock())
            .build();
    WebhookReceiver receiver =
        WebhookReceiver.builder(store)
            .maxBodyBytes(s.maxBodyBytes())
            .clock(b.clock())
            .onRecorded(dispatcher::wake)
            .build();
    metrics.webhookEventCounts(StoredWebhookEvent.Status.class, store::count);
    NotionWebhookServlet servlet =
        NotionWebhookServlet.builder(receiver)
            .metrics(metrics)
            .ticker(b.ticker())
            .maxConcurrentReads(s.maxConcurrentReads())
            .readTimeout(s.readTimeout())
            .build();
    return new Webhooks(store, dispatcher, servlet, new WebhookVerification(store, b.clock()));
  }

  /** Starts delivering webhook events and app events (when on). */
  public NotionOAuthComponents start() {
    if (api != null && api.audit() != null) {
      api.audit().start();
    }
    if (appEvents != null) {
      appEvents.start();
    }
    if (webhooks != null) {
      webhooks.dispatcher().start();
    }
    return this;
  }

  /** Stops delivering webhook events; the stores are the host's to close. */
  @Override
  public void close() {
    if (api != null && api.audit() != null) {
      api.audit().close();
    }
    if (appEvents != null) {
      appEvents.close();
    }
    if (webhooks != null) {
      webhooks.dispatcher().close();
    }
  }

  /** The Notion OAuth client. */
  public NotionOAuthClient client() {
    return client;
  }

  /** The installations service, for the integration's own code. */
  public Installations installations() {
    return installations;
  }

  /** The flow. */
  public NotionOAuthFlow flow() {
    return flow;
  }

  /** The install, callback and result routes: map it to those three paths. */
  public NotionOAuthServlet oauthServlet() {
    return oauthServlet;
  }

  /** The meters of the flow, the calls to Notion and webhooks. */
  public FlowMetrics metrics() {
    return metrics;
  }

  /** What every plugin was created with. */
  public PluginContext pluginContext() {
    return pluginContext;
  }

  /** The webhook route (mount it with async support on), when webhooks are on. */
  public Optional<NotionWebhookServlet> webhookServlet() {
    return Optional.ofNullable(webhooks).map(Webhooks::servlet);
  }

  /** The webhook store, when webhooks are on. */
  public Optional<WebhookStore> webhookStore() {
    return Optional.ofNullable(webhooks).map(Webhooks::store);
  }

  /** The background delivery of webhook events, when webhooks are on. */
  public Optional<WebhookDispatcher> dispatcher() {
    return Optional.ofNullable(webhooks).map(Webhooks::dispatcher);
  }

  /** The operator's capture-and-confirm steps for the verification token, when webhooks are on. */
  public Optional<WebhookVerification> webhookVerification() {
    return Optional.ofNullable(webhooks).map(Webhooks::verification);
  }

  /** The HTTP API (map it to {@code /api/v1/*}), when on. */
  public Optional<NotionApiServlet> apiServlet() {
    return Optional.ofNullable(api).map(Api::servlet);
  }

  /** The HTTP API's keys, when the API is on. */
  public Optional<ApiKeys> apiKeys() {
    return Optional.ofNullable(api).map(Api::keys);
  }

  /** The API's audit trail, when the API and its audit are on. */
  public Optional<AuditLog> auditLog() {
    return api == null ? Optional.empty() : Optional.ofNullable(api.audit());
  }

  /** The background sender of events to the app, when app events are on. */
  public Optional<AppEventSender> appEventSender() {
    return Optional.ofNullable(appEvents);
  }
}

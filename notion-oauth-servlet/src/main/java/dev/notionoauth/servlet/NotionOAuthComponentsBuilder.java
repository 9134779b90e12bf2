package dev.notionoauth.servlet;

import dev.notionoauth.ApiLimits;
import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.InMemoryResultPageStore;
import dev.notionoauth.InMemoryStateStore;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.Plugins;
import dev.notionoauth.StateKeys;
import dev.notionoauth.Ticker;
import dev.notionoauth.UnboundInstallPolicy;
import dev.notionoauth.spi.AppEventStore;
import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.RateLimitStore;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.StoreCommits;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.spi.WebhookStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configures {@link NotionOAuthComponents}: every default of every host is here, once. Only the
 * settings are required; without stores everything lives in memory (one process); without a webhook
 * store webhooks are off. A plugin is chosen by name ({@link #consumer(String)}), or replaced by an
 * instance ({@link #consumer(TokenConsumer)}).
 */
public final class NotionOAuthComponentsBuilder {
  /** The consumer whose choice makes the flow store every installation (the server's default). */
  public static final String STORE_CONSUMER = "store";

  private final NotionOAuthSettings settings;
  private @Nullable HttpClient httpClient;
  private StateStore stateStore = new InMemoryStateStore();
  private InstallationStore installationStore = new InMemoryInstallationStore();
  private ResultPageStore resultPageStore = new InMemoryResultPageStore();
  private StoreCommits commits = StoreCommits.separate();
  private @Nullable StateKeys stateKeys;
  private boolean sealStates = true;
  private Clock clock = Clock.systemUTC();
  private Ticker ticker = Ticker.system();
  private @Nullable MeterRegistry meters;
  private Plugins plugins = Plugins.discover();
  private Map<String, Object> pluginSettings = Map.of();
  private @Nullable InstallLinks installLinks;
  private boolean requireInstallLink;
  private String consumerName = STORE_CONSUMER;
  private @Nullable TokenConsumer consumer;
  private @Nullable Boolean storesInstallations;
  private String viewName = "default";
  private @Nullable ResponseView view;
  private List<String> listenerNames = List.of();
  private List<InstallationListener> listeners = List.of();
  private @Nullable InstallContextResolver contextResolver;
  private ApiLimits apiLimits = ApiLimits.defaults();
  private @Nullable RateLimitStore rateLimits;
  private String installPath = "/notion/install";
  private String callbackPath = "/notion/callback";
  private String resultPath = "/notion/result";
  private boolean secureCookie = true;
  private int installsPerMinute = 60;
  private int unboundPerMinute = 120;
  private UnboundInstallPolicy unboundInstalls = UnboundInstallPolicy.REJECT;
  private int maxConcurrentExchanges = 16;
  private @Nullable WebhookStore webhookStore;
  private @Nullable AppEventStore appEventStore;
  private @Nullable AppEventSettings appEventSettings;
  private @Nullable ApiSettings api;
  private WebhookSettings webhookSettings = WebhookSettings.defaults();
  private List<String> webhookConsumerNames = List.of("log");
  private @Nullable List<WebhookConsumer> webhookConsumers;

  NotionOAuthComponentsBuilder(NotionOAuthSettings settings) {
    this.settings = settings;
  }

  /** The stores. Default: in memory. */
  public NotionOAuthComponentsBuilder stores(
      StateStore states, InstallationStore installations, ResultPageStore resultPages) {
    this.stateStore = states;
    this.installationStore = installations;
    this.resultPageStore = resultPages;
    return this;
  }

  /** How an installation and its result page commit. Default: separately. */
  public NotionOAuthComponentsBuilder commits(StoreCommits value) {
    this.commits = value;
    return this;
  }

  /** The keys sealing states ({@link StateKeys}). Default: none, states are stored. */
  public NotionOAuthComponentsBuilder stateKeys(@Nullable StateKeys value) {
    this.stateKeys = value;
    return this;
  }

  /** Whether states are sealed when there are state keys. Default true. */
  public NotionOAuthComponentsBuilder sealStates(boolean value) {
    this.sealStates = value;
    return this;
  }

  /** The clock of every component. Default: the system clock. */
  public NotionOAuthComponentsBuilder clock(Clock value) {
    this.clock = value;
    return this;
  }

  /** The monotonic time and waiting of every component. Default {@link Ticker#system()}. */
  public NotionOAuthComponentsBuilder ticker(Ticker value) {
    this.ticker = value;
    return this;
  }

  /** Where the meters go. Default: a registry of their own. */
  public NotionOAuthComponentsBuilder meters(MeterRegistry value) {
    this.meters = value;
    return this;
  }

  /**
   * The JDK client calls to Notion go through (for a proxy or custom TLS), instead of the default
   * one; it must not follow redirects.
   */
  public NotionOAuthComponentsBuilder httpClient(HttpClient value) {
    this.httpClient = value;
    return this;
  }

  /** Where plugins are found. Default: the class path. */
  public NotionOAuthComponentsBuilder plugins(Plugins value) {
    this.plugins = value;
    return this;
  }

  /** The settings every plugin is created with. Default: none. */
  public NotionOAuthComponentsBuilder pluginSettings(Map<String, Object> value) {
    this.pluginSettings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(value));
    return this;
  }

  /**
   * Signed install links: the install route takes its context from them (unless a context resolver
   * is set), claim links are signed with them.
   *
   * @param links the signer, or null for none
   * @param required whether an install without a link is refused
   */
  public NotionOAuthComponentsBuilder installLinks(@Nullable InstallLinks links, boolean required) {
    this.installLinks = links;
    this.requireInstallLink = required;
    return this;
  }

  /** The consumer plugin by name. Default {@value #STORE_CONSUMER}. */
  public NotionOAuthComponentsBuilder consumer(String name) {
    this.consumerName = name;
    this.consumer = null;
    return this;
  }

  /** A consumer of the host's own, instead of a plugin. */
  public NotionOAuthComponentsBuilder consumer(TokenConsumer value) {
    this.consumer = value;
    return this;
  }

  /**
   * Whether the flow stores every installation before the consumer hears of it. Default: when the
   * consumer is the {@value #STORE_CONSUMER} plugin.
   */
  public NotionOAuthComponentsBuilder storeInstallations(boolean value) {
    this.storesInstallations = value;
    return this;
  }

  /** The view plugin by name. Default {@code default}. */
  public NotionOAuthComponentsBuilder view(String name) {
    this.viewName = name;
    this.view = null;
    return this;
  }

  /** A view of the host's own, instead of a plugin. */
  public NotionOAuthComponentsBuilder view(ResponseView value) {
    this.view = value;
    return this;
  }

  /** Installation listener plugins by name. Default: none. */
  public NotionOAuthComponentsBuilder listeners(List<String> names) {
    this.listenerNames = List.copyOf(names);
    return this;
  }

  /** Installation listeners of the host's own, besides the named plugins. */
  public NotionOAuthComponentsBuilder listenerInstances(List<InstallationListener> values) {
    this.listeners = List.copyOf(values);
    return this;
  }

  /** How an install's context is decided. Default: signed install links, or an empty context. */
  public NotionOAuthComponentsBuilder contextResolver(InstallContextResolver value) {
    this.contextResolver = value;
    return this;
  }

  /**
   * Where Notion's per-installation and per-workspace buckets are kept. Default: in this process; a
   * shared store ({@code JdbcStores.sharedRateLimits()} on PostgreSQL) keeps them across instances.
   */
  public NotionOAuthComponentsBuilder rateLimits(RateLimitStore value) {
    this.rateLimits = value;
    return this;
  }

  /** How API calls are paced and bounded. Default {@link ApiLimits#defaults()}. */
  public NotionOAuthComponentsBuilder apiLimits(ApiLimits value) {
    this.apiLimits = value;
    return this;
  }

  /**
   * The routes within the servlet context. Default {@code /notion/install}, {@code
   * /notion/callback}, {@code /notion/result}.
   */
  public NotionOAuthComponentsBuilder routes(String install, String callback, String result) {
    this.installPath = install;
    this.callbackPath = callback;
    this.resultPath = result;
    return this;
  }

  /** Whether cookies are {@code Secure} with the {@code __Host-} prefix. Default true. */
  public NotionOAuthComponentsBuilder secureCookie(boolean value) {
    this.secureCookie = value;
    return this;
  }

  /** Installs per client address per minute, 0 for no limit. Default 60. */
  public NotionOAuthComponentsBuilder installsPerMinute(int value) {
    this.installsPerMinute = value;
    return this;
  }

  /** Callbacks without our state taken per minute by the whole server. Default 120. */
  public NotionOAuthComponentsBuilder unboundPerMinute(int value) {
    this.unboundPerMinute = value;
    return this;
  }

  /** Installs started from Notion's side. Default {@link UnboundInstallPolicy#REJECT}. */
  public NotionOAuthComponentsBuilder unboundInstalls(UnboundInstallPolicy value) {
    this.unboundInstalls = value;
    return this;
  }

  /** Code exchanges in flight at most. Default 16. */
  public NotionOAuthComponentsBuilder maxConcurrentExchanges(int value) {
    this.maxConcurrentExchanges = value;
    return this;
  }

  /**
   * Turns webhooks on over a store.
   *
   * @param store where events, the confirmed token and candidates are kept
   * @param settings how deliveries are read and handed on
   */
  public NotionOAuthComponentsBuilder webhooks(WebhookStore store, WebhookSettings settings) {
    this.webhookStore = store;
    this.webhookSettings = settings;
    return this;
  }

  /** Webhook consumer plugins by name. Default {@code [log]}. */
  public NotionOAuthComponentsBuilder webhookConsumers(List<String> names) {
    this.webhookConsumerNames = List.copyOf(names);
    this.webhookConsumers = null;
    return this;
  }

  /** Webhook consumers of the host's own, instead of the named plugins. */
  public NotionOAuthComponentsBuilder webhookConsumerInstances(List<WebhookConsumer> values) {
    this.webhookConsumers = List.copyOf(values);
    return this;
  }

  /** Turns the HTTP API under {@code /api/v1} on ({@link NotionOAuthComponents#apiServlet()}). */
  public NotionOAuthComponentsBuilder api(ApiSettings value) {
    this.api = value;
    return this;
  }

  /**
   * Turns events to the app on: installation changes are written to {@code store} (the outbox) and
   * posted to the app in the background ({@link NotionOAuthComponents#start()}).
   */
  public NotionOAuthComponentsBuilder appEvents(AppEventStore store, AppEventSettings settings) {
    this.appEventStore = store;
    this.appEventSettings = settings;
    return this;
  }

  /** Builds everything (nothing is started). */
  public NotionOAuthComponents build() {
    return new NotionOAuthComponents(this);
  }

  // ------------------------------------------------------------ read by NotionOAuthComponents

  /** The Notion client, its attempts metered and timed on the builder's ticker. */
  NotionOAuthClient client(FlowMetrics metrics) {
    NotionOAuthClient.Builder b =
        NotionOAuthClient.builder(settings).observer(metrics.notionCalls()).ticker(ticker);
    if (httpClient != null) {
      b.httpClient(httpClient);
    }
    return b.build();
  }

  FlowMetrics metrics() {
    return meters == null ? new FlowMetrics() : new FlowMetrics(meters);
  }

  StateStore stateStore() {
    return stateStore;
  }

  InstallationStore installationStore() {
    return installationStore;
  }

  ResultPageStore resultPageStore() {
    return resultPageStore;
  }

  StoreCommits commits() {
    return commits;
  }

  @Nullable StateKeys stateKeys() {
    return stateKeys;
  }

  boolean sealStates() {
    return sealStates;
  }

  Clock clock() {
    return clock;
  }

  Ticker ticker() {
    return ticker;
  }

  Plugins plugins() {
    return plugins;
  }

  Map<String, Object> pluginSettings() {
    return pluginSettings;
  }

  @Nullable InstallLinks installLinks() {
    return installLinks;
  }

  boolean requireInstallLink() {
    return requireInstallLink;
  }

  String consumerName() {
    return consumerName;
  }

  @Nullable TokenConsumer consumerInstance() {
    return consumer;
  }

  boolean storesInstallations() {
    return storesInstallations != null
        ? storesInstallations
        : consumer == null && consumerName.equals(STORE_CONSUMER);
  }

  String viewName() {
    return viewName;
  }

  @Nullable ResponseView viewInstance() {
    return view;
  }

  List<String> listenerNames() {
    return listenerNames;
  }

  List<InstallationListener> listenerInstances() {
    return listeners;
  }

  @Nullable InstallContextResolver contextResolver() {
    return contextResolver;
  }

  ApiLimits apiLimits() {
    return apiLimits;
  }

  @Nullable RateLimitStore rateLimits() {
    return rateLimits;
  }

  String installPath() {
    return installPath;
  }

  String callbackPath() {
    return callbackPath;
  }

  String resultPath() {
    return resultPath;
  }

  boolean secureCookie() {
    return secureCookie;
  }

  int installsPerMinute() {
    return installsPerMinute;
  }

  int unboundPerMinute() {
    return unboundPerMinute;
  }

  UnboundInstallPolicy unboundInstalls() {
    return unboundInstalls;
  }

  int maxConcurrentExchanges() {
    return maxConcurrentExchanges;
  }

  @Nullable WebhookStore webhookStore() {
    return webhookStore;
  }

  @Nullable AppEventStore appEventStore() {
    return appEventStore;
  }

  AppEventSettings appEventSettings() {
    return java.util.Objects.requireNonNull(appEventSettings);
  }

  @Nullable ApiSettings apiSettings() {
    return api;
  }

  WebhookSettings webhookSettings() {
    return webhookSettings;
  }

  List<String> webhookConsumerNames() {
    return webhookConsumers == null ? webhookConsumerNames : List.of();
  }

  List<WebhookConsumer> webhookConsumerInstances() {
    return webhookConsumers == null ? List.of() : webhookConsumers;
  }
}

package dev.notionoauth.spring;

import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.InMemoryResultPageStore;
import dev.notionoauth.InMemoryStateStore;
import dev.notionoauth.InMemoryWebhookStore;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.Plugins;
import dev.notionoauth.StateKeys;
import dev.notionoauth.StoredWebhookEvent;
import dev.notionoauth.WebhookDispatcher;
import dev.notionoauth.WebhookReceiver;
import dev.notionoauth.WebhookVerification;
import dev.notionoauth.servlet.FlowMetrics;
import dev.notionoauth.servlet.InstallContextResolver;
import dev.notionoauth.servlet.NotionOAuthServlet;
import dev.notionoauth.servlet.NotionWebhookServlet;
import dev.notionoauth.spi.InstallationListener;
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
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mounts the flow in a Spring Boot servlet app: every bean below yields to one of the app's own of
 * the same type ({@code TokenConsumer}, {@code ResponseView}, {@code InstallContextResolver}, the
 * stores, {@code Clock}, …). With a {@code DataSource} in the app, the stores live in it (tables
 * migrated by Flyway under their own history table, {@code notion_oauth_schema_history}); without
 * one, in memory. Start-up fails with every missing {@code notion.oauth.*} property named.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(NotionOAuthProperties.class)
public class NotionOAuthAutoConfiguration {
  /** The Flyway history table of our schema in the app's database. */
  public static final String HISTORY_TABLE = "notion_oauth_schema_history";

  /** The settings, checked: every missing required property is named at once. */
  @Bean
  @ConditionalOnMissingBean
  public NotionOAuthSettings notionOAuthSettings(NotionOAuthProperties p) {
    List<String> missing = new ArrayList<>();
    if (blank(p.getClientId())) {
      missing.add("notion.oauth.client-id");
    }
    if (blank(p.getClientSecret())) {
      missing.add("notion.oauth.client-secret");
    }
    if (blank(p.getRedirectUri())) {
      missing.add("notion.oauth.redirect-uri");
    }
    if (!missing.isEmpty()) {
      throw new NotionConfigException(
          "notion-oauth-handler needs "
              + String.join(", ", missing)
              + " (set in application properties or the environment)");
    }
    String path = URI.create(String.valueOf(p.getRedirectUri())).getPath();
    if (!p.getCallbackPath().equals(path)) {
      throw new NotionConfigException(
          "notion.oauth.redirect-uri: its path '"
              + path
              + "' must be notion.oauth.callback-path '"
              + p.getCallbackPath()
              + "'");
    }
    NotionOAuthSettings.Builder b =
        NotionOAuthSettings.builder()
            .clientId(String.valueOf(p.getClientId()))
            .clientSecret(String.valueOf(p.getClientSecret()))
            .redirectUri(String.valueOf(p.getRedirectUri()))
            .apiBaseUrl(URI.create(p.getApiBaseUrl()));
    if (!blank(p.getVersion())) {
      b.notionVersion(String.valueOf(p.getVersion()));
    }
    return b.build();
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  /** The system clock, unless the app has a {@link Clock} bean. */
  @Bean
  @ConditionalOnMissingBean
  public Clock notionOAuthClock() {
    return Clock.systemUTC();
  }

  /** The Notion OAuth client. */
  @Bean
  @ConditionalOnMissingBean
  public NotionOAuthClient notionOAuthClient(NotionOAuthSettings settings) {
    return NotionOAuthClient.create(settings);
  }

  /** The keys from {@code notion.oauth.encryption-key}, if set. */
  static @Nullable EncryptionKeys keys(NotionOAuthProperties p) {
    String key = p.getEncryptionKey();
    if (blank(key)) {
      return null;
    }
    try {
      return EncryptionKeys.fromBase64(String.valueOf(key), p.getPreviousEncryptionKeys());
    } catch (NotionConfigException e) {
      throw new NotionConfigException(
          "notion.oauth.encryption-key must be base64 of 32 random bytes (openssl rand -base64 32)");
    }
  }

  /** The JDBC stores, on the app's own {@code DataSource}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(DataSource.class)
  static class OnTheAppsDatabase {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    JdbcStores notionOAuthJdbcStores(DataSource dataSource, NotionOAuthProperties p) {
      EncryptionKeys keys = keys(p);
      if (keys == null) {
        throw new NotionConfigException(
            "notion.oauth.encryption-key is required to store tokens in the app's database: base64"
                + " of 32 random bytes (openssl rand -base64 32), usually from the environment");
      }
      return JdbcStores.over(dataSource, keys, HISTORY_TABLE);
    }
  }

  /** States: the JDBC store when there is one, else in memory. */
  @Bean
  @ConditionalOnMissingBean
  public StateStore notionOAuthStateStore(ObjectProvider<JdbcStores> jdbc) {
    JdbcStores s = jdbc.getIfAvailable();
    return s != null ? s.stateStore() : new InMemoryStateStore();
  }

  /** Installations: the JDBC store when there is one, else in memory. */
  @Bean
  @ConditionalOnMissingBean
  public InstallationStore notionOAuthInstallationStore(ObjectProvider<JdbcStores> jdbc) {
    JdbcStores s = jdbc.getIfAvailable();
    return s != null ? s.installationStore() : new InMemoryInstallationStore();
  }

  /** Result pages: the JDBC store when there is one, else in memory. */
  @Bean
  @ConditionalOnMissingBean
  public ResultPageStore notionOAuthResultPageStore(ObjectProvider<JdbcStores> jdbc) {
    JdbcStores s = jdbc.getIfAvailable();
    return s != null ? s.resultPageStore() : new InMemoryResultPageStore();
  }

  /** The installations service (refresh on 401, health, revoke) for the app's code. */
  @Bean
  @ConditionalOnMissingBean
  public Installations notionOAuthInstallations(
      InstallationStore store,
      NotionOAuthClient client,
      Clock clock,
      ObjectProvider<InstallationListener> listeners) {
    return Installations.builder(store, client)
        .clock(clock)
        .listeners(listeners.orderedStream().toList())
        .build();
  }

  private static PluginContext pluginContext(
      Installations installations, Clock clock, @Nullable WebhookStore webhooks) {
    return new PluginContext(new PluginSettings(Map.of()), installations, null, clock, webhooks);
  }

  /** The {@code store} consumer (saves each installation), unless the app has a consumer. */
  @Bean
  @ConditionalOnMissingBean
  public TokenConsumer notionOAuthTokenConsumer(Installations installations, Clock clock) {
    return Plugins.discover().consumer("store", pluginContext(installations, clock, null));
  }

  /** The default result pages, unless the app has a view. */
  @Bean
  @ConditionalOnMissingBean
  public ResponseView notionOAuthResponseView(Installations installations, Clock clock) {
    return Plugins.discover().view("default", pluginContext(installations, clock, null));
  }

  /** An empty context for every install, unless the app resolves its logged-in user. */
  @Bean
  @ConditionalOnMissingBean
  public InstallContextResolver notionOAuthInstallContextResolver() {
    return InstallContextResolver.none();
  }

  /** The flow's meters, in the app's own {@code MeterRegistry} (Actuator's) when it has one. */
  @Bean
  @ConditionalOnMissingBean
  public FlowMetrics notionOAuthFlowMetrics(
      InstallationStore store, NotionOAuthClient client, ObjectProvider<MeterRegistry> registry) {
    MeterRegistry r = registry.getIfAvailable();
    FlowMetrics metrics = (r == null ? new FlowMetrics() : new FlowMetrics(r));
    client.observe(metrics.notionCalls());
    return metrics.installationCount(store::count);
  }

  /** The flow. */
  @Bean
  @ConditionalOnMissingBean
  public NotionOAuthFlow notionOAuthFlow(
      NotionOAuthClient client,
      StateStore states,
      TokenConsumer consumer,
      Clock clock,
      NotionOAuthProperties p,
      ObjectProvider<JdbcStores> jdbc) {
    JdbcStores s = jdbc.getIfAvailable();
    EncryptionKeys keys = keys(p);
    // keys only the app's servers hold: derived from the store key every instance shares, or, with
    // in-memory stores (one process), random
    StateKeys stateKeys =
        s != null && keys != null
            ? keys.stateKeys(client.settings().clientId())
            : StateKeys.random();
    return NotionOAuthFlow.builder(client)
        .stateKeys(stateKeys)
        .stateStore(states)
        .consumer(consumer)
        .commits(s != null ? s.commits() : StoreCommits.separate())
        .clock(clock)
        .sealStates(p.isSealStates())
        .build();
  }

  /** The install, callback and result routes. */
  @Bean
  public ServletRegistrationBean<NotionOAuthServlet> notionOAuthServlet(
      NotionOAuthFlow flow,
      ResponseView view,
      ResultPageStore resultPages,
      InstallContextResolver resolver,
      FlowMetrics metrics,
      NotionOAuthProperties p) {
    NotionOAuthServlet servlet =
        NotionOAuthServlet.builder(flow)
            .view(view)
            .resultPages(resultPages)
            .contextResolver(resolver)
            .metrics(metrics)
            .installPath(p.getInstallPath())
            .callbackPath(p.getCallbackPath())
            .resultPath(p.getResultPath())
            .secureCookie(p.isSecureCookies())
            .installsPerMinute(p.getInstallsPerMinute())
            .build();
    ServletRegistrationBean<NotionOAuthServlet> bean =
        new ServletRegistrationBean<>(
            servlet, p.getInstallPath(), p.getCallbackPath(), p.getResultPath() + "/*");
    bean.setName("notionOAuth");
    return bean;
  }

  /**
   * Notion's webhooks, only when {@code notion.oauth.webhooks.enabled=true}. The {@link
   * WebhookVerification} bean is how the app's operators capture and confirm the verification token
   * (from an admin page or a runner of the app's own): no token is trusted until confirmed.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "notion.oauth.webhooks", name = "enabled", havingValue = "true")
  static class Webhooks {
    @Bean
    @ConditionalOnMissingBean
    WebhookStore notionOAuthWebhookStore(ObjectProvider<JdbcStores> jdbc) {
      JdbcStores s = jdbc.getIfAvailable();
      return s != null ? s.webhookStore() : new InMemoryWebhookStore();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    WebhookDispatcher notionOAuthWebhookDispatcher(
        WebhookStore store,
        InstallationStore installations,
        Installations service,
        Clock clock,
        ObjectProvider<WebhookConsumer> consumers,
        NotionOAuthProperties p) {
      List<WebhookConsumer> found = consumers.orderedStream().toList();
      return WebhookDispatcher.builder(store, installations)
          .consumers(
              found.isEmpty()
                  ? List.of(
                      Plugins.discover()
                          .webhookConsumer("log", pluginContext(service, clock, store)))
                  : found)
          .maxAttempts(p.getWebhooks().getMaxAttempts())
          .deliverUnaddressedToWorkspace(p.getWebhooks().isDeliverUnaddressedToWorkspace())
          .clock(clock)
          .build();
    }

    @Bean
    @ConditionalOnMissingBean
    WebhookVerification notionOAuthWebhookVerification(WebhookStore store, Clock clock) {
      return new WebhookVerification(store, clock);
    }

    @Bean
    ServletRegistrationBean<NotionWebhookServlet> notionOAuthWebhookServlet(
        WebhookStore store,
        WebhookDispatcher dispatcher,
        FlowMetrics metrics,
        Clock clock,
        NotionOAuthProperties p) {
      metrics.webhookEventCounts(StoredWebhookEvent.Status.class, store::count);
      WebhookReceiver receiver =
          WebhookReceiver.builder(store)
              .maxBodyBytes(p.getWebhooks().getMaxBodyBytes())
              .clock(clock)
              .onRecorded(dispatcher::wake)
              .build();
      NotionWebhookServlet servlet =
          NotionWebhookServlet.builder(receiver)
              .metrics(metrics)
              .maxConcurrentReads(p.getWebhooks().getMaxConcurrentReads())
              .readTimeout(p.getWebhooks().getReadTimeout())
              .build();
      ServletRegistrationBean<NotionWebhookServlet> bean =
          new ServletRegistrationBean<>(servlet, p.getWebhooks().getPath());
      bean.setName("notionOAuthWebhooks");
      bean.setAsyncSupported(true); // bodies are read as they arrive, with a deadline
      return bean;
    }
  }

  /** The health indicator, when Spring Boot's health support is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "notionOAuthHealthIndicator")
    NotionOAuthHealthIndicator notionOAuthHealthIndicator(
        ObjectProvider<JdbcStores> jdbc, NotionOAuthSettings settings) {
      return new NotionOAuthHealthIndicator(jdbc.getIfAvailable(), settings);
    }
  }
}

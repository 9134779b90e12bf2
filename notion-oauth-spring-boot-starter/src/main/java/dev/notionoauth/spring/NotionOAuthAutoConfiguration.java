package dev.notionoauth.spring;

import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.InMemoryResultPageStore;
import dev.notionoauth.InMemoryStateStore;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.StateKeys;
import dev.notionoauth.servlet.FlowMetrics;
import dev.notionoauth.servlet.NotionOAuthComponents;
import dev.notionoauth.servlet.NotionOAuthComponentsBuilder;
import dev.notionoauth.servlet.NotionOAuthServlet;
import dev.notionoauth.servlet.NotionWebhookServlet;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.webhook.InMemoryWebhookStore;
import dev.notionoauth.webhook.WebhookDispatcher;
import dev.notionoauth.webhook.WebhookVerification;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
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
 * Mounts the library in a Spring Boot servlet app: one {@link NotionOAuthComponents} bean — the
 * library's one composition root — fed by the {@code notion.oauth.*} properties and the app's own
 * beans, plus beans exposing its parts ({@link NotionOAuthFlow}, {@link Installations}, the
 * servlets' registrations, …). The app's own {@code TokenConsumer}, {@code ResponseView}, {@code
 * InstallContextResolver}, {@code InstallationListener}s and {@code WebhookConsumer}s replace the
 * built-in ones ({@link AppBeans}: found when first used, so they may themselves depend on {@code
 * Installations}); so do its stores and {@code Clock}. With a {@code DataSource} the stores live in
 * it (their own Flyway history table, {@code notion_oauth_schema_history}); without one, in memory.
 * Start-up fails with every missing required property named.
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

  static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  /** The system clock, unless the app has a {@link Clock} bean. */
  @Bean
  @ConditionalOnMissingBean
  public Clock notionOAuthClock() {
    return Clock.systemUTC();
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
    JdbcStores notionOAuthJdbcStores(
        DataSource dataSource,
        NotionOAuthProperties p,
        Clock clock,
        org.springframework.core.env.Environment env) {
      String url = env.getProperty("spring.datasource.url", "");
      // a fresh checkout has no ./data yet: the driver would refuse the file (as the server does)
      JdbcStores.prepareSqliteFile(url);
      EncryptionKeys keys = keys(p);
      if (keys == null) {
        throw new NotionConfigException(
            "notion.oauth.encryption-key is required to store tokens in the app's database: base64"
                + " of 32 random bytes (openssl rand -base64 32), usually from the environment");
      }
      try {
        return JdbcStores.over(dataSource, keys, HISTORY_TABLE, clock);
      } catch (dev.notionoauth.NotionOAuthException e) {
        if (!url.startsWith("jdbc:sqlite:")) {
          throw e;
        }
        throw new dev.notionoauth.NotionOAuthException(
            String.valueOf(e.getMessage()) + ", spring.datasource.url " + url, null, e);
      }
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

  /** Webhook events: the JDBC store when there is one, else in memory (only when enabled). */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "notion.oauth.webhooks", name = "enabled", havingValue = "true")
  public WebhookStore notionOAuthWebhookStore(ObjectProvider<JdbcStores> jdbc) {
    JdbcStores s = jdbc.getIfAvailable();
    return s != null ? s.webhookStore() : new InMemoryWebhookStore();
  }

  /**
   * The library, wired once: the properties mapped onto the composition root's builder (the server
   * does the same with its YAML), the stores and the app's own beans added. The flow stores every
   * installation and hands it to the app's consumer ({@code Authorized.installation()}).
   */
  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnMissingBean
  public NotionOAuthComponents notionOAuthComponents(
      NotionOAuthSettings settings,
      NotionOAuthProperties p,
      StateStore states,
      InstallationStore installations,
      ResultPageStore resultPages,
      ObjectProvider<WebhookStore> webhooks,
      ObjectProvider<JdbcStores> jdbc,
      ObjectProvider<MeterRegistry> meters,
      Clock clock,
      ListableBeanFactory beans) {
    NotionOAuthComponentsBuilder b =
        NotionOAuthComponents.builder(settings)
            .stores(states, installations, resultPages)
            .clock(clock)
            .storeInstallations(true)
            .routes(p.getInstallPath(), p.getCallbackPath(), p.getResultPath())
            .secureCookie(p.isSecureCookies())
            .installsPerMinute(p.getInstallsPerMinute())
            .sealStates(p.isSealStates())
            .webhookConsumers(p.getWebhooks().getConsumers());
    JdbcStores s = jdbc.getIfAvailable();
    EncryptionKeys keys = keys(p);
    // keys only the app's servers hold: derived from the store key every instance shares, or, with
    // in-memory stores (one process), random
    b.stateKeys(
        s != null && keys != null ? keys.stateKeys(settings.clientId()) : StateKeys.random());
    if (s != null) {
      b.commits(s.commits());
      s.sharedRateLimits().ifPresent(b::rateLimits); // PostgreSQL: limits kept across instances
    }
    MeterRegistry registry = meters.getIfAvailable();
    if (registry != null) {
      b.meters(registry);
    }
    AppBeans.addTo(b, beans);
    WebhookStore hooks = webhooks.getIfAvailable();
    if (hooks != null) {
      b.webhooks(hooks, WebhookProperties.settings(p.getWebhooks()));
    }
    return b.build();
  }

  /** The Notion OAuth client. */
  @Bean
  public NotionOAuthClient notionOAuthClient(NotionOAuthComponents c) {
    return c.client();
  }

  /** The installations service (refresh on 401, health, revoke) for the app's code. */
  @Bean
  public Installations notionOAuthInstallations(NotionOAuthComponents c) {
    return c.installations();
  }

  /** The flow. */
  @Bean
  public NotionOAuthFlow notionOAuthFlow(NotionOAuthComponents c) {
    return c.flow();
  }

  /** The flow's meters (in the app's own {@code MeterRegistry} when it has one). */
  @Bean
  public FlowMetrics notionOAuthFlowMetrics(NotionOAuthComponents c) {
    return c.metrics();
  }

  /** The install, callback and result routes. */
  @Bean
  public ServletRegistrationBean<NotionOAuthServlet> notionOAuthServlet(
      NotionOAuthComponents c, NotionOAuthProperties p) {
    ServletRegistrationBean<NotionOAuthServlet> bean =
        new ServletRegistrationBean<>(
            c.oauthServlet(), p.getInstallPath(), p.getCallbackPath(), p.getResultPath() + "/*");
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
    WebhookDispatcher notionOAuthWebhookDispatcher(NotionOAuthComponents c) {
      return c.dispatcher().orElseThrow();
    }

    @Bean
    WebhookVerification notionOAuthWebhookVerification(NotionOAuthComponents c) {
      return c.webhookVerification().orElseThrow();
    }

    @Bean
    ServletRegistrationBean<NotionWebhookServlet> notionOAuthWebhookServlet(
        NotionOAuthComponents c, NotionOAuthProperties p) {
      ServletRegistrationBean<NotionWebhookServlet> bean =
          new ServletRegistrationBean<>(
              c.webhookServlet().orElseThrow(), p.getWebhooks().getPath());
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

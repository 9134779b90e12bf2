package dev.notionoauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.InMemoryStateStore;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.webhook.WebhookDispatcher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** What the auto-configuration makes, what it yields to, and how it refuses to start. */
class NotionOAuthAutoConfigurationTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(NotionOAuthAutoConfiguration.class));

  private static final String[] REQUIRED = {
    "notion.oauth.client-id=00000000-0000-4000-8000-00000000c11e",
    "notion.oauth.client-secret=s",
    "notion.oauth.redirect-uri=http://localhost:8080/notion/callback"
  };

  @Test
  void startUpFailsNamingEveryMissingProperty() {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure())
              .rootCause()
              .hasMessageContaining(
                  "notion.oauth.client-id, notion.oauth.client-secret, notion.oauth.redirect-uri");
        });
  }

  @Test
  void aRedirectUriOffTheCallbackPathIsRefusedAtStartUp() {
    runner
        .withPropertyValues(REQUIRED)
        .withPropertyValues("notion.oauth.redirect-uri=http://localhost:8080/elsewhere")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("must be notion.oauth.callback-path '/notion/callback'"));
  }

  @Test
  void withoutADataSourceTheStoresAreInMemoryAndWithoutAKeyThereAreNoWebhooks() {
    runner
        .withPropertyValues(REQUIRED)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(StateStore.class)).isInstanceOf(InMemoryStateStore.class);
              assertThat(context.getBean(dev.notionoauth.spi.InstallationStore.class))
                  .isInstanceOf(InMemoryInstallationStore.class);
              assertThat(context).hasSingleBean(Installations.class);
              assertThat(context).hasSingleBean(NotionOAuthFlow.class);
              assertThat(context).doesNotHaveBean(WebhookDispatcher.class);
            });
  }

  @Test
  void webhooksAreOnOnlyWhenEnabledAndComeWithTheVerificationSteps() {
    runner
        .withPropertyValues(REQUIRED)
        .withPropertyValues("notion.oauth.webhooks.enabled=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(WebhookDispatcher.class);
              assertThat(context).hasSingleBean(dev.notionoauth.webhook.WebhookVerification.class);
              assertThat(context.getBean(WebhookStore.class).verificationToken()).isEmpty();
            });
  }

  @Test
  void theInstallLimitIsASetting() {
    runner
        .withPropertyValues(REQUIRED)
        .withPropertyValues("notion.oauth.installs-per-minute=5")
        .run(
            context ->
                assertThat(context.getBean(NotionOAuthProperties.class).getInstallsPerMinute())
                    .isEqualTo(5));
  }

  @Test
  void statesAreSealedUnlessTurnedOff() {
    for (boolean sealed : new boolean[] {true, false}) {
      runner
          .withPropertyValues(REQUIRED)
          .withPropertyValues("notion.oauth.seal-states=" + sealed)
          .run(
              context -> {
                InMemoryStateStore states = (InMemoryStateStore) context.getBean(StateStore.class);
                String url =
                    context
                        .getBean(NotionOAuthFlow.class)
                        .start(dev.notionoauth.FlowContext.empty(), null)
                        .authorizeUrl()
                        .toString();
                String state = url.substring(url.indexOf("state=") + "state=".length());

                assertThat(state.length() > 43).isEqualTo(sealed);
                assertThat(states.size()).isEqualTo(sealed ? 0 : 1);
              });
    }
  }

  @Test
  void theAppsOwnBeansWin() {
    ResponseView mine =
        dev.notionoauth.Plugins.discover()
            .create(
                ResponseView.class,
                "default",
                dev.notionoauth.spi.PluginContext.of(dev.notionoauth.spi.PluginSettings.empty()));
    Clock fixed = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    StateStore states = new InMemoryStateStore();
    runner
        .withPropertyValues(REQUIRED)
        .withBean(ResponseView.class, () -> mine)
        .withBean(Clock.class, () -> fixed)
        .withBean(StateStore.class, () -> states)
        .run(
            context -> {
              assertThat(context.getBean(ResponseView.class)).isSameAs(mine);
              assertThat(context.getBean(Clock.class)).isSameAs(fixed);
              assertThat(context.getBean(StateStore.class)).isSameAs(states);
            });
  }

  @Test
  void onTheAppsDatabaseTheStoresNeedAKeyAndKeepTheirOwnMigrationHistory() {
    String url =
        "jdbc:sqlite:"
            + System.getProperty("java.io.tmpdir")
            + "/noh-starter-"
            + System.nanoTime()
            + ".db";
    WebApplicationContextRunner withDatabase =
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class));
    withDatabase
        .withPropertyValues(REQUIRED)
        .withPropertyValues("spring.datasource.url=" + url)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("notion.oauth.encryption-key is required"));
    withDatabase
        .withPropertyValues(REQUIRED)
        .withPropertyValues(
            "spring.datasource.url=" + url,
            "notion.oauth.encryption-key=" + EncryptionKeys.generateBase64())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(JdbcStores.class);
              assertThat(context)
                  .as("an encryption key alone turns no webhook route on")
                  .doesNotHaveBean(WebhookDispatcher.class);
              try (var c = context.getBean(javax.sql.DataSource.class).getConnection();
                  var rs =
                      c.createStatement()
                          .executeQuery("SELECT COUNT(*) FROM notion_oauth_schema_history")) {
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(5);
              }
            });
  }
}

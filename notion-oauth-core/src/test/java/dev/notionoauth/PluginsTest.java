package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.internal.LogTokenConsumer;
import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.spi.PluginSettings;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.webhook.InMemoryWebhookStore;
import org.junit.jupiter.api.Test;

class PluginsTest {
  private final Plugins plugins = Plugins.discover();

  @Test
  void theLogConsumerIsDiscoverable() {
    assertThat(plugins.list(TokenConsumer.class)).extracting(PluginProvider::name).contains("log");
    assertThat(plugins.create(TokenConsumer.class, "log", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(LogTokenConsumer.class);
  }

  @Test
  void theStoreConsumerIsDiscoverableAndNeedsAStore() {
    assertThat(plugins.list(TokenConsumer.class))
        .extracting(PluginProvider::name)
        .contains("store");
    assertThat(
            plugins.create(
                TokenConsumer.class,
                "store",
                PluginContext.builder(PluginSettings.empty())
                    .installations(
                        Installations.builder(
                                new InMemoryInstallationStore(),
                                NotionOAuthClient.create(
                                    NotionOAuthSettings.builder()
                                        .clientId("c")
                                        .clientSecret("s")
                                        .redirectUri("https://app.example/cb")
                                        .build()))
                            .build())
                    .build()))
        .isInstanceOf(dev.notionoauth.internal.StoreTokenConsumer.class);
    assertThatThrownBy(
            () ->
                plugins.create(
                    TokenConsumer.class, "store", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(NotionConfigException.class)
        .hasMessageContaining("configure the store section");
  }

  @Test
  void theDefaultViewIsDiscoverable() {
    assertThat(plugins.list(ResponseView.class))
        .extracting(PluginProvider::name)
        .contains("default");
    assertThat(
            plugins.create(ResponseView.class, "default", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(DefaultResponseView.class);
  }

  @Test
  void theLogListenerIsDiscoverable() {
    assertThat(plugins.list(InstallationListener.class))
        .extracting(PluginProvider::name)
        .contains("log");
    assertThat(
            plugins.create(
                InstallationListener.class, "log", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(dev.notionoauth.internal.LogInstallationListener.class);
    assertThat(plugins.missing(InstallationListener.class, "pager")).isPresent();
  }

  @Test
  void theLogAndStoreWebhookConsumersAreDiscoverableAndStoreNeedsAWebhookStore() {
    assertThat(plugins.list(WebhookConsumer.class))
        .extracting(PluginProvider::name)
        .containsExactly("log", "store");
    assertThat(
            plugins.create(WebhookConsumer.class, "log", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(dev.notionoauth.internal.LogWebhookConsumer.class);
    assertThat(
            plugins.create(
                WebhookConsumer.class,
                "store",
                PluginContext.builder(PluginSettings.empty())
                    .webhookStore(new InMemoryWebhookStore())
                    .build()))
        .isInstanceOf(dev.notionoauth.internal.StoreWebhookConsumer.class);
    assertThatThrownBy(
            () ->
                plugins.create(
                    WebhookConsumer.class, "store", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(NotionConfigException.class)
        .hasMessageContaining("needs a webhook store");
    assertThat(plugins.missing(WebhookConsumer.class, "pager")).isPresent();
  }

  @Test
  void everyProviderHasADescription() {
    assertThat(plugins.list(WebhookConsumer.class))
        .allSatisfy(p -> assertThat(p.description()).isNotBlank());
    assertThat(plugins.list(TokenConsumer.class))
        .allSatisfy(p -> assertThat(p.description()).isNotBlank());
    assertThat(plugins.list(ResponseView.class))
        .allSatisfy(p -> assertThat(p.description()).isNotBlank());
    assertThat(plugins.list(InstallationListener.class))
        .allSatisfy(p -> assertThat(p.description()).isNotBlank());
  }

  @Test
  void anUnknownNameFailsWithTheNamesFound() {
    assertThatThrownBy(
            () ->
                plugins.create(
                    TokenConsumer.class, "dummy", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(NotionConfigException.class)
        .hasMessage("no consumer named 'dummy'; found: log, store");
    assertThatThrownBy(
            () ->
                plugins.create(
                    ResponseView.class, "echo", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(NotionConfigException.class)
        .hasMessageStartingWith("no view named 'echo'; found: default");
  }

  @Test
  void aProviderMakesPluginsOfItsOwnTypeOnly() {
    assertThat(plugins.missing(TokenConsumer.class, "default"))
        .contains("no consumer named 'default'; found: log, store");
    assertThat(plugins.list(ResponseView.class))
        .allSatisfy(p -> assertThat(p.type()).isEqualTo(ResponseView.class));
  }

  @Test
  void viewSettingsAreValidated() {
    assertThatThrownBy(
            () ->
                plugins.create(
                    ResponseView.class,
                    "default",
                    PluginContext.of(
                        new PluginSettings(java.util.Map.of("start-url", "//evil.example/x")))))
        .isInstanceOf(NotionConfigException.class)
        .hasMessageContaining("start-url");
  }
}

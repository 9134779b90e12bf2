package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.internal.LogTokenConsumer;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginSettings;
import dev.notionoauth.spi.ResponseViewProvider;
import dev.notionoauth.spi.TokenConsumerProvider;
import org.junit.jupiter.api.Test;

class PluginsTest {
  private final Plugins plugins = Plugins.discover();

  @Test
  void theLogConsumerIsDiscoverable() {
    assertThat(plugins.consumers()).extracting(TokenConsumerProvider::name).contains("log");
    assertThat(plugins.consumer("log", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(LogTokenConsumer.class);
  }

  @Test
  void theStoreConsumerIsDiscoverableAndNeedsAStore() {
    assertThat(plugins.consumers()).extracting(TokenConsumerProvider::name).contains("store");
    assertThat(
            plugins.consumer(
                "store",
                new PluginContext(
                    PluginSettings.empty(),
                    Installations.builder(
                            new InMemoryInstallationStore(),
                            NotionOAuthClient.create(
                                NotionOAuthSettings.builder()
                                    .clientId("c")
                                    .clientSecret("s")
                                    .redirectUri("https://app.example/cb")
                                    .build()))
                        .build(),
                    null,
                    java.time.Clock.systemUTC())))
        .isInstanceOf(dev.notionoauth.internal.StoreTokenConsumer.class);
    assertThatThrownBy(() -> plugins.consumer("store", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(NotionConfigException.class)
        .hasMessageContaining("configure the store section");
  }

  @Test
  void theDefaultViewIsDiscoverable() {
    assertThat(plugins.views()).extracting(ResponseViewProvider::name).contains("default");
    assertThat(plugins.view("default", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(DefaultResponseView.class);
  }

  @Test
  void theLogListenerIsDiscoverable() {
    assertThat(plugins.listeners())
        .extracting(dev.notionoauth.spi.InstallationListenerProvider::name)
        .contains("log");
    assertThat(plugins.listener("log", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(dev.notionoauth.internal.LogInstallationListener.class);
    assertThat(plugins.hasListener("pager")).isFalse();
  }

  @Test
  void theLogAndStoreWebhookConsumersAreDiscoverableAndStoreNeedsAWebhookStore() {
    assertThat(plugins.webhookConsumers())
        .extracting(dev.notionoauth.spi.WebhookConsumerProvider::name)
        .containsExactly("log", "store");
    assertThat(plugins.webhookConsumer("log", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(dev.notionoauth.internal.LogWebhookConsumer.class);
    assertThat(
            plugins.webhookConsumer(
                "store",
                new PluginContext(
                    PluginSettings.empty(),
                    null,
                    null,
                    java.time.Clock.systemUTC(),
                    new InMemoryWebhookStore())))
        .isInstanceOf(dev.notionoauth.internal.StoreWebhookConsumer.class);
    assertThatThrownBy(
            () -> plugins.webhookConsumer("store", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(NotionConfigException.class)
        .hasMessageContaining("needs a webhook store");
    assertThat(plugins.hasWebhookConsumer("pager")).isFalse();
  }

  @Test
  void everyProviderHasADescription() {
    assertThat(plugins.webhookConsumers())
        .allSatisfy(p -> assertThat(p.description()).isNotBlank());
    assertThat(plugins.consumers()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
    assertThat(plugins.views()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
    assertThat(plugins.listeners()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
  }

  @Test
  void anUnknownNameFailsWithTheNamesFound() {
    assertThatThrownBy(() -> plugins.consumer("dummy", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(NotionConfigException.class)
        .hasMessage("no consumer named 'dummy'; found: log, store");
    assertThatThrownBy(() -> plugins.view("echo", PluginContext.of(PluginSettings.empty())))
        .isInstanceOf(NotionConfigException.class)
        .hasMessageStartingWith("no view named 'echo'; found: default");
  }

  @Test
  void viewSettingsAreValidated() {
    assertThatThrownBy(
            () ->
                plugins.view(
                    "default",
                    PluginContext.of(
                        new PluginSettings(java.util.Map.of("start-url", "//evil.example/x")))))
        .isInstanceOf(NotionConfigException.class)
        .hasMessageContaining("start-url");
  }
}

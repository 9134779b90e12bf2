package dev.notionoauth.server.internal;

import dev.notionoauth.Plugins;
import dev.notionoauth.server.ServerConfig;
import dev.notionoauth.servlet.NotionOAuthComponents;
import dev.notionoauth.servlet.NotionOAuthComponentsBuilder;
import dev.notionoauth.servlet.WebhookSettings;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.store.jdbc.JdbcStores;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's configuration mapped onto the one composition root ({@link NotionOAuthComponents}),
 * for the server and for the commands alike: nothing here builds a flow or an installations service
 * itself.
 */
public final class Services {
  private Services() {}

  /**
   * The public URL of the install route: the redirect URI's origin, the base path and the install
   * path (what a user's browser opens, behind any proxy).
   */
  public static URI publicInstallUrl(ServerConfig config) {
    URI redirect = URI.create(config.notion().redirectUri());
    String origin = redirect.getScheme() + "://" + redirect.getRawAuthority();
    return URI.create(origin + config.server().basePath() + config.server().installPath());
  }

  /**
   * Every setting of {@code config} on a components builder; the host adds the stores (and the
   * webhook store, when webhooks are on) and its own overrides.
   */
  public static NotionOAuthComponentsBuilder components(
      ServerConfig config, Plugins plugins, Clock clock) {
    ServerConfig.Http http = config.server();
    Map<String, Object> pluginSettings = new LinkedHashMap<>();
    pluginSettings.put("product-name", http.siteName());
    pluginSettings.put("start-url", http.basePath() + http.installPath());
    pluginSettings.putAll(config.settings());
    NotionOAuthComponentsBuilder b =
        NotionOAuthComponents.builder(config.notion())
            .plugins(plugins)
            .pluginSettings(pluginSettings)
            .clock(clock)
            .consumer(config.consumer())
            .view(config.view())
            .listeners(config.listeners())
            .installLinks(http.installLinks(), http.requireInstallLink())
            .routes(http.installPath(), http.callbackPath(), http.resultPath())
            .secureCookie(config.publicUrlIsHttps())
            .installsPerMinute(http.installRateLimit())
            .unboundPerMinute(http.unboundRateLimit())
            .unboundInstalls(http.unboundInstalls())
            .maxConcurrentExchanges(http.maxConcurrentExchanges())
            .sealStates(http.sealStates())
            .webhookConsumers(config.webhooks().consumers())
            .apiLimits(config.api().notionLimits());
    EncryptionKeys keys = config.store().keys();
    if (keys != null) {
      // a key only our servers hold, shared by every instance; without one, states are stored
      b.stateKeys(keys.stateKeys(config.notion().clientId()));
    }
    return b;
  }

  /** The webhook section as the components take it. */
  public static WebhookSettings webhookSettings(ServerConfig.Webhooks hooks) {
    return WebhookSettings.builder()
        .maxBodyBytes(hooks.maxBodyBytes())
        .maxConcurrentReads(hooks.maxConcurrentReads())
        .readTimeout(hooks.readTimeout())
        .maxAttempts(hooks.maxAttempts())
        .retryDelay(hooks.retryDelay())
        .deliveryTimeout(hooks.deliveryTimeout())
        .deliverUnaddressedToWorkspace(hooks.deliverUnaddressedToWorkspace())
        .build();
  }

  /** The components over an open store, webhooks off: what the commands that call Notion use. */
  public static NotionOAuthComponents overStore(ServerConfig config, JdbcStores stores) {
    return components(config, Plugins.discover(), Clock.systemUTC())
        .stores(stores.stateStore(), stores.installationStore(), stores.resultPageStore())
        .commits(stores.commits())
        .build();
  }
}

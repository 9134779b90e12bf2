package dev.notionoauth.server.internal;

import dev.notionoauth.Installations;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.Plugins;
import dev.notionoauth.server.ServerConfig;
import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The services the server and the commands build the same way from a configuration. */
public final class Services {
  private Services() {}

  /**
   * The public URL of the install route: the redirect URI's origin, the base path and the install
   * path (what a user's browser opens, behind any proxy).
   */
  public static java.net.URI publicInstallUrl(ServerConfig config) {
    java.net.URI redirect = java.net.URI.create(config.notion().redirectUri());
    String origin = redirect.getScheme() + "://" + redirect.getRawAuthority();
    return java.net.URI.create(origin + config.server().basePath() + config.server().installPath());
  }

  /**
   * The installations service over a store, with the configured listeners ({@code listeners}).
   *
   * @param config the configuration
   * @param client the Notion client of the configuration
   * @param store where installations are kept
   * @param plugins where the listeners are found
   * @param clock the clock
   */
  public static Installations installations(
      ServerConfig config,
      NotionOAuthClient client,
      InstallationStore store,
      Plugins plugins,
      Clock clock) {
    PluginContext context =
        new PluginContext(
            new PluginSettings(config.settings()), null, config.server().installLinks(), clock);
    List<InstallationListener> listeners = new ArrayList<>();
    for (String name : config.listeners()) {
      listeners.add(plugins.listener(name, context));
    }
    return Installations.builder(store, client).clock(clock).listeners(listeners).build();
  }
}

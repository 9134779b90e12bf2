package dev.notionoauth.server.internal;

import dev.notionoauth.NotionConfigException;
import dev.notionoauth.server.ConfigLoader;
import dev.notionoauth.server.ServerConfig;
import dev.notionoauth.store.jdbc.JdbcStoreSettings;
import dev.notionoauth.store.jdbc.JdbcStores;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the store commands find the database: the configuration file's {@code store} section, or
 * just {@code --jdbc-url} for commands that read no token (such as listing the demo's store).
 */
public final class StoreOptions {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "Read this database instead of the configuration's store (no encryption key: tokens"
              + " stay sealed).")
  @Nullable String jdbcUrl;

  /** The full configuration (for commands that call Notion or open tokens). */
  ServerConfig config() {
    return ConfigLoader.load(config.resolve(System.getenv()));
  }

  /**
   * Runs work with the installations service of the configured store and Notion client (for the
   * commands that call Notion), closing the store afterwards.
   */
  <T> T withInstallations(java.util.function.Function<dev.notionoauth.Installations, T> work) {
    ServerConfig cfg = config();
    try (JdbcStores stores = JdbcStores.open(cfg.store().jdbcSettings(true))) {
      return work.apply(Services.overStore(cfg, stores).installations());
    }
  }

  /** Opens the store, from --jdbc-url when given, else from the configuration. */
  JdbcStores open(boolean migrate) {
    if (jdbcUrl != null) {
      return JdbcStores.open(
          JdbcStoreSettings.builder(jdbcUrl).poolSize(2).migrate(migrate).build());
    }
    return JdbcStores.open(config().store().jdbcSettings(migrate));
  }

  /** Opens the configured store with its keys, for the commands that read tokens. */
  JdbcStores openForTokens() {
    if (jdbcUrl != null) {
      throw new NotionConfigException(
          "this command reads tokens: give --config with store.encryption-key, not --jdbc-url");
    }
    return open(true);
  }
}

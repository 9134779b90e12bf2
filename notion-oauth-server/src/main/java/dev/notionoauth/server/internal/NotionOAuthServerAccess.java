package dev.notionoauth.server.internal;

import dev.notionoauth.NotionConfigException;
import dev.notionoauth.store.jdbc.JdbcStores;

/** Opening the configured store with its keys, for the commands that read tokens. */
final class NotionOAuthServerAccess {
  private NotionOAuthServerAccess() {}

  static JdbcStores open(StoreOptions store) {
    if (store.jdbcUrl != null) {
      throw new NotionConfigException(
          "this command reads tokens: give --config with store.encryption-key, not --jdbc-url");
    }
    return store.open(true);
  }
}

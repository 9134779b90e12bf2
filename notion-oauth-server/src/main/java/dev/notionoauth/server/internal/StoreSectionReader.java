package dev.notionoauth.server.internal;

import dev.notionoauth.server.ServerConfigBuilder;

/** Reads the {@code store} section: the database and the token encryption keys. */
public final class StoreSectionReader {
  private StoreSectionReader() {}

  /** Reads {@code node} into {@code config}. */
  public static void read(ConfigNode node, ServerConfigBuilder config) {
    node.string("jdbc-url", config::jdbcUrl);
    node.string("username", config::username);
    node.string("password", config::password);
    node.integer("pool-size", config::poolSize);
    node.secret("encryption-key", "encryption-key-file")
        .ifPresent(s -> node.apply(s.key(), () -> config.encryptionKey(s.text())));
    node.list("previous-encryption-keys", config::previousEncryptionKeys);
  }
}

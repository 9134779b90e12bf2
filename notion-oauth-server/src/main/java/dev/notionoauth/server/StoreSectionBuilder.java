package dev.notionoauth.server;

import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.store.jdbc.JdbcStoreSettings;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code store} section's builder: every default of the section, once, and each value's rule.
 * Used through {@link ServerConfigBuilder}.
 */
final class StoreSectionBuilder {
  private String jdbcUrl = JdbcStoreSettings.DEFAULT_URL;
  private @Nullable String username;
  private ServerConfig.@Nullable Secret password;
  private @Nullable Integer poolSize;
  private byte @Nullable [] encryptionKey;
  private List<byte[]> previousEncryptionKeys = List.of();

  /** {@code jdbc-url}, default {@value JdbcStoreSettings#DEFAULT_URL}. */
  StoreSectionBuilder jdbcUrl(String value) {
    this.jdbcUrl = JdbcStoreSettings.checkUrl(value);
    return this;
  }

  /** {@code username}. */
  StoreSectionBuilder username(String value) {
    this.username = value;
    return this;
  }

  /** {@code password}. */
  StoreSectionBuilder password(String value) {
    this.password = new ServerConfig.Secret(value);
    return this;
  }

  /** {@code pool-size}, default 4 for SQLite and 10 for PostgreSQL. */
  StoreSectionBuilder poolSize(int value) {
    this.poolSize = JdbcStoreSettings.checkPoolSize(value);
    return this;
  }

  /** {@code encryption-key}: base64 of 32 bytes; required by the {@code store} consumer. */
  StoreSectionBuilder encryptionKey(String base64) {
    this.encryptionKey = ConfigChecks.key(base64);
    return this;
  }

  /** {@code previous-encryption-keys}: older keys still needed to read. */
  StoreSectionBuilder previousEncryptionKeys(List<String> base64) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < base64.size(); i++) {
      try {
        keys.add(ConfigChecks.key(base64.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ServerConfig.InvalidItem(i, "must be base64 of exactly 32 bytes");
      }
    }
    this.previousEncryptionKeys = List.copyOf(keys);
    return this;
  }

  boolean hasEncryptionKey() {
    return encryptionKey != null;
  }

  /** The section. */
  ServerConfig.Store build() {
    byte[] current = encryptionKey;
    return new ServerConfig.Store(
        jdbcUrl,
        username,
        password,
        poolSize != null ? poolSize : JdbcStoreSettings.defaultPoolSize(jdbcUrl),
        current == null ? null : EncryptionKeys.of(current, previousEncryptionKeys));
  }
}

package dev.notionoauth.store.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * How to reach the database. Prints without the password.
 *
 * @param jdbcUrl {@code jdbc:sqlite:./data/notion-oauth.db} (the default) or {@code
 *     jdbc:postgresql://host:5432/db}
 * @param username the database user, if any
 * @param password the database password, if any
 * @param poolSize the most pooled connections
 * @param keys the token encryption keys; null only for commands that read no token
 * @param migrate whether to apply pending schema migrations when opening
 */
public record JdbcStoreSettings(
    String jdbcUrl,
    @Nullable String username,
    @Nullable String password,
    int poolSize,
    @Nullable EncryptionKeys keys,
    boolean migrate) {

  /** The default SQLite file. */
  public static final String DEFAULT_URL = "jdbc:sqlite:./data/notion-oauth.db";

  /** Checks the URL's kind and the pool size. */
  public JdbcStoreSettings {
    if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbc-url must start with jdbc:sqlite: or jdbc:postgresql:");
    }
    if (poolSize < 1 || poolSize > 100) {
      throw new IllegalArgumentException("pool size must be between 1 and 100");
    }
  }

  /** Whether this is the embedded SQLite store. */
  public boolean isSqlite() {
    return jdbcUrl.startsWith("jdbc:sqlite:");
  }

  @Override
  public String toString() {
    return "JdbcStoreSettings[jdbcUrl="
        + jdbcUrl.replaceAll("password=[^&;]*", "password=***")
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", poolSize="
        + poolSize
        + ", keys="
        + keys
        + "]";
  }
}

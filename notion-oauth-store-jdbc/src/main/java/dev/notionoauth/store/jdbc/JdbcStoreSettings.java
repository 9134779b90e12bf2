package dev.notionoauth.store.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * How to reach the database. Prints without the password. Made by its {@link #builder(String)}:
 *
 * <pre>{@code
 * JdbcStoreSettings.builder("jdbc:postgresql://db:5432/app").username("app").keys(keys).build()
 * }</pre>
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
    try {
      checkUrl(jdbcUrl);
      checkPoolSize(poolSize);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("jdbc store: " + e.getMessage(), e);
    }
  }

  /**
   * The rule for a JDBC URL: the embedded SQLite store or PostgreSQL.
   *
   * @return the URL
   * @throws IllegalArgumentException saying what is wrong
   */
  public static String checkUrl(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("must start with jdbc:sqlite: or jdbc:postgresql:");
    }
    return jdbcUrl;
  }

  /**
   * The rule for a pool size: 1 to 100 connections.
   *
   * @return the size
   * @throws IllegalArgumentException saying what is wrong
   */
  public static int checkPoolSize(int poolSize) {
    if (poolSize < 1 || poolSize > 100) {
      throw new IllegalArgumentException("must be between 1 and 100");
    }
    return poolSize;
  }

  /** The pool size used when none is configured: 4 for SQLite (one writer), 10 for PostgreSQL. */
  public static int defaultPoolSize(String jdbcUrl) {
    return isSqlite(jdbcUrl) ? 4 : 10;
  }

  /** Whether this is the embedded SQLite store. */
  public boolean isSqlite() {
    return isSqlite(jdbcUrl);
  }

  private static boolean isSqlite(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:sqlite:");
  }

  /** A builder for the database at {@code jdbcUrl}, with every other setting at its default. */
  public static Builder builder(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  /**
   * Builds {@link JdbcStoreSettings}: no user or password, the {@linkplain #defaultPoolSize default
   * pool size} for the URL, no keys, migrations applied.
   */
  public static final class Builder {
    private final String jdbcUrl;
    private @Nullable String username;
    private @Nullable String password;
    private int poolSize;
    private @Nullable EncryptionKeys keys;
    private boolean migrate = true;

    private Builder(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
      this.poolSize = defaultPoolSize(jdbcUrl);
    }

    /** The database user. */
    public Builder username(@Nullable String value) {
      this.username = value;
      return this;
    }

    /** The database password. */
    public Builder password(@Nullable String value) {
      this.password = value;
      return this;
    }

    /** The most pooled connections. */
    public Builder poolSize(int value) {
      this.poolSize = value;
      return this;
    }

    /** The token encryption keys; none only for commands that read no token. */
    public Builder keys(@Nullable EncryptionKeys value) {
      this.keys = value;
      return this;
    }

    /** Whether to apply pending schema migrations when opening. */
    public Builder migrate(boolean value) {
      this.migrate = value;
      return this;
    }

    /** Validates and builds. */
    public JdbcStoreSettings build() {
      return new JdbcStoreSettings(jdbcUrl, username, password, poolSize, keys, migrate);
    }
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

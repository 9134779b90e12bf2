package dev.notionoauth.store.jdbc;

import dev.notionoauth.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.UUID;

/** Databases for tests: a fresh SQLite file, or a fresh schema in the local PostgreSQL. */
public final class Databases {
  private Databases() {}

  /** A key for tests. */
  public static EncryptionKeys keys() {
    return EncryptionKeys.of(new byte[32], java.util.List.of());
  }

  /** Settings for a new SQLite file in {@code dir}. */
  public static JdbcStoreSettings sqlite(Path dir, EncryptionKeys keys) {
    return new JdbcStoreSettings(
        "jdbc:sqlite:" + dir.resolve("store-" + UUID.randomUUID() + ".db"),
        null,
        null,
        4,
        keys,
        true);
  }

  /** Settings for a new, empty PostgreSQL schema (the test is skipped without PostgreSQL). */
  public static JdbcStoreSettings postgres(TestPostgres db, EncryptionKeys keys) {
    return new JdbcStoreSettings(db.jdbcUrl(), TestPostgres.USER, null, 10, keys, true);
  }
}

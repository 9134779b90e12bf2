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
    return JdbcStoreSettings.builder(
            "jdbc:sqlite:" + dir.resolve("store-" + UUID.randomUUID() + ".db"))
        .poolSize(4)
        .keys(keys)
        .build();
  }

  /** Settings for a new, empty PostgreSQL schema (the test is skipped without PostgreSQL). */
  public static JdbcStoreSettings postgres(TestPostgres db, EncryptionKeys keys) {
    return JdbcStoreSettings.builder(db.jdbcUrl())
        .username(TestPostgres.USER)
        .poolSize(10)
        .keys(keys)
        .build();
  }
}

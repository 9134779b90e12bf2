package dev.notionoauth.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** Databases for tests: a fresh SQLite file, or a fresh schema in the local PostgreSQL. */
public final class Databases {
  /** The local PostgreSQL the tests use (trust auth). */
  public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

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

  /**
   * Settings for a new, empty schema in the local PostgreSQL; aborts the test (skipped) with a
   * message when PostgreSQL does not answer.
   */
  public static JdbcStoreSettings postgres(EncryptionKeys keys) {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", null);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      Assumptions.abort(
          "PostgreSQL does not answer on 127.0.0.1:5432 (database test, user postgres, trust auth):"
              + " start it (pg_ctlcluster --skip-systemctl-redirect <version> main start, or bash"
              + " .ci/run) to run the PostgreSQL tests");
    }
    return new JdbcStoreSettings(
        POSTGRES + "?currentSchema=" + schema, "postgres", null, 10, keys, true);
  }

  /** Drops a test schema created by {@link #postgres}. */
  public static void dropSchema(JdbcStoreSettings settings) {
    String url = settings.jdbcUrl();
    int i = url.indexOf("currentSchema=");
    if (i < 0) {
      return;
    }
    try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", null);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + url.substring(i + 14) + " CASCADE");
    } catch (SQLException e) {
      // best effort
    }
  }
}

package dev.notionoauth.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty schema in the local PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code
 * postgres}, trust auth) for one test; dropped on {@link #close()}. When PostgreSQL does not
 * answer, the test is skipped with a message saying how to enable it, or fails where PostgreSQL is
 * required ({@link RequiredServices}). Needs the PostgreSQL JDBC driver on the test class path.
 */
public final class TestPostgres implements AutoCloseable {
  /** The server's base JDBC URL. */
  public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  /** The user. */
  public static final String USER = "postgres";

  private final String schema;

  private TestPostgres(String schema) {
    this.schema = schema;
  }

  /** Creates the schema, or skips (or fails) the calling test if PostgreSQL is not there. */
  public static TestPostgres create() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(URL, USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      RequiredServices.missing(
          "postgres",
          "PostgreSQL does not answer on 127.0.0.1:5432 (database test, user postgres, trust"
              + " auth): start it (pg_ctlcluster --skip-systemctl-redirect <version> main start, or"
              + " bash .ci/run) to run the PostgreSQL tests");
    }
    return new TestPostgres(schema);
  }

  /** The JDBC URL of the schema. */
  public String jdbcUrl() {
    return URL + "?currentSchema=" + schema;
  }

  /** The schema's name. */
  public String schema() {
    return schema;
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(URL, USER, null);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // best effort: a leftover test schema is harmless
    }
  }
}

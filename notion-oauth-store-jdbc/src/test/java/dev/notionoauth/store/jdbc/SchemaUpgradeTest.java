package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.FlowContext;
import dev.notionoauth.testkit.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database written by an older version keeps every installation's context after upgrading. */
class SchemaUpgradeTest {
  @TempDir Path dir;

  /** Rows as version 2 of the schema wrote them: the context twice, as JSON and as rows. */
  static void writeAtVersion2(String url, String user) throws Exception {
    Flyway.configure()
        .dataSource(url, user, null)
        .locations("classpath:dev/notionoauth/store/jdbc/migration")
        .target("2")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO installation (bot_id, workspace_id, owner, context, bound, access_token,"
              + " key_id, status, token_version, created_at, updated_at) VALUES ('bot-1', 'ws-1',"
              + " '{\"type\":\"workspace\",\"workspace\":true}', '{\"user-id\":\"42\",\"team\":\"a\"}', 1,"
              + " 'v1.k.sealed', 'k', 'ACTIVE', 3, 1000, 2000)");
      s.executeUpdate(
          "INSERT INTO installation_context (bot_id, ctx_key, ctx_value) VALUES ('bot-1',"
              + " 'user-id', '42'), ('bot-1', 'team', 'a')");
    }
  }

  static void assertContextSurvived(JdbcStores stores) {
    JdbcInstallationStore installations = stores.installationStore();
    assertThat(installations.summary("bot-1").orElseThrow().context())
        .isEqualTo(new FlowContext(java.util.Map.of("user-id", "42", "team", "a")));
    assertThat(installations.summaries(null, 10)).singleElement();
    assertThat(installations.count()).isEqualTo(1);
  }

  @Test
  void anInstallationsContextSurvivesTheUpgradeOnSqlite() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    writeAtVersion2(url, null);

    try (JdbcStores stores =
        JdbcStores.open(new JdbcStoreSettings(url, null, null, 2, Databases.keys(), true))) {
      assertContextSurvived(stores);
    }
  }

  @Test
  void anInstallationsContextSurvivesTheUpgradeOnPostgres() throws Exception {
    try (TestPostgres db = TestPostgres.create()) {
      writeAtVersion2(db.jdbcUrl(), TestPostgres.USER);

      try (JdbcStores stores = JdbcStores.open(Databases.postgres(db, Databases.keys()))) {
        assertContextSurvived(stores);
      }
    }
  }
}

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

/**
 * A database written by an older version keeps every installation's context after upgrading, and a
 * webhook verification token it trusted because it came first is only a candidate afterwards.
 */
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
    InstallationSummaries summaries = stores.installationSummaries();
    assertThat(summaries.find("bot-1").orElseThrow().context())
        .isEqualTo(new FlowContext(java.util.Map.of("user-id", "42", "team", "a")));
    assertThat(summaries.page(null, 10)).singleElement();
    assertThat(stores.installationStore().count()).isEqualTo(1);
  }

  /** A verification token as version 5 stored it: trusted, sealed under the store's key. */
  static void writeTokenAtVersion5(String url, String user, EncryptionKeys keys) throws Exception {
    Flyway.configure()
        .dataSource(url, user, null)
        .locations("classpath:dev/notionoauth/store/jdbc/migration")
        .target("5")
        .load()
        .migrate();
    String sealed =
        new dev.notionoauth.store.jdbc.internal.TokenCipher(
                keys.currentId(), keys.current(), keys::byId)
            .seal("secret_planted_before", "webhook", "verification_token");
    try (Connection c = DriverManager.getConnection(url, user, null);
        java.sql.PreparedStatement s =
            c.prepareStatement(
                "UPDATE webhook_verification SET token = ?, received_at = 5000, shown = 1 WHERE"
                    + " id = 1")) {
      s.setString(1, sealed);
      s.executeUpdate();
    }
  }

  static void assertTokenIsOnlyACandidate(JdbcStores stores) {
    JdbcWebhookStore hooks = stores.webhookStore();
    assertThat(hooks.verificationToken()).isEmpty();
    assertThat(hooks.candidates())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.number()).isEqualTo(1);
              assertThat(c.token().value()).isEqualTo("secret_planted_before");
              assertThat(c.from()).isEqualTo("stored before the upgrade");
            });
    assertThat(hooks.confirm(1, java.time.Instant.now())).isTrue();
    assertThat(hooks.verificationToken().orElseThrow().value()).isEqualTo("secret_planted_before");
  }

  @Test
  void aTokenTrustedBeforeTheUpgradeMustBeConfirmedAfterItOnSqlite() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("hooks.db");
    EncryptionKeys keys = Databases.keys();
    writeTokenAtVersion5(url, null, keys);

    try (JdbcStores stores =
        JdbcStores.open(JdbcStoreSettings.builder(url).poolSize(2).keys(keys).build())) {
      assertTokenIsOnlyACandidate(stores);
    }
  }

  @Test
  void aTokenTrustedBeforeTheUpgradeMustBeConfirmedAfterItOnPostgres() throws Exception {
    try (TestPostgres db = TestPostgres.create()) {
      EncryptionKeys keys = Databases.keys();
      writeTokenAtVersion5(db.jdbcUrl(), TestPostgres.USER, keys);

      try (JdbcStores stores = JdbcStores.open(Databases.postgres(db, keys))) {
        assertTokenIsOnlyACandidate(stores);
      }
    }
  }

  @Test
  void anInstallationsContextSurvivesTheUpgradeOnSqlite() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    writeAtVersion2(url, null);

    try (JdbcStores stores =
        JdbcStores.open(
            JdbcStoreSettings.builder(url).poolSize(2).keys(Databases.keys()).build())) {
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

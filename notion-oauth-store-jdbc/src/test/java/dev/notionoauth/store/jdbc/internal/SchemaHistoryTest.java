package dev.notionoauth.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.store.jdbc.JdbcStoreSettings;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** When a start may skip Flyway: only when the history shows every migration applied. */
class SchemaHistoryTest {
  @TempDir Path dir;

  private JdbcStores open() {
    return JdbcStores.open(
        JdbcStoreSettings.builder("jdbc:sqlite:" + dir.resolve("h.db"))
            .poolSize(2)
            .keys(EncryptionKeys.of(new byte[32], List.of()))
            .build());
  }

  private static void run(JdbcStores stores, String sql) throws Exception {
    try (Connection c = stores.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void theLatestVersionIsTheNewestMigrationFile() throws IOException {
    Pattern name = Pattern.compile("V(\\d+)__.+\\.sql");
    int newest;
    try (Stream<Path> files =
        Files.list(Path.of("src/main/resources/dev/notionoauth/store/jdbc/migration"))) {
      newest =
          files
              .map(p -> name.matcher(p.getFileName().toString()))
              .filter(Matcher::matches)
              .mapToInt(m -> Integer.parseInt(m.group(1)))
              .max()
              .orElseThrow();
    }
    assertThat(SchemaHistory.LATEST_MIGRATION).isEqualTo(newest);
  }

  @Test
  void aDatabaseWithoutHistoryIsNotUpToDate() {
    SQLiteDataSource empty = new SQLiteDataSource();
    empty.setUrl("jdbc:sqlite:" + dir.resolve("empty.db"));
    assertThat(SchemaHistory.upToDate(empty, "flyway_schema_history")).isFalse();
  }

  @Test
  void aMigratedDatabaseIsUpToDateAndReopensWithoutFlyway() throws Exception {
    try (JdbcStores stores = open()) {
      assertThat(SchemaHistory.upToDate(stores.dataSource(), "flyway_schema_history")).isTrue();
      // Flyway's validation would refuse this checksum: the reopen below shows it did not run
      run(stores, "UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");
    }
    try (JdbcStores again = open()) {
      assertThat(again.stateStore().find("0".repeat(64))).isEmpty();
    }
  }

  @Test
  void aMigratedPostgresSchemaIsUpToDate() {
    try (TestPostgres db = TestPostgres.create();
        JdbcStores stores =
            JdbcStores.open(
                JdbcStoreSettings.builder(db.jdbcUrl())
                    .username(TestPostgres.USER)
                    .poolSize(2)
                    .keys(EncryptionKeys.of(new byte[32], List.of()))
                    .build())) {
      assertThat(SchemaHistory.upToDate(stores.dataSource(), "flyway_schema_history")).isTrue();
      assertThat(SchemaHistory.upToDate(stores.dataSource(), "no_such_history")).isFalse();
      // the failed lookup left nothing broken behind on the pooled connection
      assertThat(stores.stateStore().find("0".repeat(64))).isEmpty();
    }
  }

  @Test
  void aMissingMigrationSendsTheStartToFlywayWhichAppliesIt() throws Exception {
    try (JdbcStores stores = open()) {
      // undo the latest migrations (V14 … V6)
      run(stores, "ALTER TABLE oauth_state DROP COLUMN result_page_id");
      run(stores, "DELETE FROM flyway_schema_history WHERE version = '14'");
      run(stores, "DROP TABLE callback_hour");
      run(stores, "DELETE FROM flyway_schema_history WHERE version = '13'");
      run(stores, "DROP TABLE webhook_event_route");
      run(stores, "DELETE FROM flyway_schema_history WHERE version = '12'");
      run(stores, "DROP TABLE console_session");
      run(stores, "DROP TABLE operator");
      run(stores, "DROP INDEX installation_context_value");
      run(stores, "DROP INDEX installation_status");
      run(stores, "DROP INDEX installation_workspace_name");
      run(stores, "DROP INDEX installation_created_at");
      run(stores, "DELETE FROM flyway_schema_history WHERE version = '11'");
      run(stores, "DROP TABLE rate_bucket");
      run(stores, "DELETE FROM flyway_schema_history WHERE version = '10'");
      run(stores, "DROP TABLE audit_entry");
      run(stores, "DELETE FROM flyway_schema_history WHERE version = '9'");
      run(stores, "DROP TABLE app_event");
      run(stores, "DELETE FROM flyway_schema_history WHERE version = '8'");
      run(stores, "DROP TABLE api_key");
      run(stores, "DELETE FROM flyway_schema_history WHERE version = '7'");
      run(stores, "DROP TABLE webhook_candidate");
      run(stores, "ALTER TABLE webhook_verification DROP COLUMN confirmed_at");
      run(stores, "ALTER TABLE webhook_verification ADD COLUMN shown SMALLINT NOT NULL DEFAULT 0");
      run(stores, "DELETE FROM flyway_schema_history WHERE version = '6'");
      assertThat(SchemaHistory.upToDate(stores.dataSource(), "flyway_schema_history")).isFalse();
    }
    try (JdbcStores reopened = open()) {
      assertThat(SchemaHistory.upToDate(reopened.dataSource(), "flyway_schema_history")).isTrue();
      run(reopened, "SELECT COUNT(*) FROM webhook_candidate");
      run(reopened, "SELECT COUNT(*) FROM api_key");
      run(reopened, "SELECT COUNT(*) FROM rate_bucket");
    }
  }

  @Test
  void aFailedOrUnknownMigrationIsNotUpToDate() throws Exception {
    try (JdbcStores stores = open()) {
      run(stores, "UPDATE flyway_schema_history SET success = 0 WHERE version = '3'");
      assertThat(SchemaHistory.upToDate(stores.dataSource(), "flyway_schema_history")).isFalse();
      run(stores, "UPDATE flyway_schema_history SET success = 1 WHERE version = '3'");
      run(
          stores,
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " installed_by, execution_time, success) VALUES (99, '99', 'newer', 'SQL',"
              + " 'V99__newer.sql', 'x', 0, 1)");
      assertThat(SchemaHistory.upToDate(stores.dataSource(), "flyway_schema_history")).isFalse();
    }
  }

  @Test
  void aTableNameThatIsNotAnIdentifierIsNeverQueried() {
    try (JdbcStores stores = open()) {
      assertThat(SchemaHistory.upToDate(stores.dataSource(), "flyway_schema_history; DROP"))
          .isFalse();
    }
  }
}

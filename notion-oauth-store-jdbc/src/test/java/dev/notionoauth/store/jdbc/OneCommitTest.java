package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.HttpReply;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.testkit.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcStores#commits()}: a callback's installation and result page in one commit. */
class OneCommitTest {
  private static final HttpReply PAGE = new HttpReply(200, Map.of(), "<p>Connected</p>");

  @TempDir Path dir;
  private TestPostgres postgres;

  @AfterEach
  void dropSchema() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private JdbcStores onPostgres() {
    postgres = TestPostgres.create();
    return JdbcStores.open(Databases.postgres(postgres, Databases.keys()));
  }

  /** Rows of a table as another connection sees them (committed rows only). */
  private static long committedRows(JdbcStores stores, String table) {
    try (Connection c = stores.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** One step over the stores: it saves installation b1, then does {@code rest}. */
  private static <T> T installThen(JdbcStores stores, Supplier<T> rest) {
    return stores
        .commits()
        .inOneCommit(
            () -> {
              stores.installationStore().upsert(EncryptionAtRestTest.installation("b1", "x"));
              return rest.get();
            });
  }

  private static void assertBothKept(JdbcStores stores, String pageId) {
    assertThat(stores.installationStore().find("b1")).isPresent();
    assertThat(stores.resultPageStore().get(pageId)).contains(PAGE);
  }

  @Test
  void onPostgresTheInstallationAndItsResultPageBecomeVisibleTogetherAtTheEnd() {
    try (JdbcStores stores = onPostgres()) {
      String id =
          installThen(
              stores,
              () -> {
                String pageId = stores.resultPageStore().put(PAGE);
                assertThat(committedRows(stores, "installation")).isZero();
                assertThat(committedRows(stores, "result_page")).isZero();
                return pageId;
              });

      assertBothKept(stores, id);
    }
  }

  @Test
  void readsInsideTheStepSeeItsOwnWrites() {
    try (JdbcStores stores = onPostgres()) {
      installThen(stores, () -> stores.installationStore().find("b1"))
          .orElseThrow(() -> new AssertionError("the step does not see its own write"));
    }
  }

  @Test
  void aWriteThatFailsIsUndoneAloneAndTheRestCommits() {
    try (JdbcStores stores = onPostgres()) {
      String id =
          installThen(
              stores,
              () -> {
                // PostgreSQL refuses a NUL in text: this insert fails inside the transaction
                assertThatThrownBy(
                        () -> stores.resultPageStore().put(new HttpReply(200, Map.of(), "\0")))
                    .isInstanceOf(NotionOAuthException.class);
                return stores.resultPageStore().put(PAGE);
              });

      assertBothKept(stores, id);
      assertThat(committedRows(stores, "result_page")).isEqualTo(1);
    }
  }

  @Test
  void whenTheStepThrowsNoneOfItsWritesAreKept() {
    try (JdbcStores stores = onPostgres()) {
      assertThatThrownBy(
              () ->
                  installThen(
                      stores,
                      () -> {
                        stores.resultPageStore().put(PAGE);
                        throw new IllegalStateException("a consumer failed");
                      }))
          .hasMessage("a consumer failed");

      assertThat(stores.installationStore().find("b1")).isEmpty();
      assertThat(committedRows(stores, "result_page")).isZero();
    }
  }

  @Test
  void onSqliteEachWriteCommitsAtOnceSoNoWriterWaitsForTheStep() {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      // counted by another connection inside the step, before it ends
      assertThat(installThen(stores, () -> committedRows(stores, "installation"))).isEqualTo(1);
    }
  }
}

package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.AccessToken;
import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.Owner;
import dev.notionoauth.RefreshToken;
import dev.notionoauth.testkit.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's search over installations, on SQLite and PostgreSQL: by bot id, by any context
 * value, by any part of the workspace name in any case (a LIKE wildcard in the text is literal),
 * with a status filter and pages by bot id.
 */
class InstallationSearchTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  @TempDir Path dir;

  private static Installation installation(
      String botId, String name, String user, Installation.Status status) {
    return new Installation(
        botId,
        new Installation.Workspace("w-" + botId, name, null),
        new Owner.Workspace(),
        null,
        FlowContext.of("user-id", user),
        true,
        new Installation.TokenPair(
            new AccessToken("ntn_" + botId), new RefreshToken("nrt_" + botId), 0),
        new Installation.Health(status, NOW, "seeded"),
        new Installation.Timestamps(NOW, NOW, null));
  }

  private static List<String> bots(List<InstallationSummary> found) {
    return found.stream().map(InstallationSummary::botId).toList();
  }

  private static void searches(JdbcStores stores) {
    var store = stores.installationStore();
    store.upsert(installation("b-1", "Acme Labs", "u-1", Installation.Status.ACTIVE));
    store.upsert(installation("b-2", "ACME 100% Corp", "u-2", Installation.Status.NEEDS_REAUTH));
    store.upsert(installation("b-3", "Globex", "u-acme", Installation.Status.ACTIVE));
    store.upsert(installation("b-4", "Initech_x", "u-4", Installation.Status.ACTIVE));
    InstallationSummaries s = stores.installationSummaries();

    assertThat(bots(s.search("acme", null, null, 10))).containsExactly("b-1", "b-2");
    assertThat(bots(s.search("u-acme", null, null, 10))).containsExactly("b-3");
    assertThat(bots(s.search("b-4", null, null, 10))).containsExactly("b-4");
    assertThat(bots(s.search("100%", null, null, 10))).containsExactly("b-2");
    assertThat(bots(s.search("h_x", null, null, 10))).containsExactly("b-4");
    assertThat(bots(s.search("%", null, null, 10))).containsExactly("b-2");
    assertThat(bots(s.search("acme", Installation.Status.ACTIVE, null, 10))).containsExactly("b-1");
    assertThat(bots(s.search("acme", null, "b-1", 10))).containsExactly("b-2");
    assertThat(bots(s.search(null, Installation.Status.ACTIVE, "b-1", 10)))
        .containsExactly("b-3", "b-4");
    assertThat(s.countByStatus().get(Installation.Status.ACTIVE)).isEqualTo(3);
    assertThat(s.createdPerHour(NOW.plusSeconds(60), 24)[23]).isEqualTo(4);
  }

  @Test
  void searchOnSqlite() {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      searches(stores);
    }
  }

  @Test
  void searchOnPostgres() {
    try (TestPostgres db = TestPostgres.create();
        JdbcStores stores = JdbcStores.open(Databases.postgres(db, Databases.keys()))) {
      searches(stores);
    }
  }
}

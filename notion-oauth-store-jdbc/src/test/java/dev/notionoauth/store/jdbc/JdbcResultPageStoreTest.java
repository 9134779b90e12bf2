package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.HttpReply;
import dev.notionoauth.testkit.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcResultPageStoreTest {
  @TempDir Path dir;

  private static void keepsPagesUntilTheyExpireAndStoresOnlyHashedIds(JdbcStores stores)
      throws Exception {
    Instant start = Instant.parse("2026-11-27T12:00:00Z");
    JdbcResultPageStore early =
        new JdbcResultPageStore(
            stores.dataSource(), Clock.fixed(start, ZoneOffset.UTC), Duration.ofMinutes(10));
    JdbcResultPageStore late =
        new JdbcResultPageStore(
            stores.dataSource(),
            Clock.fixed(start.plus(Duration.ofMinutes(10)), ZoneOffset.UTC),
            Duration.ofMinutes(10));
    HttpReply page =
        new HttpReply(
            409,
            Map.of("Content-Type", "text/html; charset=UTF-8", "Retry-After", "30"),
            "<p>é</p>");

    String id = early.put(page);

    assertThat(id).hasSize(43);
    assertThat(early.get(id)).contains(page);
    assertThat(early.get(id + "x")).isEmpty();
    assertThat(late.get(id)).isEmpty();
    try (Connection c = stores.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id_hash FROM result_page");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertThat(rs.getString(1)).hasSize(64).isNotEqualTo(id);
    }
  }

  @Test
  void onSqlite() throws Exception {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      keepsPagesUntilTheyExpireAndStoresOnlyHashedIds(stores);
    }
  }

  @Test
  void onPostgres() throws Exception {
    try (TestPostgres db = TestPostgres.create();
        JdbcStores stores = JdbcStores.open(Databases.postgres(db, Databases.keys()))) {
      keepsPagesUntilTheyExpireAndStoresOnlyHashedIds(stores);
    }
  }
}

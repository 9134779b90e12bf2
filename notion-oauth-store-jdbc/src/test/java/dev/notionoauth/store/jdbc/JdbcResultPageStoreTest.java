package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.HttpReply;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the JDBC result page store adds to the contract (see {@code JdbcStoresContractTest}). */
class JdbcResultPageStoreTest {
  @TempDir Path dir;

  @Test
  void storesOnlyAHashOfEachIdSoReadingTheDatabaseOpensNoPage() throws Exception {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      JdbcResultPageStore pages =
          new JdbcResultPageStore(stores.dataSource(), Clock.systemUTC(), Duration.ofMinutes(10));

      String id = pages.put(new HttpReply(200, Map.of(), "<p>hello</p>"));

      try (Connection c = stores.dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT id_hash FROM result_page");
          ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).hasSize(64).isNotEqualTo(id).doesNotContain(id);
      }
    }
  }
}

package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.FlowContext;
import dev.notionoauth.HttpReply;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.StoredState;
import dev.notionoauth.spi.ResultPageIds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state and result page tables are bounded (review L3): past a cap new rows are refused until
 * some expire, expired rows are deleted by maintenance (the background thread's job, never a
 * request's), and nothing is purged inside a save.
 */
class BoundedTablesTest {
  @TempDir Path dir;

  static StoredState pending(int n, Instant now, Duration ttl) {
    return new StoredState(
        ResultPageIds.storageKey("state-" + n),
        ResultPageIds.storageKey("binding"),
        FlowContext.empty(),
        now,
        now.plus(ttl),
        null);
  }

  @Test
  void pastTheCapOfPendingStatesNewFlowsAreRefusedUntilMaintenanceFindsRoom() {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      JdbcStateStore states = new JdbcStateStore(stores.dataSource(), 3);
      Instant now = Instant.now();
      states.save(pending(1, now, Duration.ofMinutes(10)));
      states.save(pending(2, now, Duration.ofMinutes(10)));
      states.save(pending(3, now.minusSeconds(700), Duration.ofMinutes(10))); // already expired
      assertThat(states.countPending(now)).isEqualTo(2);
      states.save(pending(4, now, Duration.ofMinutes(10)));
      assertThat(states.countPending(now)).isEqualTo(3);

      assertThatThrownBy(() -> states.save(pending(5, now, Duration.ofMinutes(10))))
          .isInstanceOf(NotionOAuthException.class)
          .hasMessageContaining("too many flows");
      assertThat(states.consume(ResultPageIds.storageKey("state-1"), now)).isTrue();
      assertThat(states.countPending(now)).isEqualTo(2);
      states.save(pending(5, now, Duration.ofMinutes(10)));
    }
  }

  @Test
  void maintenanceDeletesExpiredStatesAndPagesAndASaveNeverPurges() throws Exception {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      Instant now = Instant.now();
      for (int i = 0; i < 600; i++) {
        stores.stateStore().save(pending(i, now.minusSeconds(3600), Duration.ofMinutes(10)));
      }
      JdbcResultPageStore expired =
          new JdbcResultPageStore(
              stores.dataSource(),
              Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)),
              Duration.ofMinutes(10));
      expired.put(new HttpReply(200, Map.of(), "old page"));

      assertThat(stores.stateStore().find(ResultPageIds.storageKey("state-0"))).isPresent();
      int deleted = stores.maintain();

      assertThat(deleted).isEqualTo(601);
      assertThat(stores.stateStore().find(ResultPageIds.storageKey("state-0"))).isEmpty();
    }
  }

  @Test
  void pastTheCapOfResultPagesPutRefusesInsteadOfGrowing() {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      JdbcResultPageStore pages =
          new JdbcResultPageStore(
              stores.dataSource(), Clock.systemUTC(), Duration.ofMinutes(10), 2);
      pages.put(new HttpReply(200, Map.of(), "a"));
      pages.put(new HttpReply(200, Map.of(), "b"));
      assertThat(pages.countLive()).isEqualTo(2);

      assertThatThrownBy(() -> pages.put(new HttpReply(200, Map.of(), "c")))
          .isInstanceOf(NotionOAuthException.class);
    }
  }
}

package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.store.jdbc.CallbackHours.Outcome;
import dev.notionoauth.testkit.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks per hour by outcome: what several instances add to one hour is summed; each hour lands
 * in its own bucket, the current hour last; hours past the retention are purged by maintenance.
 */
class CallbackHoursTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:20:00Z");

  @TempDir Path dir;

  private static void hours(JdbcStores stores) {
    CallbackHours hours = stores.callbackHours();
    hours.add(NOW, Outcome.AUTHORIZED, 3); // instance a
    hours.add(NOW.minusSeconds(600), Outcome.AUTHORIZED, 4); // instance b, same hour
    hours.add(NOW.minusSeconds(3600), Outcome.FAILED, 2); // the hour before
    hours.add(NOW.minusSeconds(23 * 3600), Outcome.DENIED, 1); // the first hour of the day
    hours.add(NOW.minusSeconds(24 * 3600), Outcome.DENIED, 9); // outside the day shown
    hours.add(NOW, Outcome.FAILED, 0); // nothing to add

    Map<Outcome, long[]> day = hours.perHour(NOW, 24);
    assertThat(day.get(Outcome.AUTHORIZED)[23]).isEqualTo(7);
    assertThat(day.get(Outcome.FAILED)[22]).isEqualTo(2);
    assertThat(day.get(Outcome.FAILED)[23]).isZero();
    assertThat(day.get(Outcome.DENIED)[0]).isEqualTo(1);
    assertThat(day.values().stream().mapToLong(a -> java.util.Arrays.stream(a).sum()).sum())
        .isEqualTo(10);

    assertThat(hours.purge(NOW.minus(CallbackHours.RETENTION))).isZero();
    assertThat(hours.purge(NOW.minusSeconds(3600))).as("the two hours of yesterday").isEqualTo(2);
    assertThat(hours.perHour(NOW, 24).get(Outcome.FAILED)[22]).isEqualTo(2);
    assertThat(hours.perHour(NOW, 24).get(Outcome.AUTHORIZED)[23]).isEqualTo(7);
  }

  @Test
  void onSqlite() {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      hours(stores);
    }
  }

  @Test
  void onPostgres() {
    try (TestPostgres db = TestPostgres.create();
        JdbcStores stores = JdbcStores.open(Databases.postgres(db, Databases.keys()))) {
      hours(stores);
    }
  }
}

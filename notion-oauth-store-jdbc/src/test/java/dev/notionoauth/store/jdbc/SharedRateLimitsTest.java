package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.spi.RateLimitStore;
import dev.notionoauth.spi.RateLimitStore.Bucket;
import dev.notionoauth.testkit.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notion's buckets on PostgreSQL are one for every instance: two stores over the same database (two
 * pools, as two server instances) share an installation's burst, a call takes every bucket's permit
 * or none, and Notion's Retry-After pauses the bucket for both.
 */
class SharedRateLimitsTest {
  @TempDir Path dir;

  // refills so slowly that a test never sees a permit come back
  private static final Bucket INSTALLATION = new Bucket("installation:bot-1", 0.001, 3);
  private static final Bucket WORKSPACE = new Bucket("workspace:ws-1", 0.001, 4);
  private static final Bucket OTHER = new Bucket("installation:bot-2", 0.001, 3);

  @Test
  void twoInstancesShareOneInstallationsBurst() {
    try (TestPostgres db = TestPostgres.create();
        JdbcStores a = JdbcStores.open(Databases.postgres(db, Databases.keys()));
        JdbcStores b = JdbcStores.open(Databases.postgres(db, Databases.keys()))) {
      RateLimitStore onA = a.sharedRateLimits().orElseThrow();
      RateLimitStore onB = b.sharedRateLimits().orElseThrow();
      List<Bucket> call = List.of(INSTALLATION, WORKSPACE);

      assertThat(onA.tryAcquire(call, 0)).isZero();
      assertThat(onB.tryAcquire(call, 0)).isZero();
      assertThat(onA.tryAcquire(call, 0)).isZero();
      // the installation's three permits are spent, whichever instance asks
      assertThat(onB.tryAcquire(call, 0)).isGreaterThan(Duration.ofSeconds(100).toNanos());
      assertThat(onA.tryAcquire(call, 0)).isPositive();
      // none or all: the refused calls took nothing from the workspace, which has one left
      assertThat(onB.tryAcquire(List.of(OTHER, WORKSPACE), 0)).isZero();
      assertThat(onA.tryAcquire(List.of(OTHER, WORKSPACE), 0)).isPositive();
    }
  }

  @Test
  void notionsRetryAfterSeenByOneInstanceHoldsTheOtherBack() {
    try (TestPostgres db = TestPostgres.create();
        JdbcStores a = JdbcStores.open(Databases.postgres(db, Databases.keys()));
        JdbcStores b = JdbcStores.open(Databases.postgres(db, Databases.keys()))) {
      Bucket fast = new Bucket("installation:bot-3", 1000, 10);
      a.sharedRateLimits().orElseThrow().pause(fast, Duration.ofSeconds(30), 0);
      long wait = b.sharedRateLimits().orElseThrow().tryAcquire(List.of(fast), 0);
      assertThat(wait)
          .isBetween(Duration.ofSeconds(20).toNanos(), Duration.ofSeconds(30).toNanos());
    }
  }

  @Test
  void sqliteHasNoSharedBucketsItsOneInstanceKeepsThemInMemory() {
    try (JdbcStores s = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      assertThat(s.sharedRateLimits()).isEmpty();
    }
  }
}

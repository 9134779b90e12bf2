package dev.notionoauth.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.store.jdbc.Databases;
import dev.notionoauth.store.jdbc.JdbcStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent writers to SQLite queue on one lock (never in SQLite's sleeping busy handler); each
 * gets its own answer.
 */
class ConcurrentWritesTest {
  @TempDir Path dir;

  @Test
  void concurrentUpdatesEachGetTheirOwnAnswerAndABadOneFailsAlone() throws Exception {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      Jdbc jdbc = new Jdbc(stores.dataSource());
      jdbc.exclusively("creating", "CREATE TABLE item (k TEXT PRIMARY KEY, v INTEGER NOT NULL)");
      jdbc.update("seeding", "INSERT INTO item (k, v) VALUES ('taken', 0)", ps -> {});
      ExecutorService pool = Executors.newFixedThreadPool(32);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        // every tenth collides with the existing key (a plain INSERT fails on it); every
        // eleventh is a conditional insert of one shared key: exactly one of those may win
        String key = i % 10 == 0 ? "taken" : "k" + i;
        String sql =
            i % 11 == 0 && i % 10 != 0
                ? "INSERT INTO item (k, v) VALUES ('shared', ?) ON CONFLICT (k) DO NOTHING"
                : "INSERT INTO item (k, v) VALUES ('" + key + "', ?)";
        int value = i;
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return jdbc.update("inserting", sql, ps -> ps.setInt(1, value));
                }));
      }
      go.countDown();
      int failed = 0;
      int inserted = 0;
      for (Future<Integer> f : results) {
        try {
          inserted += f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(NotionOAuthException.class);
          failed++;
        }
      }
      pool.shutdown();

      int sharedTries =
          (int)
              java.util.stream.IntStream.range(0, 200)
                  .filter(i -> i % 11 == 0 && i % 10 != 0)
                  .count();
      assertThat(failed).isEqualTo(20);
      assertThat(inserted).isEqualTo(200 - 20 - sharedTries + 1);
      long rows =
          jdbc.queryOne("counting", "SELECT COUNT(*) FROM item", ps -> {}, rs -> rs.getLong(1))
              .orElseThrow();
      assertThat(rows).isEqualTo(1 + inserted);
    }
  }

  @Test
  void closingTheStoresClosesEveryConnectionTheWritingOneIncluded() throws Exception {
    Path db;
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      Jdbc jdbc = new Jdbc(stores.dataSource());
      jdbc.exclusively("creating", "CREATE TABLE item (k TEXT PRIMARY KEY)");
      jdbc.update("inserting", "INSERT INTO item (k) VALUES ('a')", ps -> {});
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
        db = files.filter(f -> f.toString().endsWith(".db")).findFirst().orElseThrow();
      }
      assertThat(Path.of(db + "-wal")).as("open connections keep the log").exists();
    }

    // SQLite removes the write-ahead log when its last connection closes
    assertThat(Path.of(db + "-wal")).doesNotExist();
  }
}

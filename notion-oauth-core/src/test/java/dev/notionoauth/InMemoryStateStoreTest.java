package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private static StoredState pending(String hash, Instant expiresAt) {
    return new StoredState(
        hash, "b".repeat(64), FlowContext.of("user", "42"), NOW, expiresAt, null);
  }

  @Test
  void consumesAPendingStateExactlyOnceUnderContention() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    store.save(pending("a".repeat(64), NOW.plusSeconds(600)));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return store.consume("a".repeat(64), NOW);
              }));
    }
    go.countDown();
    int won = 0;
    for (Future<Boolean> f : results) {
      won += f.get() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(won).isEqualTo(1);
    assertThat(store.find("a".repeat(64)).orElseThrow().consumedAt()).isEqualTo(NOW);
  }

  @Test
  void refusesToConsumeAnExpiredOrUnknownState() {
    InMemoryStateStore store = new InMemoryStateStore();
    store.save(pending("a".repeat(64), NOW.plusSeconds(600)));

    assertThat(store.consume("a".repeat(64), NOW.plusSeconds(600))).isFalse();
    assertThat(store.consume("c".repeat(64), NOW)).isFalse();
  }

  @Test
  void purgesExpiredStatesAndIsBounded() {
    InMemoryStateStore store = new InMemoryStateStore(2);
    store.save(pending("1".repeat(64), NOW.minusSeconds(1)));
    store.save(pending("2".repeat(64), NOW.plusSeconds(600)));
    store.save(pending("3".repeat(64), NOW.plusSeconds(600)));

    assertThat(store.find("1".repeat(64))).isEmpty();
    assertThatThrownBy(() -> store.save(pending("4".repeat(64), NOW.plusSeconds(600))))
        .isInstanceOf(NotionOAuthException.class)
        .hasMessageContaining("too many flows");
  }
}

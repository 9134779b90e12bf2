package dev.notionoauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notionoauth.FlowContext;
import dev.notionoauth.StoredState;
import dev.notionoauth.spi.StateStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must have. Extend it and return a fresh, empty store from
 * {@link #newStore()}; JUnit runs every test on it.
 */
public abstract class StateStoreContract {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  /** The store under test, fresh and empty. */
  protected StateStore store;

  /** Creates a fresh, empty store. */
  protected abstract StateStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  private static String hash(char c) {
    return String.valueOf(c).repeat(64);
  }

  private static StoredState pending(char c, Instant expiresAt) {
    return new StoredState(
        hash(c),
        hash('b'),
        new FlowContext(Map.of("user-id", "42", "team", "é & <x>")),
        NOW,
        expiresAt,
        null);
  }

  @Test
  void findsASavedStateWithEveryField() {
    StoredState s = pending('1', NOW.plusSeconds(600));
    store.save(s);

    assertEquals(s, store.find(hash('1')).orElseThrow());
    assertTrue(store.find(hash('9')).isEmpty());
  }

  @Test
  void consumesAPendingStateOnceAndRemembersWhen() {
    store.save(pending('1', NOW.plusSeconds(600)));

    assertTrue(store.consume(hash('1'), NOW.plusSeconds(5)));
    assertFalse(store.consume(hash('1'), NOW.plusSeconds(6)));
    assertEquals(
        NOW.plusSeconds(5).truncatedTo(ChronoUnit.MILLIS),
        store.find(hash('1')).orElseThrow().consumedAt());
  }

  @Test
  void refusesToConsumeAnExpiredOrUnknownState() {
    store.save(pending('1', NOW.plusSeconds(600)));

    assertFalse(store.consume(hash('1'), NOW.plusSeconds(600)));
    assertFalse(store.consume(hash('2'), NOW));
  }

  @Test
  void remembersTheResultPageOfAUsedStateAndForgetsItWithTheState() {
    store.save(pending('1', NOW.plusSeconds(1)));
    store.consume(hash('1'), NOW);
    assertTrue(store.recordUse(used('2', NOW.plusSeconds(600))));

    store.linkResult(hash('1'), "page-of-1");
    store.linkResult(hash('2'), "page-of-2");

    assertEquals(java.util.Optional.of("page-of-1"), store.linkedResult(hash('1')));
    assertEquals(java.util.Optional.of("page-of-2"), store.linkedResult(hash('2')));
    assertEquals(java.util.Optional.empty(), store.linkedResult(hash('3')));
    store.purgeExpired(NOW.plusSeconds(2));
    assertEquals(java.util.Optional.empty(), store.linkedResult(hash('1')));
    assertEquals(java.util.Optional.of("page-of-2"), store.linkedResult(hash('2')));
  }

  @Test
  void purgesOnlyExpiredStates() {
    store.save(pending('1', NOW.minusSeconds(1)));
    store.save(pending('2', NOW.plusSeconds(600)));

    assertEquals(1, store.purgeExpired(NOW));
    assertTrue(store.find(hash('1')).isEmpty());
    assertTrue(store.find(hash('2')).isPresent());
  }

  @Test
  void ofManyConcurrentConsumersExactlyOneWins() throws Exception {
    store.save(pending('1', NOW.plusSeconds(600)));
    assertEquals(1, winnersOfSixteen(() -> store.consume(hash('1'), NOW)));
  }

  private static StoredState used(char c, Instant expiresAt) {
    return new StoredState(hash(c), hash('b'), FlowContext.empty(), NOW, expiresAt, NOW);
  }

  @Test
  void recordsTheUseOfANeverSavedStateOnceAndKeepsItUntilItExpires() {
    assertTrue(store.recordUse(used('1', NOW.plusSeconds(600))));

    assertFalse(store.recordUse(used('1', NOW.plusSeconds(600))));
    assertTrue(store.find(hash('1')).orElseThrow().isConsumed());
    assertFalse(store.consume(hash('1'), NOW));
    assertEquals(0, store.purgeExpired(NOW.plusSeconds(599)));
    assertEquals(1, store.purgeExpired(NOW.plusSeconds(600)));
  }

  @Test
  void refusesToRecordTheUseOfAStateItAlreadyHolds() {
    store.save(pending('1', NOW.plusSeconds(600)));

    assertFalse(store.recordUse(used('1', NOW.plusSeconds(600))));
  }

  @Test
  void ofManyConcurrentRecordersOfOneUseExactlyOneWins() throws Exception {
    assertEquals(1, winnersOfSixteen(() -> store.recordUse(used('1', NOW.plusSeconds(600)))));
  }

  /** Runs {@code attempt} on 16 threads at once (8 at a time); how many returned true. */
  private static int winnersOfSixteen(java.util.concurrent.Callable<Boolean> attempt)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return attempt.call();
              }));
    }
    go.countDown();
    int won = 0;
    for (Future<Boolean> f : results) {
      won += f.get() ? 1 : 0;
    }
    pool.shutdown();
    return won;
  }
}

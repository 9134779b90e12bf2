package dev.notionoauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notionoauth.FlowContext;
import dev.notionoauth.appevent.AppEvent;
import dev.notionoauth.appevent.AppEventType;
import dev.notionoauth.appevent.StoredAppEvent;
import dev.notionoauth.appevent.StoredAppEvent.Status;
import dev.notionoauth.spi.AppEventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AppEventStore} must pass. Extend it and create an empty store in {@link
 * #newStore}.
 */
public abstract class AppEventStoreContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private AppEventStore store;

  /** Creates an empty store. */
  protected abstract AppEventStore newStore();

  @BeforeEach
  void create() {
    store = newStore();
  }

  private static AppEvent event(String botId, Instant at) {
    return AppEvent.of(
        AppEventType.INSTALLATION_CREATED,
        botId,
        "ws-1",
        "Acme",
        FlowContext.of("user-id", "u-1"),
        "active",
        "authorized",
        at);
  }

  @Test
  void anAddedEventIsDueAtOnceAndReadBackWhole() {
    AppEvent e = event("b-1", T0);
    store.add(StoredAppEvent.pending(e));
    List<StoredAppEvent> due = store.due(T0, 10);
    assertEquals(1, due.size());
    assertEquals(e, due.get(0).event());
    assertEquals(Status.PENDING, due.get(0).status());
    assertEquals(0, due.get(0).attempts());
    assertTrue(store.due(T0.minusSeconds(1), 10).isEmpty());
  }

  @Test
  void anEventAddedAgainUnderItsIdChangesNothing() {
    AppEvent e = event("b-1", T0);
    store.add(StoredAppEvent.pending(e));
    AppEvent again = new AppEvent(e.id(), e.type(), T0.plusSeconds(5), "{\"other\":true}");
    store.add(StoredAppEvent.pending(again));
    List<StoredAppEvent> due = store.due(T0.plusSeconds(10), 10);
    assertEquals(1, due.size());
    assertEquals(e, due.get(0).event());
  }

  @Test
  void ofManyConcurrentClaimersOfOneAttemptExactlyOneWins() throws Exception {
    AppEvent e = event("b-1", T0);
    store.add(StoredAppEvent.pending(e));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        claims.add(pool.submit(() -> store.claim(e.id(), T0, T0.plusSeconds(60))));
      }
      int won = 0;
      for (Future<Boolean> f : claims) {
        won += f.get() ? 1 : 0;
      }
      assertEquals(1, won);
    } finally {
      pool.shutdownNow();
    }
    assertTrue(store.due(T0.plusSeconds(59), 10).isEmpty());
    assertEquals(1, store.due(T0.plusSeconds(60), 10).size()); // the claimer died: due again
  }

  @Test
  void aFailedAttemptIsDueLaterAndADeadLetterIsListedAndReplayed() {
    AppEvent e = event("b-1", T0);
    store.add(StoredAppEvent.pending(e));
    store.update(e.id(), Status.PENDING, 1, T0.plusSeconds(5), "HTTP 500");
    assertTrue(store.due(T0.plusSeconds(4), 10).isEmpty());
    assertEquals("HTTP 500", store.due(T0.plusSeconds(5), 10).get(0).lastError());
    store.update(e.id(), Status.DEAD, 12, T0.plusSeconds(6), "timeout");
    assertTrue(store.due(T0.plusSeconds(3600), 10).isEmpty());
    assertEquals(
        List.of(e.id()),
        store.list(Optional.of(Status.DEAD), 10).stream().map(s -> s.event().id()).toList());
    assertTrue(store.requeue(e.id(), T0.plusSeconds(7)));
    StoredAppEvent again = store.find(e.id()).orElseThrow();
    assertEquals(Status.PENDING, again.status());
    assertEquals(0, again.attempts());
    assertFalse(store.requeue("msg_nope", T0));
  }

  @Test
  void aDeliveredEventIsNeverDueAgainAndTheListIsNewestFirst() {
    AppEvent older = event("b-1", T0);
    AppEvent newer = event("b-2", T0.plusSeconds(1));
    store.add(StoredAppEvent.pending(older));
    store.add(StoredAppEvent.pending(newer));
    store.update(older.id(), Status.DELIVERED, 1, T0, null);
    assertEquals(
        List.of(newer.id()),
        store.due(T0.plusSeconds(10), 10).stream().map(s -> s.event().id()).toList());
    assertEquals(
        List.of(newer.id(), older.id()),
        store.list(Optional.empty(), 10).stream().map(s -> s.event().id()).toList());
  }
}

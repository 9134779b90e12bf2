package dev.notionoauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notionoauth.StoredWebhookEvent;
import dev.notionoauth.StoredWebhookEvent.Status;
import dev.notionoauth.WebhookEvent;
import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.spi.WebhookStore;
import java.time.Duration;
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
 * The contract every {@link WebhookStore} must pass. Extend it and create an empty store in {@link
 * #newStore}.
 */
public abstract class WebhookStoreContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private WebhookStore store;

  /** Creates an empty store. */
  protected abstract WebhookStore newStore();

  @BeforeEach
  void create() {
    store = newStore();
  }

  /** A received event with that id, as the receiver stores it. */
  public static StoredWebhookEvent event(String id, Instant receivedAt) {
    String body =
        "{\"id\":\""
            + id
            + "\",\"timestamp\":\"2026-12-01T09:59:59.000Z\",\"workspace_id\":\"ws-1\","
            + "\"type\":\"page.created\",\"entity\":{\"id\":\"p-1\",\"type\":\"page\"},"
            + "\"accessible_by\":[{\"id\":\"bot-1\",\"type\":\"bot\"}],\"data\":{}}";
    return StoredWebhookEvent.received(WebhookEvent.fromJson(body), body, receivedAt);
  }

  @Test
  void aStoredEventReadsBackExactlyAsReceivedAndIsDueAtOnce() {
    StoredWebhookEvent e = event("evt-1", T0);

    assertTrue(store.record(e));

    assertEquals(Optional.of(e), store.find("evt-1"));
    assertEquals(List.of(e), store.due(T0, 10));
    assertEquals("page.created", store.find("evt-1").orElseThrow().event().type());
  }

  @Test
  void aRedeliveryWithTheSameIdChangesNothing() {
    StoredWebhookEvent first = event("evt-1", T0);
    store.record(first);
    store.update("evt-1", Status.DELIVERED, 1, T0, null, List.of("bot-1"));

    assertFalse(store.record(event("evt-1", T0.plusSeconds(30))));

    StoredWebhookEvent now = store.find("evt-1").orElseThrow();
    assertEquals(Status.DELIVERED, now.status());
    assertEquals(T0, now.receivedAt());
  }

  @Test
  void racingRecordsOfOneIdStoreItOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> store.record(event("evt-race", T0))));
      }
      int stored = 0;
      for (Future<Boolean> r : results) {
        stored += r.get() ? 1 : 0;
      }
      assertEquals(1, stored);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void exactlyOneOfTwoClaimsWinsAndTheLeaseHidesTheEventUntilItLapses() {
    store.record(event("evt-1", T0));
    Instant lease = T0.plus(Duration.ofMinutes(2));

    assertTrue(store.claim("evt-1", T0, lease));
    assertFalse(store.claim("evt-1", T0, lease));

    assertEquals(List.of(), store.due(T0.plusSeconds(60), 10));
    assertEquals(1, store.due(lease, 10).size(), "a crashed claimant's event comes back");
  }

  @Test
  void aFailedAttemptWaitsForItsRetryTimeAndADeadLetterIsListedAsFailed() {
    store.record(event("evt-1", T0));
    store.record(event("evt-2", T0));
    store.update(
        "evt-1",
        Status.PENDING,
        1,
        T0.plusSeconds(5),
        "java.lang.IllegalStateException",
        List.of("bot-1"));
    store.update("evt-2", Status.FAILED, 8, T0, "java.lang.IllegalStateException", List.of());

    assertEquals(List.of(), store.due(T0.plusSeconds(4), 10));
    StoredWebhookEvent retry = store.due(T0.plusSeconds(5), 10).get(0);
    assertEquals(1, retry.attempts());
    assertEquals(List.of("bot-1"), retry.installations());
    assertEquals("java.lang.IllegalStateException", retry.lastError());
    assertEquals(
        List.of("evt-2"),
        store.list(Optional.of(Status.FAILED), 10).stream().map(StoredWebhookEvent::id).toList());
    assertEquals(1, store.count(Status.FAILED));
  }

  @Test
  void aRequeuedDeadLetterIsDueAgainWithItsAttemptsReset() {
    store.record(event("evt-1", T0));
    store.update("evt-1", Status.FAILED, 8, T0, "x", List.of());

    assertTrue(store.requeue("evt-1", T0.plusSeconds(60)));
    assertFalse(store.requeue("no-such-event", T0));

    StoredWebhookEvent again = store.due(T0.plusSeconds(60), 10).get(0);
    assertEquals(Status.PENDING, again.status());
    assertEquals(0, again.attempts());
  }

  @Test
  void purgeRemovesOldDeliveredAndUnmatchedEventsButNeverPendingFailedOrKeptOnes() {
    for (String id : List.of("delivered", "unmatched", "pending", "failed", "kept", "recent")) {
      store.record(event(id, id.equals("recent") ? T0.plusSeconds(3600) : T0));
    }
    store.update("delivered", Status.DELIVERED, 1, T0, null, List.of("bot-1"));
    store.update("unmatched", Status.UNMATCHED, 1, T0, null, List.of());
    store.update("failed", Status.FAILED, 8, T0, "x", List.of());
    store.update("kept", Status.DELIVERED, 1, T0, null, List.of("bot-1"));
    store.keep("kept");
    store.update("recent", Status.DELIVERED, 1, T0, null, List.of("bot-1"));

    assertEquals(2, store.purge(T0.plusSeconds(1)));

    assertEquals(
        List.of("failed", "kept", "pending", "recent"),
        store.list(Optional.empty(), 10).stream().map(StoredWebhookEvent::id).sorted().toList());
    assertTrue(store.find("kept").orElseThrow().kept());
  }

  @Test
  void theVerificationTokenIsReplacedByAResendAndShownOnlyOnce() {
    assertEquals(Optional.empty(), store.verificationToken());
    store.saveVerificationToken(new WebhookVerificationToken("secret_first"), T0);
    store.saveVerificationToken(new WebhookVerificationToken("secret_second"), T0.plusSeconds(1));

    assertEquals("secret_second", store.verificationToken().orElseThrow().value());
    assertEquals("secret_second", store.takeUnshownToken().orElseThrow().value());
    assertEquals(Optional.empty(), store.takeUnshownToken());
    assertEquals("secret_second", store.verificationToken().orElseThrow().value());

    store.saveVerificationToken(new WebhookVerificationToken("secret_third"), T0.plusSeconds(2));
    assertEquals("secret_third", store.takeUnshownToken().orElseThrow().value());
  }

  @Test
  void aCaptureWindowStaysOpenUntilItsTokenIsTaken() {
    assertEquals(Optional.empty(), store.captureOpenUntil());
    store.openCapture(T0.plusSeconds(600));

    assertEquals(Optional.of(T0.plusSeconds(600)), store.captureOpenUntil());
    store.saveVerificationToken(new WebhookVerificationToken("secret_first"), T0);
    store.takeUnshownToken();
    assertEquals(Optional.empty(), store.captureOpenUntil());
  }
}

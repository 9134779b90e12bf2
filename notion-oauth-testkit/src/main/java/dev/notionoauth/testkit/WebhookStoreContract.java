package dev.notionoauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.webhook.StoredWebhookEvent;
import dev.notionoauth.webhook.StoredWebhookEvent.Status;
import dev.notionoauth.webhook.WebhookCandidate;
import dev.notionoauth.webhook.WebhookEnvelope;
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
    return StoredWebhookEvent.received(WebhookEnvelope.fromJson(body), body, receivedAt);
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
  void aVerificationRequestOutsideACaptureWindowIsNotKept() {
    assertEquals(Optional.empty(), store.addCandidate(token("secret_early"), T0, "1.2.3.4", 20));

    store.openCapture(T0.plusSeconds(60));
    assertEquals(
        Optional.empty(),
        store.addCandidate(token("secret_late"), T0.plusSeconds(61), "1.2.3.4", 20));
    assertEquals(List.of(), store.candidates());
    assertEquals(Optional.empty(), store.verificationToken());
  }

  @Test
  void everyRequestInAWindowIsACandidateAndNoneIsTrustedUntilConfirmed() {
    store.openCapture(T0.plusSeconds(600));

    assertEquals(Optional.of(1), store.addCandidate(token("secret_planted"), T0, "6.6.6.6", 20));
    assertEquals(
        Optional.of(2),
        store.addCandidate(token("secret_notion"), T0.plusSeconds(1), "10.0.0.1", 20));

    assertEquals(Optional.empty(), store.verificationToken());
    List<WebhookCandidate> candidates = store.candidates();
    assertEquals(List.of(1, 2), candidates.stream().map(WebhookCandidate::number).toList());
    assertEquals("secret_planted", candidates.get(0).token().value());
    assertEquals("6.6.6.6", candidates.get(0).from());
    assertEquals(T0.plusSeconds(1), candidates.get(1).receivedAt());
  }

  @Test
  void confirmingACandidateTrustsItForgetsTheOthersAndClosesTheWindow() {
    store.openCapture(T0.plusSeconds(600));
    store.addCandidate(token("secret_planted"), T0, "6.6.6.6", 20);
    store.addCandidate(token("secret_notion"), T0.plusSeconds(1), "10.0.0.1", 20);

    assertFalse(store.confirm(3, T0.plusSeconds(2)));
    assertTrue(store.confirm(2, T0.plusSeconds(2)));

    assertEquals("secret_notion", store.verificationToken().orElseThrow().value());
    assertEquals(List.of(), store.candidates());
    assertEquals(Optional.empty(), store.captureOpenUntil());
    assertFalse(store.confirm(1, T0.plusSeconds(3)));
  }

  @Test
  void aConfirmedTokenStaysInUseWhileANewWindowCollectsCandidates() {
    store.openCapture(T0.plusSeconds(600));
    store.addCandidate(token("secret_first"), T0, "10.0.0.1", 20);
    store.confirm(1, T0);

    store.openCapture(T0.plusSeconds(1200));
    store.addCandidate(token("secret_second"), T0.plusSeconds(700), "10.0.0.1", 20);

    assertEquals("secret_first", store.verificationToken().orElseThrow().value());
    assertTrue(store.confirm(1, T0.plusSeconds(701)));
    assertEquals("secret_second", store.verificationToken().orElseThrow().value());
  }

  @Test
  void aWindowHoldsAtMostMaxCandidatesAndANewWindowStartsAfresh() {
    store.openCapture(T0.plusSeconds(600));
    for (int i = 1; i <= 3; i++) {
      assertEquals(Optional.of(i), store.addCandidate(token("secret_" + i), T0, "1.2.3.4", 3));
    }
    assertEquals(Optional.empty(), store.addCandidate(token("secret_4"), T0, "1.2.3.4", 3));

    store.openCapture(T0.plusSeconds(1200));
    assertEquals(List.of(), store.candidates());
    assertEquals(Optional.of(1), store.addCandidate(token("secret_5"), T0, "1.2.3.4", 3));
  }

  @Test
  void aClosedWindowKeepsItsCandidatesConfirmableButTakesNoMore() {
    store.openCapture(T0.plusSeconds(600));
    store.addCandidate(token("secret_notion"), T0, "10.0.0.1", 20);

    store.closeCapture();

    assertEquals(Optional.empty(), store.captureOpenUntil());
    assertEquals(
        Optional.empty(), store.addCandidate(token("secret_late"), T0.plusSeconds(1), "x", 20));
    assertEquals(1, store.candidates().size());
    assertTrue(store.confirm(1, T0.plusSeconds(2)));
  }

  private static WebhookVerificationToken token(String value) {
    return new WebhookVerificationToken(value);
  }
}

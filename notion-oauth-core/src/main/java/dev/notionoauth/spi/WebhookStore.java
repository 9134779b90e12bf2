package dev.notionoauth.spi;

import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.webhook.StoredWebhookEvent;
import dev.notionoauth.webhook.WebhookCandidate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what webhooks need to survive a restart and to be shared by every instance: the
 * verification token an operator confirmed (sealed like tokens where the store encrypts), the
 * operator's capture window with the candidates received in it, and the received events with their
 * delivery state.
 *
 * <p>Called by {@link dev.notionoauth.webhook.WebhookReceiver} on request threads ({@link #record}
 * must be durable when it returns: Notion gets its 2xx right after), by {@link
 * dev.notionoauth.webhook.WebhookDispatcher} in the background, and by {@link
 * dev.notionoauth.webhook.WebhookVerification} (the {@code webhooks} commands, the Spring starter's
 * bean). Implementations must be safe for concurrent use across processes; a failed write changes
 * nothing.
 *
 * <p>Built in: {@link dev.notionoauth.webhook.InMemoryWebhookStore}; the JDBC store (SQLite or
 * PostgreSQL) is in {@code notion-oauth-store-jdbc}.
 */
public interface WebhookStore {

  /**
   * The verification token an operator confirmed, if any: the only key deliveries' signatures are
   * checked against.
   */
  Optional<WebhookVerificationToken> verificationToken();

  /** Until when an operator's capture window is open, if one is. */
  Optional<Instant> captureOpenUntil();

  /**
   * Opens a capture window until {@code until} (verification requests are kept as candidates until
   * then), forgetting the candidates of any earlier window.
   */
  void openCapture(Instant until);

  /** Closes the capture window; its candidates stay listed (and confirmable). */
  void closeCapture();

  /**
   * Keeps a verification request as a candidate, numbered after the window's earlier ones, if a
   * capture window is open at {@code receivedAt} and it holds fewer than {@code max} candidates.
   * Atomic across instances: the window check and the insert are one statement.
   *
   * @return the candidate's number, or empty when no window is open or it is full
   */
  Optional<Integer> addCandidate(
      WebhookVerificationToken token, Instant receivedAt, String from, int max);

  /** The current window's candidates (or the last window's, once closed), by number. */
  List<WebhookCandidate> candidates();

  /**
   * Makes candidate {@code number} the verification token (replacing any earlier one), forgets
   * every candidate and closes the window, atomically.
   *
   * @return false if there is no such candidate
   */
  boolean confirm(int number, Instant now);

  /**
   * Stores a received event, if no event with its id is stored yet.
   *
   * @return false when its id was already stored (a redelivery: nothing changes)
   */
  boolean record(StoredWebhookEvent event);

  /** Pending events due at {@code now}, oldest first. */
  List<StoredWebhookEvent> due(Instant now, int limit);

  /**
   * Claims a pending event for one delivery attempt: atomic across instances, true for exactly one
   * caller while its {@code nextAttemptAt} is still {@code expected}.
   *
   * @param leaseUntil when another instance may try it again if this one dies mid-delivery
   */
  boolean claim(String id, Instant expected, Instant leaseUntil);

  /**
   * Records the outcome of a delivery attempt.
   *
   * @param id the event
   * @param status its new status
   * @param attempts the attempts so far
   * @param nextAttemptAt when to try again (for {@code PENDING})
   * @param lastError the failure's class name, or null
   * @param installations the bot ids it was routed to
   */
  void update(
      String id,
      StoredWebhookEvent.Status status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String lastError,
      List<String> installations);

  /** Marks an event to be kept past the retention period (the {@code store} consumer). */
  void keep(String id);

  /** One event. */
  Optional<StoredWebhookEvent> find(String id);

  /** The newest events first, optionally only those with one status. */
  List<StoredWebhookEvent> list(Optional<StoredWebhookEvent.Status> status, int limit);

  /** How many events have that status. */
  long count(StoredWebhookEvent.Status status);

  /**
   * Makes an event pending and due now with its attempts reset (the {@code replay} command).
   *
   * @return false if there is no such event
   */
  boolean requeue(String id, Instant now);

  /**
   * Deletes delivered and unmatched events received before {@code before} that are not kept.
   *
   * @return how many were deleted
   */
  int purge(Instant before);
}

package dev.notionoauth.spi;

import dev.notionoauth.StoredWebhookEvent;
import dev.notionoauth.WebhookVerificationToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what webhooks need to survive a restart and to be shared by every instance: the
 * verification token (sealed like tokens where the store encrypts), the operator's capture window,
 * and the received events with their delivery state.
 *
 * <p>Called by {@link dev.notionoauth.WebhookReceiver} on request threads ({@link #record} must be
 * durable when it returns: Notion gets its 2xx right after), by {@link
 * dev.notionoauth.WebhookDispatcher} in the background, and by the {@code webhooks} commands.
 * Implementations must be safe for concurrent use across processes; a failed write changes nothing.
 *
 * <p>Built in: {@link dev.notionoauth.InMemoryWebhookStore}; the JDBC store (SQLite or PostgreSQL)
 * is in {@code notion-oauth-store-jdbc}.
 */
public interface WebhookStore {

  /** The verification token Notion sent, if one was received. */
  Optional<WebhookVerificationToken> verificationToken();

  /** Replaces the verification token (a resend from Notion's page replaces it), unshown. */
  void saveVerificationToken(WebhookVerificationToken token, Instant now);

  /** Until when an operator's capture window is open, if one was opened. */
  Optional<Instant> captureOpenUntil();

  /** Opens (or extends) the capture window: a handshake is accepted until then. */
  void openCapture(Instant until);

  /**
   * The stored token if it was never shown, once: it is then marked shown and the capture window
   * closed, so a second call returns nothing until Notion sends another.
   */
  Optional<WebhookVerificationToken> takeUnshownToken();

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

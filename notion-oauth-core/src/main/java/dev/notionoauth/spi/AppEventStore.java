package dev.notionoauth.spi;

import dev.notionoauth.appevent.StoredAppEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outbox of events to the app: written by {@link dev.notionoauth.appevent.AppEventRecorder}
 * right after the installation change it reports (and by {@link
 * dev.notionoauth.appevent.WebhookForwarder} for Notion's webhook events), read and updated by
 * {@link dev.notionoauth.appevent.AppEventSender} in the background and by the {@code app-events}
 * commands. Implementations must be safe for concurrent use across processes.
 *
 * <p>Built in: {@link dev.notionoauth.appevent.InMemoryAppEventStore}; the JDBC store is in {@code
 * notion-oauth-store-jdbc}.
 */
public interface AppEventStore {

  /**
   * Adds a pending event (durable when it returns); an event whose id is already kept changes
   * nothing (a forwarded webhook event redelivered keeps its one id).
   */
  void add(StoredAppEvent event);

  /** Pending events due at {@code now}, oldest first. */
  List<StoredAppEvent> due(Instant now, int limit);

  /**
   * Claims a pending event for one attempt: true for exactly one caller across instances while its
   * {@code nextAttemptAt} is still {@code expected}; it is due again at {@code leaseUntil} if the
   * claimer dies.
   */
  boolean claim(String id, Instant expected, Instant leaseUntil);

  /** Records an attempt's outcome. */
  void update(
      String id,
      StoredAppEvent.Status status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String lastError);

  /** One event. */
  Optional<StoredAppEvent> find(String id);

  /** The newest events first, optionally only those with one status. */
  List<StoredAppEvent> list(Optional<StoredAppEvent.Status> status, int limit);

  /**
   * Makes an event pending and due now with its attempts reset ({@code app-events replay}).
   *
   * @return false if there is no such event
   */
  boolean requeue(String id, Instant now);
}

package dev.notionoauth.appevent;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An event in the outbox with its delivery state.
 *
 * @param event the event
 * @param status where it is
 * @param attempts deliveries tried so far
 * @param nextAttemptAt when it is due (pending) or was last tried
 * @param lastError why the last attempt failed ("HTTP 500", "timeout" …), or null
 */
public record StoredAppEvent(
    AppEvent event,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    @Nullable String lastError) {

  /** Where an event is. */
  public enum Status {
    /** Waiting for its (next) delivery. */
    PENDING,
    /** The app answered 2xx. */
    DELIVERED,
    /** Every attempt failed: kept for an operator ({@code app-events replay}). */
    DEAD
  }

  /** A new pending event, due at once. */
  public static StoredAppEvent pending(AppEvent event) {
    return new StoredAppEvent(event, Status.PENDING, 0, event.createdAt(), null);
  }
}

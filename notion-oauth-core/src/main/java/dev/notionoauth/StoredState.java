package dev.notionoauth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A pending or used state as a {@link dev.notionoauth.spi.StateStore} keeps it: hashes only, never
 * the state or the binding themselves.
 *
 * @param stateHash SHA-256 of the state, lower-case hex (the key)
 * @param bindingHash SHA-256 of the browser binding, lower-case hex
 * @param context the host application's context
 * @param createdAt when the flow started
 * @param expiresAt when the state stops being accepted
 * @param consumedAt when a callback used it, or null while pending
 */
public record StoredState(
    String stateHash,
    String bindingHash,
    FlowContext context,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant consumedAt) {

  /** Whether the state is past its time-to-live at {@code now}. */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Whether a callback has used the state. */
  public boolean isConsumed() {
    return consumedAt != null;
  }
}

package dev.notionoauth;

import dev.notionoauth.internal.Tokens;
import dev.notionoauth.spi.StateStore;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-use link ids, kept in the {@link StateStore} like a state (as a SHA-256 with a {@code
 * link:} prefix, consumed at once), so that "used once" holds across every instance sharing the
 * store with no extra table.
 */
final class LinkIds {
  private static final Logger LOG = LoggerFactory.getLogger(LinkIds.class);

  private LinkIds() {}

  /** True the first time an id is presented before it expires; false after, or on failure. */
  static boolean consumeOnce(StateStore store, String linkId, Instant now, Instant expiresAt) {
    String hash = Tokens.sha256Hex("link:" + linkId);
    try {
      return store.recordUse(new StoredState(hash, hash, FlowContext.empty(), now, expiresAt, now));
    } catch (RuntimeException e) {
      LOG.warn("Could not record a single-use link id: {}", e.getClass().getSimpleName());
      return false;
    }
  }
}

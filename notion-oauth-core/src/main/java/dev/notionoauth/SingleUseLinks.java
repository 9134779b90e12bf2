package dev.notionoauth;

import dev.notionoauth.internal.Tokens;
import dev.notionoauth.spi.StateStore;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-use link ids (install links from {@link InstallLinks#signSingleUse}, claim links): the
 * first use of an id wins, across every instance sharing the state store. Ids are kept in the
 * {@link StateStore} like a state's use (as a SHA-256 with a {@code link:} prefix) until the link
 * expires, so no extra table is needed. A store failure counts as used: a single-use link fails
 * closed.
 *
 * <p>Used by the install route's signed-link resolver and by {@link Installations#claim}; the
 * composition root makes one over the flow's state store. Thread-safe.
 */
public final class SingleUseLinks {
  private static final Logger LOG = LoggerFactory.getLogger(SingleUseLinks.class);

  private final StateStore store;
  private final Clock clock;

  /** Link ids kept in {@code store}, timed by {@code clock}. */
  public SingleUseLinks(StateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * True the first time {@code linkId} is presented, false ever after (or when the store fails).
   */
  public boolean consume(String linkId, Instant expiresAt) {
    String hash = Tokens.sha256Hex("link:" + linkId);
    Instant now = clock.instant();
    try {
      return store.recordUse(new StoredState(hash, hash, FlowContext.empty(), now, expiresAt, now));
    } catch (RuntimeException e) {
      LOG.warn("Could not record a single-use link id: {}", e.getClass().getSimpleName());
      return false;
    }
  }
}

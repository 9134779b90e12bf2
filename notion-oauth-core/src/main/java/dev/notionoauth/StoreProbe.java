package dev.notionoauth;

import dev.notionoauth.spi.StateStore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state store's health as last seen, for flows whose start does not touch the store (sealed
 * states): so that nobody is sent to Notion while the callback could not complete. One lookup at
 * most once a second, by whichever start comes then; any failing store call marks it down at once.
 */
final class StoreProbe {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  /** A hash no state has (SHA-256 hex is never all zeros in practice): what the probe looks up. */
  private static final String PROBE_HASH = "0".repeat(64);

  private final StateStore store;
  private final Ticker ticker;
  private final AtomicLong nextProbe;
  private volatile boolean up = true;

  StoreProbe(StateStore store, Ticker ticker) {
    this.store = store;
    this.ticker = ticker;
    this.nextProbe = new AtomicLong(ticker.nanoTime());
  }

  /**
   * Whether the store is usable, as last probed (probing now if the last probe is a second old).
   */
  boolean isUp() {
    long now = ticker.nanoTime();
    long next = nextProbe.get();
    if (now - next >= 0 && nextProbe.compareAndSet(next, now + INTERVAL_NANOS)) {
      try {
        store.find(PROBE_HASH);
        up = true;
      } catch (RuntimeException e) {
        up = false;
      }
    }
    return up;
  }

  /** A store call just failed: down until a probe succeeds. */
  void failed() {
    up = false;
  }
}

package dev.notionoauth.internal;

import dev.notionoauth.spi.RateLimitStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Client-side token buckets for Notion's API, keyed by installation and by workspace. A call takes
 * one permit from each of its buckets at once, or none; a bucket can be paused until a time (when
 * Notion answered 429 with {@code Retry-After}), so the other calls of that installation or
 * workspace wait or fail fast instead of hammering. In-process only: instances sharing a workspace
 * each keep their own pace (Notion's 429 still tells each of them). Bounded: idle full buckets are
 * dropped past 50,000 keys.
 */
public final class RateLimiter implements RateLimitStore {
  private static final int MAX_KEYS = 50_000;

  private static final class State {
    final RateLimitStore.Bucket key;
    double permits;
    long refilledAt;
    long pausedUntil;

    State(RateLimitStore.Bucket key, long now) {
      this.key = key;
      this.permits = key.burst();
      this.refilledAt = now;
      this.pausedUntil = now;
    }

    /** Whether it would be full now and is not paused: dropping it loses nothing. */
    boolean idle(long now) {
      return now >= pausedUntil
          && permits + (now - refilledAt) / 1e9 * key.perSecond() >= key.burst();
    }
  }

  private final Map<String, State> buckets = new HashMap<>();

  @Override
  public synchronized long tryAcquire(List<RateLimitStore.Bucket> keys, long now) {
    long wait = 0;
    for (RateLimitStore.Bucket k : keys) {
      State b = refill(k, now);
      long w;
      if (now < b.pausedUntil) {
        w = b.pausedUntil - now;
      } else if (b.permits >= 1) {
        w = 0;
      } else {
        w = (long) Math.ceil((1 - b.permits) / k.perSecond() * 1e9);
      }
      wait = Math.max(wait, w);
    }
    if (wait > 0) {
      return wait;
    }
    for (RateLimitStore.Bucket k : keys) {
      refill(k, now).permits -= 1;
    }
    return 0;
  }

  @Override
  public synchronized void pause(RateLimitStore.Bucket key, Duration wait, long now) {
    long until = now + wait.toNanos();
    State b = refill(key, now);
    b.pausedUntil = Math.max(b.pausedUntil, until);
    b.permits = 0;
  }

  private State refill(RateLimitStore.Bucket k, long now) {
    State b = buckets.get(k.name());
    if (b == null) {
      if (buckets.size() >= MAX_KEYS) {
        prune(now);
      }
      b = new State(k, now);
      buckets.put(k.name(), b);
      return b;
    }
    double added = (now - b.refilledAt) / 1e9 * k.perSecond();
    b.permits = Math.min(k.burst(), b.permits + added);
    b.refilledAt = now;
    return b;
  }

  /** Drops idle buckets: a new one starts full, as an idle one would be. */
  private void prune(long now) {
    buckets.values().removeIf(b -> b.idle(now));
  }
}

package dev.notionoauth;

import java.time.Duration;

/**
 * Monotonic time and waiting, beside {@link java.time.Clock} (wall time): what every component that
 * measures an interval (a probe's second, a rate limit's refill, a cache's age, a lease's wait) or
 * waits reads, injected, so tests drive time instead of sleeping through it. Implementations must
 * be thread-safe. {@link #system()} is the JVM's own.
 */
public interface Ticker {
  /** Nanoseconds from an arbitrary origin, never going back ({@link System#nanoTime()}). */
  long nanoTime();

  /** Waits this long ({@link Thread#sleep}). */
  void sleep(Duration duration) throws InterruptedException;

  /** The JVM's monotonic clock and {@link Thread#sleep}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }

  /** The JVM's ticker. */
  enum SystemTicker implements Ticker {
    /** The one instance. */
    INSTANCE;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      Thread.sleep(duration.toMillis());
    }
  }
}

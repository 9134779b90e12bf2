package dev.notionoauth.testkit;

import dev.notionoauth.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} the test moves: {@link #advance} passes time at once, and a component that
 * sleeps advances it instead of waiting, so no test sleeps to let time pass.
 */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public void sleep(Duration duration) {
    advance(duration);
  }

  /** Lets {@code duration} pass. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}

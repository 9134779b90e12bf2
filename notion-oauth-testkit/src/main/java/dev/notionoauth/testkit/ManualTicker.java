package dev.notionoauth.testkit;

import dev.notionoauth.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} the test moves: {@link #advance} passes time at once, and a component that
 * sleeps advances it instead of waiting, so no test sleeps to let time pass.
 */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  /** Records the sleep and lets its time pass at once. */
  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    advance(duration);
  }

  /** Every sleep of the components on this ticker so far, in order: the waits they took. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** Lets {@code duration} pass. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}

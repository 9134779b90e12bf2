package dev.notionoauth.server.internal;

import dev.notionoauth.FailureReason;
import dev.notionoauth.servlet.FlowMetrics;
import dev.notionoauth.store.jdbc.CallbackHours;
import dev.notionoauth.store.jdbc.CallbackHours.Outcome;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds what this instance's callback counters gained to the store's hours every 30 s, and once more
 * when the server stops, so that the console's chart of callbacks by outcome covers every instance.
 * Reading the counters the flow already keeps costs the callback path nothing; what a kill -9 cuts
 * off is at most the last 30 s of one instance. A write that fails is retried with the next one
 * (nothing is counted twice: a count only moves on once written).
 */
public final class CallbackHoursRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackHoursRecorder.class);
  private static final long EVERY_SECONDS = 30;

  private final FlowMetrics metrics;
  private final CallbackHours hours;
  private final Clock clock;
  private final long[] written = new long[Outcome.values().length];
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "callback-hours");
            t.setDaemon(true);
            return t;
          });

  public CallbackHoursRecorder(FlowMetrics metrics, CallbackHours hours, Clock clock) {
    this.metrics = metrics;
    this.hours = hours;
    this.clock = clock;
    for (Outcome o : Outcome.values()) {
      written[o.ordinal()] = count(o);
    }
  }

  /** Starts writing every 30 s. */
  public CallbackHoursRecorder start() {
    timer.scheduleWithFixedDelay(
        this::recordQuietly, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    return this;
  }

  private long count(Outcome o) {
    return switch (o) {
      case AUTHORIZED -> metrics.authorized();
      case DENIED -> metrics.denied();
      case FAILED -> {
        long sum = 0;
        for (FailureReason r : FailureReason.values()) {
          sum += metrics.failed(r);
        }
        yield sum;
      }
    };
  }

  /** Writes what the counters gained since the last write. */
  public synchronized void record() {
    for (Outcome o : Outcome.values()) {
      long now = count(o);
      long gained = now - written[o.ordinal()];
      if (gained > 0) {
        hours.add(clock.instant(), o, gained);
        written[o.ordinal()] = now;
      }
    }
  }

  /** {@link #record}, a failure logged and left for the next write. */
  public void recordQuietly() {
    try {
      record();
    } catch (RuntimeException e) {
      LOG.warn("Could not count callbacks per hour (will retry): {}", e.getClass().getSimpleName());
    }
  }

  /** Stops the timer and writes what is left. */
  @Override
  public void close() {
    timer.shutdownNow();
    recordQuietly();
  }
}

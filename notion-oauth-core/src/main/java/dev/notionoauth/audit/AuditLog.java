package dev.notionoauth.audit;

import dev.notionoauth.spi.AuditStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records audit entries without slowing the call they describe: {@link #record} only queues the
 * entry; a background thread writes the queue to the {@link AuditStore} in batches (a write per API
 * call would cost more than the call on SQLite) and, once an hour, deletes entries older than the
 * retention. When the queue is full (the store is down or far behind) an entry is dropped and
 * counted ({@link #dropped()}) rather than block the request; {@link #close()} writes what is
 * queued.
 *
 * <pre>{@code
 * AuditLog audit = AuditLog.builder(store).retention(Duration.ofDays(30)).build().start();
 * audit.record(AuditActor.key("billing", "10.0.0.7"), action, new AuditEntry.Result(200, took));
 * }</pre>
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int BATCH = 500;
  private static final Duration PURGE_EVERY = Duration.ofHours(1);
  private static final long WRITE_EVERY_NANOS = 250_000_000L;

  private final AuditStore store;
  private final Clock clock;
  private final Duration retention;
  private final BlockingQueue<AuditEntry> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final Object writing = new Object();
  private @Nullable Instant nextPurge;
  private @Nullable Thread thread;
  private volatile boolean running;

  private AuditLog(Builder b) {
    this.store = b.store;
    this.clock = b.clock;
    this.retention = b.retention;
    this.queue = new ArrayBlockingQueue<>(b.capacity);
  }

  /** A builder writing to {@code store}. */
  public static Builder builder(AuditStore store) {
    return new Builder(store);
  }

  /** Queues an entry for the call that just ended; never blocks. */
  public void record(AuditActor actor, AuditAction action, AuditEntry.Result result) {
    Instant at = clock.instant();
    if (!queue.offer(new AuditEntry(AuditEntry.idAt(at), at, actor, action, result))) {
      dropped.incrementAndGet();
    }
  }

  /** Entries dropped because the queue was full, since start. */
  public long dropped() {
    return dropped.get();
  }

  /** The store entries are written to (for {@code audit list} and the console). */
  public AuditStore store() {
    return store;
  }

  /** Starts the background writer. */
  public synchronized AuditLog start() {
    if (thread == null) {
      running = true;
      Thread t = new Thread(this::loop, "notion-oauth-audit");
      t.setDaemon(true);
      t.start();
      thread = t;
    }
    return this;
  }

  /**
   * Writes every queued entry now and deletes expired ones when a purge is due (the background
   * thread's work, callable by tests and at shutdown).
   */
  public void flush() {
    synchronized (writing) {
      List<AuditEntry> batch = new ArrayList<>(BATCH);
      while (queue.drainTo(batch, BATCH) > 0) {
        write(batch);
        batch.clear();
      }
      purgeIfDue();
    }
  }

  private void write(List<AuditEntry> batch) {
    try {
      store.append(List.copyOf(batch));
    } catch (RuntimeException e) {
      dropped.addAndGet(batch.size());
      LOG.warn(
          "Audit entries could not be written ({}); {} dropped",
          e.getClass().getName(),
          batch.size());
    }
  }

  private void purgeIfDue() {
    Instant now = clock.instant();
    if (nextPurge != null && now.isBefore(nextPurge)) {
      return;
    }
    nextPurge = now.plus(PURGE_EVERY);
    try {
      int removed = store.deleteBefore(now.minus(retention));
      if (removed > 0) {
        LOG.info("Deleted {} audit entries older than {}", removed, retention);
      }
    } catch (RuntimeException e) {
      LOG.warn("Old audit entries could not be deleted: {}", e.getClass().getName());
    }
  }

  private void loop() {
    while (running) {
      flush(); // under the same lock as a caller's flush: nothing is ever taken but unwritten
      LockSupport.parkNanos(WRITE_EVERY_NANOS);
    }
  }

  /** Stops the writer and writes what is queued. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t != null) {
      LockSupport.unpark(t);
      try { // no interrupt: a write is never cut off mid-batch
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flush();
  }

  /** Configures an {@link AuditLog}. */
  public static final class Builder {
    private final AuditStore store;
    private Clock clock = Clock.systemUTC();
    private Duration retention = Duration.ofDays(30);
    private int capacity = 10_000;

    private Builder(AuditStore store) {
      this.store = store;
    }

    /** Times entries and retention. Default: the system's. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** How long entries are kept. Default 30 days. */
    public Builder retention(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("retention must be positive");
      }
      this.retention = value;
      return this;
    }

    /** Entries queued at most before new ones are dropped. Default 10,000. */
    public Builder capacity(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("capacity must be at least 1");
      }
      this.capacity = value;
      return this;
    }

    /** Builds the log (not started). */
    public AuditLog build() {
      return new AuditLog(this);
    }
  }
}

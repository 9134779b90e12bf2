package dev.notionoauth.appevent;

import dev.notionoauth.spi.AppEventStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the outbox's events to the app's URL in the background, at least once: each pending event
 * is claimed (one instance sends it), posted with {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature}, and marked delivered on a 2xx; otherwise tried again after {@code
 * retryDelay}, doubled each time (at most an hour), until {@code maxAttempts}, then kept as a dead
 * letter for {@code app-events replay}. A claim lasts {@code timeout} plus a margin, so an instance
 * that dies mid-post leaves the event to another. Redirects are not followed.
 */
public final class AppEventSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppEventSender.class);
  private static final Duration MAX_DELAY = Duration.ofHours(1);

  private final AppEventStore store;
  private final URI url;
  private final StandardWebhooksSigner signer;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration retryDelay;
  private final Duration timeout;
  private final HttpClient http;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private boolean wake;
  private @Nullable Thread thread;
  private volatile boolean running;

  private AppEventSender(Builder b) {
    this.store = b.store;
    this.url = b.url;
    this.signer = b.signer;
    this.clock = b.clock;
    this.maxAttempts = b.maxAttempts;
    this.retryDelay = b.retryDelay;
    this.timeout = b.timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A builder posting {@code store}'s events to {@code url}, signed by {@code signer}. */
  public static Builder builder(AppEventStore store, URI url, StandardWebhooksSigner signer) {
    return new Builder(store, url, signer);
  }

  /** Starts the background thread. */
  public synchronized AppEventSender start() {
    if (thread == null) {
      running = true;
      Thread t = new Thread(this::loop, "notion-oauth-app-events");
      t.setDaemon(true);
      t.start();
      thread = t;
    }
    return this;
  }

  /** Looks at the outbox now (an event was just added). */
  public void wake() {
    lock.lock();
    try {
      wake = true;
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (running) {
      try {
        runDue();
        lock.lock();
        try {
          if (!wake && running) {
            woken.await(1, TimeUnit.SECONDS);
          }
          wake = false;
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("App events: could not read the outbox ({})", e.getClass().getSimpleName());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Sends every event due now (the loop calls it; tests may too).
   *
   * @return how many were attempted
   */
  public int runDue() {
    int n = 0;
    for (StoredAppEvent e : store.due(clock.instant(), 20)) {
      Instant lease = clock.instant().plus(timeout).plusSeconds(30);
      if (store.claim(e.event().id(), e.nextAttemptAt(), lease)) {
        send(e);
        n++;
      }
    }
    return n;
  }

  private void send(StoredAppEvent e) {
    AppEvent event = e.event();
    long now = clock.instant().getEpochSecond();
    int attempts = e.attempts() + 1;
    String error;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("webhook-id", event.id())
              .header("webhook-timestamp", Long.toString(now))
              .header("webhook-signature", signer.sign(event.id(), now, event.body()))
              .POST(HttpRequest.BodyPublishers.ofString(event.body()))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        store.update(event.id(), StoredAppEvent.Status.DELIVERED, attempts, clock.instant(), null);
        return;
      }
      error = "HTTP " + status;
    } catch (HttpTimeoutException ex) {
      error = "timeout";
    } catch (java.io.IOException ex) {
      error = "connection failed (" + ex.getClass().getSimpleName() + ")";
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    if (attempts >= maxAttempts) {
      LOG.warn(
          "App event {} ({}) is a dead letter after {} attempts: {}",
          event.id(),
          event.type(),
          attempts,
          error);
      store.update(event.id(), StoredAppEvent.Status.DEAD, attempts, clock.instant(), error);
    } else {
      Duration delay = retryDelay.multipliedBy(1L << Math.min(20, attempts - 1));
      if (delay.compareTo(MAX_DELAY) > 0) {
        delay = MAX_DELAY;
      }
      LOG.info(
          "App event {} ({}) not delivered: {}; next try in {}",
          event.id(),
          event.type(),
          error,
          delay);
      store.update(
          event.id(), StoredAppEvent.Status.PENDING, attempts, clock.instant().plus(delay), error);
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    wake();
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Configures an {@link AppEventSender}. */
  public static final class Builder {
    private final AppEventStore store;
    private final URI url;
    private final StandardWebhooksSigner signer;
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 12;
    private Duration retryDelay = Duration.ofSeconds(5);
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(AppEventStore store, URI url, StandardWebhooksSigner signer) {
      this.store = store;
      this.url = url;
      this.signer = signer;
    }

    /** The clock for due times and signatures' timestamps. Default: the system's. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Attempts before an event becomes a dead letter. Default 12 (about 3 hours). */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = value;
      return this;
    }

    /** The wait after the first failure, doubled after each next one. Default 5 s. */
    public Builder retryDelay(Duration value) {
      this.retryDelay = value;
      return this;
    }

    /** How long one post may take. Default 10 s. */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /** Builds the sender (not started). */
    public AppEventSender build() {
      return new AppEventSender(this);
    }
  }
}

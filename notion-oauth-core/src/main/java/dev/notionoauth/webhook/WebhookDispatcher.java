package dev.notionoauth.webhook;

import dev.notionoauth.Installation;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.Owner;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.web.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stored webhook events to the consumers, on one background thread, never on a request:
 * each due event is claimed (one instance at a time, with a lease so a crashed instance's event is
 * tried again), routed to the installations it concerns, and handed to every consumer. A failure is
 * retried with exponential backoff ({@code retryDelay}, doubling, at most an hour) until {@code
 * maxAttempts}, then the event is a dead letter ({@code FAILED}). An event that concerns no
 * installation is {@code UNMATCHED}: kept, counted, delivered to nobody.
 *
 * <p>Routing fails closed: the active installations in the event's {@code workspace_id} whose bot
 * id or owner user id is in its {@code accessible_by}; an empty list reaches nobody, and an event
 * without the field reaches nobody unless {@link Builder#deliverUnaddressedToWorkspace} is set.
 *
 * <p>Started by the host ({@link #start}), woken by {@link WebhookReceiver} after each new event,
 * and otherwise polling once a second for retries and for events left by a crash.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int BATCH = 32;
  private static final Duration MAX_DELAY = Duration.ofHours(1);

  private final WebhookStore store;
  private final InstallationStore installations;
  private final List<WebhookConsumer> consumers;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration retryDelay;
  private final Duration lease;
  private final Duration poll;
  private final boolean deliverUnaddressedToWorkspace;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private final AtomicLong unmatched = new AtomicLong();
  private boolean signalled;
  private volatile boolean running;
  private @Nullable Thread thread;

  private WebhookDispatcher(Builder b) {
    this.store = b.store;
    this.installations = b.installations;
    this.consumers = List.copyOf(b.consumers);
    this.clock = b.clock;
    this.maxAttempts = b.maxAttempts;
    this.retryDelay = b.retryDelay;
    this.lease = b.lease;
    this.poll = b.poll;
    this.deliverUnaddressedToWorkspace = b.deliverUnaddressedToWorkspace;
  }

  /** Starts the background thread. */
  public synchronized WebhookDispatcher start() {
    if (thread == null) {
      running = true;
      Thread t = new Thread(this::loop, "notion-webhook-dispatcher");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
    return this;
  }

  /** Makes the background thread look for due events now. */
  public void wake() {
    lock.lock();
    try {
      signalled = true;
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many events this process found to concern no installation. */
  public long unmatchedCount() {
    return unmatched.get();
  }

  private void loop() {
    while (running) {
      try {
        while (running && runDue() > 0) {
          // keep going while there is work
        }
        await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("Webhook delivery round failed (will retry): {}", e.getClass().getSimpleName());
        sleepQuietly();
      }
    }
  }

  private void await() throws InterruptedException {
    lock.lock();
    try {
      if (!signalled) {
        woken.await(poll.toMillis(), TimeUnit.MILLISECONDS);
      }
      signalled = false;
    } finally {
      lock.unlock();
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Delivers the events due now, on the calling thread (the background thread calls it; tests and
   * commands may too).
   *
   * @return how many events were attempted
   */
  public int runDue() {
    Instant now = clock.instant();
    int attempted = 0;
    for (StoredWebhookEvent e : store.due(now, BATCH)) {
      if (store.claim(e.id(), e.nextAttemptAt(), now.plus(lease))) {
        deliver(e);
        attempted++;
      }
    }
    return attempted;
  }

  private void deliver(StoredWebhookEvent stored) {
    int attempt = stored.attempts() + 1;
    WebhookEnvelope event;
    try {
      event = stored.event();
    } catch (NotionOAuthException e) {
      // stored by an older version that parsed differently: keep it for an operator
      store.update(
          stored.id(),
          StoredWebhookEvent.Status.FAILED,
          attempt,
          clock.instant(),
          "unparseable",
          List.of());
      return;
    }
    List<Installation> matched;
    try {
      matched = route(event);
    } catch (RuntimeException e) {
      retryOrFail(stored, attempt, e, List.of());
      return;
    }
    List<String> botIds = matched.stream().map(Installation::botId).toList();
    if (matched.isEmpty()) {
      unmatched.incrementAndGet();
      LOG.info(
          "Webhook event {} ({}) concerns no stored installation of workspace {}: kept as"
              + " unmatched",
          LogSafe.text(event.id()),
          LogSafe.text(event.type()),
          LogSafe.text(event.workspaceId()));
      store.update(
          stored.id(),
          StoredWebhookEvent.Status.UNMATCHED,
          attempt,
          clock.instant(),
          null,
          List.of());
      return;
    }
    WebhookDelivery delivery =
        new WebhookDelivery(WebhookEvent.of(event, stored.body()), matched, attempt);
    for (WebhookConsumer consumer : consumers) {
      try {
        consumer.onEvent(delivery);
      } catch (RuntimeException e) {
        retryOrFail(stored, attempt, e, botIds);
        return;
      }
    }
    store.update(
        stored.id(), StoredWebhookEvent.Status.DELIVERED, attempt, clock.instant(), null, botIds);
  }

  private void retryOrFail(
      StoredWebhookEvent stored, int attempt, RuntimeException e, List<String> botIds) {
    String error = e.getClass().getName();
    if (attempt >= maxAttempts) {
      LOG.warn(
          "Webhook event {} failed {} time(s) ({}): now a dead letter, see `webhooks list"
              + " --failed`",
          LogSafe.text(stored.id()),
          attempt,
          e.getClass().getSimpleName());
      store.update(
          stored.id(), StoredWebhookEvent.Status.FAILED, attempt, clock.instant(), error, botIds);
      return;
    }
    Duration delay = delay(attempt);
    LOG.info(
        "Webhook event {} failed (attempt {} of {}, {}); retrying in {} s",
        LogSafe.text(stored.id()),
        attempt,
        maxAttempts,
        e.getClass().getSimpleName(),
        delay.toSeconds());
    store.update(
        stored.id(),
        StoredWebhookEvent.Status.PENDING,
        attempt,
        clock.instant().plus(delay),
        error,
        botIds);
  }

  /** {@code retryDelay} doubled per failed attempt, at most an hour. */
  Duration delay(int failedAttempts) {
    Duration d = retryDelay;
    for (int i = 1; i < failedAttempts && d.compareTo(MAX_DELAY) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  /**
   * The installations an event concerns: the active ones of its workspace whose bot or owner is in
   * {@code accessible_by}. An explicit empty list matches nobody (no connection can see the
   * entity); an event without the field reaches the whole workspace only where {@link
   * Builder#deliverUnaddressedToWorkspace} allows it (review 2026-12b L1: routing fails closed).
   */
  List<Installation> route(WebhookEnvelope event) {
    if (event.accessibleBy().isPresent() && event.accessibleBy().get().isEmpty()) {
      return List.of();
    }
    if (event.accessibleBy().isEmpty() && !deliverUnaddressedToWorkspace) {
      return List.of();
    }
    List<Installation> inWorkspace = new ArrayList<>();
    for (Installation i : installations.findByWorkspace(event.workspaceId())) {
      if (i.status() == Installation.Status.ACTIVE) {
        inWorkspace.add(i);
      }
    }
    if (event.accessibleBy().isEmpty()) {
      return inWorkspace;
    }
    Set<String> ids = new HashSet<>();
    event.accessibleBy().get().forEach(a -> ids.add(a.id()));
    List<Installation> matched = new ArrayList<>();
    for (Installation i : inWorkspace) {
      if (ids.contains(i.botId()) || ownerUserId(i).map(ids::contains).orElse(false)) {
        matched.add(i);
      }
    }
    return matched;
  }

  private static java.util.Optional<String> ownerUserId(Installation i) {
    return i.owner() instanceof Owner.User u
        ? java.util.Optional.of(u.user().id())
        : java.util.Optional.empty();
  }

  /** Stops the background thread (an event being delivered finishes first). */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t != null) {
      wake();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A dispatcher over the event store and the installation store. */
  public static Builder builder(WebhookStore store, InstallationStore installations) {
    return new Builder(store, installations);
  }

  /** Builds a {@link WebhookDispatcher}; every default is here. */
  public static final class Builder {
    private final WebhookStore store;
    private final InstallationStore installations;
    private List<WebhookConsumer> consumers = List.of();
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 8;
    private Duration retryDelay = Duration.ofSeconds(5);
    private Duration lease = Duration.ofMinutes(2);
    private Duration poll = Duration.ofSeconds(1);

    private boolean deliverUnaddressedToWorkspace;

    private Builder(WebhookStore store, InstallationStore installations) {
      this.store = store;
      this.installations = installations;
    }

    /** The consumers, each given every event in this order. */
    public Builder consumers(List<WebhookConsumer> value) {
      this.consumers = List.copyOf(value);
      return this;
    }

    /** The clock (default: system UTC). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Attempts before an event becomes a dead letter (default 8). */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = value;
      return this;
    }

    /** The wait after the first failure, doubled after each next one (default 5 s). */
    public Builder retryDelay(Duration value) {
      this.retryDelay = value;
      return this;
    }

    /**
     * How long a claimed event is left to one instance before another may try it (default 2 min):
     * longer than any consumer should take.
     */
    public Builder lease(Duration value) {
      this.lease = value;
      return this;
    }

    /**
     * Whether an event that carries no {@code accessible_by} at all (not a public integration's
     * subscription) reaches every active installation of its workspace. Default false: such an
     * event is unmatched, since nothing says whose connection may see it.
     */
    public Builder deliverUnaddressedToWorkspace(boolean value) {
      this.deliverUnaddressedToWorkspace = value;
      return this;
    }

    /** How often due events are looked for when nothing wakes the thread (default 1 s). */
    public Builder poll(Duration value) {
      this.poll = value;
      return this;
    }

    /** The dispatcher (not started). */
    public WebhookDispatcher build() {
      return new WebhookDispatcher(this);
    }
  }
}

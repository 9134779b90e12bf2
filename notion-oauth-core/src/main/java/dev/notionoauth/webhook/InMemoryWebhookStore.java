package dev.notionoauth.webhook;

import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.spi.WebhookStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WebhookStore} in memory, for tests and single-process hosts that accept losing pending
 * events on a crash. Holds at most {@code capacity} events: the oldest delivered or unmatched ones
 * go first; when only pending or failed ones remain, {@link #record} refuses new events (Notion
 * then retries them).
 */
public final class InMemoryWebhookStore implements WebhookStore {
  private final int capacity;
  private final Map<String, StoredWebhookEvent> events = new LinkedHashMap<>();
  private final List<WebhookCandidate> candidates = new ArrayList<>();
  private @Nullable WebhookVerificationToken token;
  private @Nullable Instant captureUntil;

  /** A store of at most 10,000 events. */
  public InMemoryWebhookStore() {
    this(10_000);
  }

  /** A store of at most {@code capacity} events. */
  public InMemoryWebhookStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized Optional<WebhookVerificationToken> verificationToken() {
    return Optional.ofNullable(token);
  }

  @Override
  public synchronized Optional<Instant> captureOpenUntil() {
    return Optional.ofNullable(captureUntil);
  }

  @Override
  public synchronized void openCapture(Instant until) {
    captureUntil = until;
    candidates.clear();
  }

  @Override
  public synchronized void closeCapture() {
    captureUntil = null;
  }

  @Override
  public synchronized Optional<Integer> addCandidate(
      WebhookVerificationToken value, Instant receivedAt, String from, int max) {
    if (captureUntil == null || !captureUntil.isAfter(receivedAt) || candidates.size() >= max) {
      return Optional.empty();
    }
    int number = candidates.size() + 1;
    candidates.add(new WebhookCandidate(number, value, receivedAt, from));
    return Optional.of(number);
  }

  @Override
  public synchronized List<WebhookCandidate> candidates() {
    return List.copyOf(candidates);
  }

  @Override
  public synchronized boolean confirm(int number, Instant now) {
    for (WebhookCandidate c : candidates) {
      if (c.number() == number) {
        token = c.token();
        candidates.clear();
        captureUntil = null;
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized boolean record(StoredWebhookEvent event) {
    if (events.containsKey(event.id())) {
      return false;
    }
    if (events.size() >= capacity && !evictOne()) {
      throw new IllegalStateException("the in-memory webhook store is full of undelivered events");
    }
    events.put(event.id(), event);
    return true;
  }

  private boolean evictOne() {
    for (StoredWebhookEvent e : events.values()) {
      if (e.status() == StoredWebhookEvent.Status.DELIVERED
          || e.status() == StoredWebhookEvent.Status.UNMATCHED) {
        events.remove(e.id());
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized List<StoredWebhookEvent> due(Instant now, int limit) {
    return events.values().stream()
        .filter(e -> e.status() == StoredWebhookEvent.Status.PENDING)
        .filter(e -> !e.nextAttemptAt().isAfter(now))
        .sorted(Comparator.comparing(StoredWebhookEvent::nextAttemptAt))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean claim(String id, Instant expected, Instant leaseUntil) {
    StoredWebhookEvent e = events.get(id);
    if (e == null
        || e.status() != StoredWebhookEvent.Status.PENDING
        || !e.nextAttemptAt().equals(expected)) {
      return false;
    }
    events.put(id, with(e, e.status(), e.attempts(), leaseUntil, e.lastError(), e.installations()));
    return true;
  }

  @Override
  public synchronized void update(
      String id,
      StoredWebhookEvent.Status status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String lastError,
      List<String> installations) {
    StoredWebhookEvent e = events.get(id);
    if (e != null) {
      events.put(id, with(e, status, attempts, nextAttemptAt, lastError, installations));
    }
  }

  @Override
  public synchronized void keep(String id) {
    StoredWebhookEvent e = events.get(id);
    if (e != null) {
      events.put(
          id,
          new StoredWebhookEvent(
              e.id(),
              e.type(),
              e.workspaceId(),
              e.receivedAt(),
              e.body(),
              e.status(),
              e.attempts(),
              e.nextAttemptAt(),
              e.lastError(),
              e.installations(),
              true));
    }
  }

  @Override
  public synchronized Optional<StoredWebhookEvent> find(String id) {
    return Optional.ofNullable(events.get(id));
  }

  @Override
  public synchronized List<StoredWebhookEvent> list(
      Optional<StoredWebhookEvent.Status> status, int limit) {
    List<StoredWebhookEvent> all = new ArrayList<>(events.values());
    all.sort(Comparator.comparing(StoredWebhookEvent::receivedAt).reversed());
    return all.stream()
        .filter(e -> status.isEmpty() || e.status() == status.get())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized long count(StoredWebhookEvent.Status status) {
    return events.values().stream().filter(e -> e.status() == status).count();
  }

  @Override
  public synchronized boolean requeue(String id, Instant now) {
    StoredWebhookEvent e = events.get(id);
    if (e == null) {
      return false;
    }
    events.put(id, with(e, StoredWebhookEvent.Status.PENDING, 0, now, null, List.of()));
    return true;
  }

  @Override
  public synchronized int purge(Instant before) {
    int before0 = events.size();
    events
        .values()
        .removeIf(
            e ->
                !e.kept()
                    && e.receivedAt().isBefore(before)
                    && (e.status() == StoredWebhookEvent.Status.DELIVERED
                        || e.status() == StoredWebhookEvent.Status.UNMATCHED));
    return before0 - events.size();
  }

  private static StoredWebhookEvent with(
      StoredWebhookEvent e,
      StoredWebhookEvent.Status status,
      int attempts,
      Instant next,
      @Nullable String lastError,
      List<String> installations) {
    return new StoredWebhookEvent(
        e.id(),
        e.type(),
        e.workspaceId(),
        e.receivedAt(),
        e.body(),
        status,
        attempts,
        next,
        lastError,
        installations,
        e.kept());
  }
}

package dev.notionoauth.appevent;

import dev.notionoauth.spi.AppEventStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The outbox in this process's memory (tests; a single instance that may lose events). */
public final class InMemoryAppEventStore implements AppEventStore {
  private final Map<String, StoredAppEvent> events = new LinkedHashMap<>();

  @Override
  public synchronized void add(StoredAppEvent event) {
    events.putIfAbsent(event.event().id(), event);
  }

  @Override
  public synchronized List<StoredAppEvent> due(Instant now, int limit) {
    return events.values().stream()
        .filter(e -> e.status() == StoredAppEvent.Status.PENDING)
        .filter(e -> !e.nextAttemptAt().isAfter(now))
        .sorted(Comparator.comparing(StoredAppEvent::nextAttemptAt))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean claim(String id, Instant expected, Instant leaseUntil) {
    StoredAppEvent e = events.get(id);
    if (e == null
        || e.status() != StoredAppEvent.Status.PENDING
        || !e.nextAttemptAt().equals(expected)) {
      return false;
    }
    events.put(
        id, new StoredAppEvent(e.event(), e.status(), e.attempts(), leaseUntil, e.lastError()));
    return true;
  }

  @Override
  public synchronized void update(
      String id,
      StoredAppEvent.Status status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String lastError) {
    events.computeIfPresent(
        id, (k, e) -> new StoredAppEvent(e.event(), status, attempts, nextAttemptAt, lastError));
  }

  @Override
  public synchronized Optional<StoredAppEvent> find(String id) {
    return Optional.ofNullable(events.get(id));
  }

  @Override
  public synchronized List<StoredAppEvent> list(Optional<StoredAppEvent.Status> status, int limit) {
    return events.values().stream()
        .filter(e -> status.isEmpty() || e.status() == status.get())
        .sorted(Comparator.comparing((StoredAppEvent e) -> e.event().createdAt()).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean requeue(String id, Instant now) {
    StoredAppEvent e = events.get(id);
    if (e == null) {
      return false;
    }
    events.put(id, new StoredAppEvent(e.event(), StoredAppEvent.Status.PENDING, 0, now, null));
    return true;
  }
}

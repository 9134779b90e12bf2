package dev.notionoauth;

import dev.notionoauth.spi.ResultPageIds;
import dev.notionoauth.spi.ResultPageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ResultPageStore} in memory, for one instance: pages expire after a time-to-live (default
 * 10 minutes) and at most {@code maxPages} are kept (oldest dropped first when full).
 */
public final class InMemoryResultPageStore implements ResultPageStore {
  private record Entry(HttpReply reply, Instant expiresAt) {}

  private final Map<String, Entry> pages = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final int maxPages;

  /** Ten minutes, 10,000 pages. */
  public InMemoryResultPageStore() {
    this(Clock.systemUTC(), Duration.ofMinutes(10), 10_000);
  }

  /**
   * Creates the store.
   *
   * @param clock the clock for expiry
   * @param ttl how long a page stays
   * @param maxPages the most pages kept
   */
  public InMemoryResultPageStore(Clock clock, Duration ttl, int maxPages) {
    this.clock = clock;
    this.ttl = ttl;
    this.maxPages = maxPages;
  }

  @Override
  public String put(HttpReply reply) {
    Instant now = clock.instant();
    if (pages.size() >= maxPages) {
      pages.values().removeIf(e -> !now.isBefore(e.expiresAt()));
      Iterator<String> it = pages.keySet().iterator();
      while (pages.size() >= maxPages && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    String id = ResultPageIds.generate();
    pages.put(id, new Entry(reply, now.plus(ttl)));
    return id;
  }

  @Override
  public Optional<HttpReply> get(String id) {
    Entry e = pages.get(id);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.expiresAt())) {
      pages.remove(id);
      return Optional.empty();
    }
    return Optional.of(e.reply());
  }
}

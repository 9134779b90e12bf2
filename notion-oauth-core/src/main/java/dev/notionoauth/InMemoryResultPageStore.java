package dev.notionoauth;

import dev.notionoauth.spi.ResultPageIds;
import dev.notionoauth.spi.ResultPageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * {@link ResultPageStore} in memory, for one instance: pages expire after a time-to-live (default
 * 10 minutes) and at most {@code maxPages} are kept: when full, the oldest is dropped first
 * (expired ones go as soon as a page is added).
 */
public final class InMemoryResultPageStore implements ResultPageStore {
  private record Entry(HttpReply reply, Instant expiresAt) {}

  /** Insertion order is age order: the first entry is the oldest. Guarded by {@code this}. */
  private final LinkedHashMap<String, Entry> pages = new LinkedHashMap<>();

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
  public synchronized String put(HttpReply reply) {
    Instant now = clock.instant();
    Iterator<Entry> oldest = pages.values().iterator();
    while (oldest.hasNext()) {
      Entry e = oldest.next();
      if (now.isBefore(e.expiresAt()) && pages.size() < maxPages) {
        break; // every later entry is younger
      }
      oldest.remove(); // expired, or the oldest while full
    }
    String id = ResultPageIds.generate();
    pages.put(id, new Entry(reply, now.plus(ttl)));
    return id;
  }

  @Override
  public synchronized Optional<HttpReply> get(String id) {
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

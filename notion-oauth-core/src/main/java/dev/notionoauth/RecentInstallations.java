package dev.notionoauth;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The installations calls to Notion were just made with, kept for a fraction of a second so a busy
 * installation (the HTTP API's proxy under load) is not read and unsealed from the store on every
 * call. Safe for tokens by construction: a token another instance replaced meanwhile gets Notion's
 * 401, and the 401 path reads the store afresh ({@link Installations#accessTokenAfterRejection}).
 * Every change made through {@link Installations} forgets the entry at once; a change made by
 * another process is seen within {@code keepNanos}. Bounded: cleared past 10,000 entries.
 */
final class RecentInstallations {
  private static final int MAX = 10_000;

  private record Entry(Installation installation, long until) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private final long keepNanos;

  RecentInstallations(Ticker ticker, long keepNanos) {
    this.ticker = ticker;
    this.keepNanos = keepNanos;
  }

  /** The installation read within the last {@code keepNanos}, if any. */
  Optional<Installation> get(String botId) {
    if (keepNanos <= 0) {
      return Optional.empty();
    }
    Entry e = entries.get(botId);
    if (e == null || ticker.nanoTime() - e.until() >= 0) {
      return Optional.empty();
    }
    return Optional.of(e.installation());
  }

  void put(Installation installation) {
    if (keepNanos <= 0) {
      return;
    }
    if (entries.size() >= MAX) {
      entries.clear();
    }
    entries.put(installation.botId(), new Entry(installation, ticker.nanoTime() + keepNanos));
  }

  void forget(String botId) {
    entries.remove(botId);
  }
}

package dev.notionoauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notionoauth.HttpReply;
import dev.notionoauth.emulator.MutableClock;
import dev.notionoauth.spi.ResultPageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ResultPageStore} must pass. Extend it and create your store in {@link
 * #newStore}, with the given clock and time-to-live.
 */
public abstract class ResultPageStoreContract {
  /** The time-to-live the store is created with. */
  protected static final Duration TTL = Duration.ofMinutes(10);

  private final MutableClock clock = new MutableClock();
  private ResultPageStore store;

  /** Creates an empty store whose pages live {@code ttl} by {@code clock}. */
  protected abstract ResultPageStore newStore(Clock clock, Duration ttl);

  private static final HttpReply PAGE =
      new HttpReply(
          409,
          Map.of("Content-Type", "text/html; charset=UTF-8", "Retry-After", "30"),
          "<p>Déjà connecté ✓</p>");

  @BeforeEach
  void create() {
    store = newStore(clock, TTL);
  }

  @Test
  void aPageReadsBackWithItsStatusHeadersAndBody() {
    String id = store.put(PAGE);

    assertEquals(Optional.of(PAGE), store.get(id));
  }

  @Test
  void reloadsShowTheSamePageUntilItExpires() {
    String id = store.put(PAGE);
    clock.advance(TTL.minusSeconds(1));

    assertEquals(Optional.of(PAGE), store.get(id));
    assertEquals(Optional.of(PAGE), store.get(id));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Optional.empty(), store.get(id));
  }

  @Test
  void idsAreUrlSafeUnguessableAndNewForEachPage() {
    String first = store.put(PAGE);
    String second = store.put(PAGE);

    assertTrue(first.matches("[A-Za-z0-9_-]{43}"), "256 random bits, base64url");
    assertNotEquals(first, second);
  }

  @Test
  void anUnknownOrAlteredIdFindsNothing() {
    String id = store.put(PAGE);
    String altered = (id.charAt(0) == 'A' ? 'B' : 'A') + id.substring(1);

    assertEquals(Optional.empty(), store.get(altered));
    assertEquals(Optional.empty(), store.get(id + "x"));
    assertEquals(Optional.empty(), store.get(""));
  }

  @Test
  void pagesPutConcurrentlyAllReadBack() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        HttpReply page = new HttpReply(200, Map.of("X-Page", Integer.toString(i)), "page " + i);
        ids.add(pool.submit(() -> store.put(page)));
      }
      for (int i = 0; i < ids.size(); i++) {
        assertEquals(Optional.of("page " + i), store.get(ids.get(i).get()).map(HttpReply::body));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

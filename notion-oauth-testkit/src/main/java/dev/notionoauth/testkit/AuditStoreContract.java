package dev.notionoauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.notionoauth.audit.AuditAction;
import dev.notionoauth.audit.AuditActor;
import dev.notionoauth.audit.AuditEntry;
import dev.notionoauth.audit.AuditQuery;
import dev.notionoauth.spi.AuditStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AuditStore} must pass. Extend it and create an empty store in {@link
 * #newStore}.
 */
public abstract class AuditStoreContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private AuditStore store;

  /** Creates an empty store. */
  protected abstract AuditStore newStore();

  @BeforeEach
  void create() {
    store = newStore();
  }

  private static AuditEntry entry(int second, String key, @Nullable String bot, int status) {
    Instant at = T0.plusSeconds(second);
    return new AuditEntry(
        String.format("%012x%010x", at.toEpochMilli(), second),
        at,
        AuditActor.key(key, "10.0.0." + second),
        new AuditAction("GET", "/api/v1/installations/{bot_id}", bot),
        new AuditEntry.Result(status, Duration.ofNanos(1_234_000)));
  }

  private List<Integer> statuses(AuditQuery query) {
    return store.list(query).stream().map(e -> e.result().status()).toList();
  }

  @Test
  void anAppendedEntryReadsBackWhole() {
    AuditEntry e = entry(1, "billing", "bot-1", 200);
    store.append(List.of(e));
    assertEquals(List.of(e), store.list(AuditQuery.newest(10)));
  }

  @Test
  void anEntryWithoutABotReadsBackWithoutOne() {
    AuditEntry e = entry(1, "billing", null, 404);
    store.append(List.of(e));
    assertEquals(List.of(e), store.list(AuditQuery.newest(10)));
  }

  @Test
  void entriesListNewestFirstAndPageByCursor() {
    store.append(List.of(entry(1, "a", "b", 201), entry(3, "a", "b", 203)));
    store.append(List.of(entry(2, "a", "b", 202)));
    List<AuditEntry> first = store.list(AuditQuery.newest(2));
    assertEquals(List.of(203, 202), first.stream().map(e -> e.result().status()).toList());
    assertEquals(List.of(201), statuses(AuditQuery.newest(2).before(first.get(1).id())));
  }

  @Test
  void entriesFilterByBotAndByActor() {
    store.append(
        List.of(
            entry(1, "billing", "bot-1", 201),
            entry(2, "sync", "bot-1", 202),
            entry(3, "billing", "bot-2", 203)));
    assertEquals(List.of(202, 201), statuses(AuditQuery.newest(10).botId("bot-1")));
    assertEquals(List.of(203, 201), statuses(AuditQuery.newest(10).actorName("billing")));
    assertEquals(List.of(201), statuses(AuditQuery.newest(10).botId("bot-1").actorName("billing")));
  }

  @Test
  void deletingBeforeACutoffKeepsTheNewerEntries() {
    store.append(
        List.of(entry(1, "a", "b", 201), entry(2, "a", "b", 202), entry(3, "a", "b", 203)));
    assertEquals(2, store.deleteBefore(T0.plusSeconds(3)));
    assertEquals(List.of(203), statuses(AuditQuery.newest(10)));
  }
}

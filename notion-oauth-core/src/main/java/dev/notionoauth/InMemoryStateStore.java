package dev.notionoauth;

import dev.notionoauth.spi.StateStore;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link StateStore} in this process's memory: the default for one instance. States do not
 * survive a restart and are not shared between instances; use the JDBC store for that.
 *
 * <p>Bounded: expired states are purged every 1,000 saves, and once {@code maxStates} are pending a
 * new save throws {@link NotionOAuthException} (the flow then answers "try again later"). The use
 * records of sealed states are kept apart, at most {@code maxStates} of them: when full, expired
 * ones go first, then the oldest, so a flood of callbacks can never make every later one fail
 * (review 2026-12b, L3). Evicting an unexpired record would let its state be used once more, which
 * still needs its browser's cookie and a fresh code from Notion.
 */
public final class InMemoryStateStore implements StateStore {
  private final ConcurrentMap<String, StoredState> states = new ConcurrentHashMap<>();

  /** Use records of sealed states, oldest first; guarded by itself. */
  private final LinkedHashMap<String, StoredState> used = new LinkedHashMap<>();

  /** Result pages linked to used states, dropped with their states. */
  private final ConcurrentMap<String, String> results = new ConcurrentHashMap<>();

  private final AtomicInteger saves = new AtomicInteger();
  private final int maxStates;

  /** A store of at most 100,000 states. */
  public InMemoryStateStore() {
    this(100_000);
  }

  /**
   * A store of at most {@code maxStates} states.
   *
   * @param maxStates the bound
   */
  public InMemoryStateStore(int maxStates) {
    this.maxStates = maxStates;
  }

  private volatile long lastFullPurge;

  @Override
  public void save(StoredState state) {
    bound(state.createdAt());
    states.put(state.stateHash(), state);
  }

  private void bound(Instant now) {
    boolean fullNow = states.size() >= maxStates;
    long millis = now.toEpochMilli();
    // when full, one scan a second at most: a flood must not buy an O(n) scan per request
    if (saves.incrementAndGet() % 1000 == 0 || (fullNow && millis - lastFullPurge > 1000)) {
      lastFullPurge = millis;
      purgeExpired(now);
    }
    if (states.size() >= maxStates) {
      throw new NotionOAuthException("too many flows in progress; try again later");
    }
  }

  @Override
  public Optional<StoredState> find(String stateHash) {
    StoredState s = states.get(stateHash);
    if (s != null) {
      return Optional.of(s);
    }
    synchronized (used) {
      return Optional.ofNullable(used.get(stateHash));
    }
  }

  @Override
  public boolean consume(String stateHash, Instant now) {
    AtomicBoolean won = new AtomicBoolean();
    states.computeIfPresent(
        stateHash,
        (hash, s) -> {
          if (s.isConsumed() || s.isExpired(now)) {
            return s;
          }
          won.set(true);
          return new StoredState(
              s.stateHash(), s.bindingHash(), s.context(), s.createdAt(), s.expiresAt(), now);
        });
    return won.get();
  }

  /** Never refuses: when full, makes room (expired records first, then the oldest). */
  @Override
  public boolean recordUse(StoredState record) {
    Instant now = java.util.Objects.requireNonNull(record.consumedAt(), "consumedAt");
    if (states.containsKey(record.stateHash())) {
      return false;
    }
    synchronized (used) {
      if (used.containsKey(record.stateHash())) {
        return false;
      }
      if (used.size() >= maxStates) {
        used.values().removeIf(s -> s.isExpired(now));
      }
      Iterator<String> oldest = used.keySet().iterator();
      while (used.size() >= maxStates && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
      used.put(record.stateHash(), record);
      return true;
    }
  }

  @Override
  public void linkResult(String stateHash, String resultPageId) {
    if (find(stateHash).isPresent()) {
      results.put(stateHash, resultPageId);
    }
  }

  @Override
  public Optional<String> linkedResult(String stateHash) {
    return Optional.ofNullable(results.get(stateHash));
  }

  @Override
  public int purgeExpired(Instant now) {
    int before = size();
    states.values().removeIf(s -> s.isExpired(now));
    synchronized (used) {
      used.values().removeIf(s -> s.isExpired(now));
    }
    results.keySet().removeIf(hash -> find(hash).isEmpty());
    return Math.max(0, before - size());
  }

  /** How many states are held (pending or used, until purged). */
  public int size() {
    synchronized (used) {
      return states.size() + used.size();
    }
  }
}

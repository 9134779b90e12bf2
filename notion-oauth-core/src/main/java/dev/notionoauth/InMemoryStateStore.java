package dev.notionoauth;

import dev.notionoauth.spi.StateStore;
import java.time.Instant;
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
 * new save throws {@link NotionOAuthException} (the flow then answers "try again later").
 */
public final class InMemoryStateStore implements StateStore {
  private final ConcurrentMap<String, StoredState> states = new ConcurrentHashMap<>();
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
    long nanos = System.nanoTime();
    // when full, one scan a second at most: a flood must not buy an O(n) scan per request
    if (saves.incrementAndGet() % 1000 == 0
        || (fullNow && nanos - lastFullPurge > 1_000_000_000L)) {
      lastFullPurge = nanos;
      purgeExpired(now);
    }
    if (states.size() >= maxStates) {
      throw new NotionOAuthException("too many flows in progress; try again later");
    }
  }

  @Override
  public Optional<StoredState> find(String stateHash) {
    return Optional.ofNullable(states.get(stateHash));
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

  /** One {@code putIfAbsent}; bounded like {@link #save}. */
  @Override
  public boolean recordUse(StoredState used) {
    Instant now = java.util.Objects.requireNonNull(used.consumedAt(), "consumedAt");
    if (states.containsKey(used.stateHash())) {
      return false;
    }
    bound(now);
    return states.putIfAbsent(used.stateHash(), used) == null;
  }

  @Override
  public int purgeExpired(Instant now) {
    int before = states.size();
    states.values().removeIf(s -> s.isExpired(now));
    return Math.max(0, before - states.size());
  }

  /** How many states are held (pending or used, until purged). */
  public int size() {
    return states.size();
  }
}

package dev.notionoauth;

import dev.notionoauth.spi.InstallationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory installation store that lets a test act at the two moments a race needs: just before
 * a refresh's result is written, and just before a health change is written. Each hook runs once.
 */
final class InterceptingStore implements InstallationStore {
  private final InMemoryInstallationStore delegate = new InMemoryInstallationStore();
  private @Nullable Runnable beforeCompleteLease;
  private @Nullable Runnable beforeSetHealth;
  private @Nullable Runnable afterFind;
  private @Nullable Installation lastRefreshed;

  /** Runs {@code hook} once, right before the next refresh result is written. */
  void beforeCompleteLease(Runnable hook) {
    this.beforeCompleteLease = hook;
  }

  /** Runs {@code hook} once, right before the next health change is written. */
  void beforeSetHealth(Runnable hook) {
    this.beforeSetHealth = hook;
  }

  /** Runs {@code hook} once, right after the next lookup read its row (before it is returned). */
  void afterNextFind(Runnable hook) {
    this.afterFind = hook;
  }

  /** The installation the last refresh tried to store (with the pair Notion handed out). */
  Installation lastRefreshed() {
    return java.util.Objects.requireNonNull(lastRefreshed);
  }

  private static void once(@Nullable Runnable hook, Consumer<@Nullable Runnable> clear) {
    if (hook != null) {
      clear.accept(null);
      hook.run();
    }
  }

  @Override
  public boolean completeLease(Installation refreshed, long expectedVersion) {
    lastRefreshed = refreshed;
    once(beforeCompleteLease, h -> beforeCompleteLease = h);
    return delegate.completeLease(refreshed, expectedVersion);
  }

  @Override
  public boolean setHealth(String botId, Installation.Health health) {
    once(beforeSetHealth, h -> beforeSetHealth = h);
    return delegate.setHealth(botId, health);
  }

  @Override
  public Installation upsert(Installation installation) {
    return delegate.upsert(installation);
  }

  @Override
  public Optional<Installation> find(String botId) {
    Optional<Installation> found = delegate.find(botId);
    once(afterFind, h -> afterFind = h);
    return found;
  }

  @Override
  public List<Installation> findByWorkspace(String workspaceId) {
    return delegate.findByWorkspace(workspaceId);
  }

  @Override
  public List<Installation> findByContext(String key, String value) {
    return delegate.findByContext(key, value);
  }

  @Override
  public List<Installation> list(@Nullable String afterBotId, int limit) {
    return delegate.list(afterBotId, limit);
  }

  @Override
  public long count() {
    return delegate.count();
  }

  @Override
  public boolean tryLease(
      String botId, long expectedVersion, String owner, Instant until, Instant now) {
    return delegate.tryLease(botId, expectedVersion, owner, until, now);
  }

  @Override
  public void releaseLease(String botId, String owner) {
    delegate.releaseLease(botId, owner);
  }

  @Override
  public boolean bind(String botId, FlowContext context, Instant now) {
    return delegate.bind(botId, context, now);
  }

  @Override
  public boolean delete(String botId) {
    return delegate.delete(botId);
  }
}

package dev.notionoauth.server;

import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.spi.InstallationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Delegates everything; tests override what they break. */
class ForwardingInstallationStore implements InstallationStore {
  private final InstallationStore delegate;

  ForwardingInstallationStore(InstallationStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Installation upsert(Installation installation) {
    return delegate.upsert(installation);
  }

  @Override
  public Optional<Installation> find(String botId) {
    return delegate.find(botId);
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
  public boolean completeLease(Installation refreshed, long expectedVersion) {
    return delegate.completeLease(refreshed, expectedVersion);
  }

  @Override
  public void releaseLease(String botId, String owner) {
    delegate.releaseLease(botId, owner);
  }

  @Override
  public boolean setHealth(String botId, Installation.Health health) {
    return delegate.setHealth(botId, health);
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

package dev.notionoauth;

import dev.notionoauth.spi.InstallationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InstallationStore} in this process's memory, for tests and trials: nothing survives a
 * restart and tokens are not encrypted. Every method is synchronized.
 */
public final class InMemoryInstallationStore implements InstallationStore {
  private record Lease(String owner, Instant until) {}

  private final TreeMap<String, Installation> rows = new TreeMap<>();
  private final Map<String, Lease> leases = new HashMap<>();

  @Override
  public synchronized Installation upsert(Installation i) {
    Installation old = rows.get(i.botId());
    Installation stored =
        old == null
            ? i.asStored(1, i.timestamps().created(), i.timestamps().refreshed())
            : i.asStored(
                old.tokens().version() + 1,
                old.timestamps().created(),
                old.timestamps().refreshed());
    rows.put(i.botId(), stored);
    leases.remove(i.botId());
    return stored;
  }

  @Override
  public synchronized Optional<Installation> find(String botId) {
    return Optional.ofNullable(rows.get(botId));
  }

  @Override
  public synchronized List<Installation> findByWorkspace(String workspaceId) {
    return rows.values().stream().filter(i -> i.workspace().id().equals(workspaceId)).toList();
  }

  @Override
  public synchronized List<Installation> findByContext(String key, String value) {
    return rows.values().stream().filter(i -> value.equals(i.context().values().get(key))).toList();
  }

  @Override
  public synchronized List<Installation> list(@Nullable String afterBotId, int limit) {
    Map<String, Installation> tail = afterBotId == null ? rows : rows.tailMap(afterBotId, false);
    List<Installation> page = new ArrayList<>();
    for (Installation i : tail.values()) {
      if (page.size() >= limit) {
        break;
      }
      page.add(i);
    }
    return page;
  }

  @Override
  public synchronized long count() {
    return rows.size();
  }

  @Override
  public synchronized boolean tryLease(
      String botId, long expectedVersion, String owner, Instant until, Instant now) {
    Installation i = rows.get(botId);
    if (i == null || i.tokens().version() != expectedVersion) {
      return false;
    }
    Lease lease = leases.get(botId);
    if (lease != null && lease.until().isAfter(now)) {
      return false;
    }
    leases.put(botId, new Lease(owner, until));
    return true;
  }

  @Override
  public synchronized boolean completeLease(Installation refreshed, long expectedVersion) {
    Installation i = rows.get(refreshed.botId());
    if (i == null
        || i.tokens().version() != expectedVersion
        || i.status() != Installation.Status.ACTIVE) {
      return false;
    }
    rows.put(i.botId(), i.withTokensOf(refreshed));
    leases.remove(i.botId());
    return true;
  }

  @Override
  public synchronized void releaseLease(String botId, String owner) {
    Lease lease = leases.get(botId);
    if (lease != null && lease.owner().equals(owner)) {
      leases.remove(botId);
    }
  }

  @Override
  public synchronized boolean setHealth(String botId, Installation.Health health) {
    Installation i = rows.get(botId);
    if (i == null || i.status() == health.status() || i.status() == Installation.Status.REVOKED) {
      return false; // a revoked installation stays revoked until it is authorized again
    }
    Installation changed = i.withHealth(health);
    if (health.status() == Installation.Status.REVOKED) {
      changed =
          changed.asStored(
              i.tokens().version() + 1, i.timestamps().created(), i.timestamps().refreshed());
      leases.remove(botId);
    }
    rows.put(botId, changed);
    return true;
  }

  @Override
  public synchronized boolean bind(String botId, FlowContext context, Instant now) {
    Installation i = rows.get(botId);
    if (i == null || i.bound()) {
      return false;
    }
    rows.put(botId, i.withContext(context, now));
    return true;
  }

  @Override
  public synchronized boolean delete(String botId) {
    leases.remove(botId);
    return rows.remove(botId) != null;
  }
}

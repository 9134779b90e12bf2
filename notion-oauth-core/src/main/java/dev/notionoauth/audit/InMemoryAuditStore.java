package dev.notionoauth.audit;

import dev.notionoauth.spi.AuditStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** The audit trail in this process's memory: for tests and single-process apps without a store. */
public final class InMemoryAuditStore implements AuditStore {
  private final ConcurrentSkipListMap<String, AuditEntry> entries = new ConcurrentSkipListMap<>();

  @Override
  public void append(List<AuditEntry> batch) {
    batch.forEach(e -> entries.put(e.id(), e));
  }

  @Override
  public List<AuditEntry> list(AuditQuery query) {
    return entries.descendingMap().values().stream()
        .filter(query::matches)
        .limit(query.limit())
        .toList();
  }

  @Override
  public int deleteBefore(Instant cutoff) {
    int[] removed = {0};
    entries.values().removeIf(e -> e.at().isBefore(cutoff) && ++removed[0] > 0);
    return removed[0];
  }
}

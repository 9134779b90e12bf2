package dev.notionoauth.spi;

import dev.notionoauth.audit.AuditEntry;
import dev.notionoauth.audit.AuditQuery;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the audit trail. Called by {@link dev.notionoauth.audit.AuditLog} (in batches, off the
 * request thread) and by {@code audit list}. Implementations must be safe for concurrent use across
 * processes.
 *
 * <p>Built in: {@link dev.notionoauth.audit.InMemoryAuditStore}; the JDBC store (SQLite or
 * PostgreSQL) is in {@code notion-oauth-store-jdbc}.
 */
public interface AuditStore {

  /** Adds entries (their ids are unique). */
  void append(List<AuditEntry> entries);

  /** The entries {@code query} selects, newest (highest id) first. */
  List<AuditEntry> list(AuditQuery query);

  /**
   * Removes the entries older than {@code cutoff}.
   *
   * @return how many
   */
  int deleteBefore(Instant cutoff);
}

package dev.notionoauth.store.jdbc;

import dev.notionoauth.StoredState;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import dev.notionoauth.store.jdbc.internal.Rows;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * States in the {@code oauth_state} table: shared by every instance on the same database, and kept
 * across restarts. Consuming is one conditional {@code UPDATE}; the row count decides the single
 * winner.
 */
public final class JdbcStateStore implements StateStore {
  private final Jdbc jdbc;
  private final java.util.concurrent.atomic.AtomicInteger saves =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Creates the store over a migrated database. */
  public JdbcStateStore(DataSource db) {
    this.jdbc = new Jdbc(db);
  }

  /** Saves a state; every 500th save also deletes expired ones. */
  @Override
  public void save(StoredState s) {
    if (saves.incrementAndGet() % 500 == 0) {
      purgeExpired(s.createdAt());
    }
    jdbc.update(
        "saving a state",
        "INSERT INTO oauth_state (state_hash, binding_hash, context, created_at, expires_at,"
            + " consumed_at) VALUES (?, ?, ?, ?, ?, NULL)",
        ps -> {
          ps.setString(1, s.stateHash());
          ps.setString(2, s.bindingHash());
          ps.setString(3, Rows.contextJson(s.context()));
          ps.setLong(4, Rows.millis(s.createdAt()));
          ps.setLong(5, Rows.millis(s.expiresAt()));
        });
  }

  @Override
  public Optional<StoredState> find(String stateHash) {
    return jdbc.queryOne(
        "reading a state",
        "SELECT binding_hash, context, created_at, expires_at, consumed_at FROM oauth_state WHERE"
            + " state_hash = ?",
        ps -> ps.setString(1, stateHash),
        rs -> {
          Long consumed = Jdbc.nullableLong(rs, 5);
          return new StoredState(
              stateHash,
              rs.getString(1),
              Rows.context(rs.getString(2)),
              Instant.ofEpochMilli(rs.getLong(3)),
              Instant.ofEpochMilli(rs.getLong(4)),
              consumed == null ? null : Instant.ofEpochMilli(consumed));
        });
  }

  @Override
  public boolean consume(String stateHash, Instant now) {
    // a repeat after a lost answer finds the state consumed: refused, never exchanged twice
    return jdbc.update(
            "consuming a state",
            "UPDATE oauth_state SET consumed_at = ? WHERE state_hash = ? AND consumed_at IS NULL"
                + " AND expires_at > ?",
            ps -> {
              ps.setLong(1, Rows.millis(now));
              ps.setString(2, stateHash);
              ps.setLong(3, Rows.millis(now));
            })
        == 1;
  }

  @Override
  public int purgeExpired(Instant now) {
    return jdbc.update(
        "purging states",
        "DELETE FROM oauth_state WHERE expires_at <= ?",
        ps -> ps.setLong(1, Rows.millis(now)));
  }
}

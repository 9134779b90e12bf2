package dev.notionoauth.store.jdbc;

import dev.notionoauth.NotionOAuthException;
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
  /** The default cap on pending (unused, unexpired) states. */
  public static final int DEFAULT_MAX_PENDING = 200_000;

  private final Jdbc jdbc;
  private final int maxPending;
  private volatile boolean full;

  /** Creates the store over a migrated database, with the default cap. */
  public JdbcStateStore(DataSource db) {
    this(db, DEFAULT_MAX_PENDING);
  }

  /**
   * Creates the store over a migrated database.
   *
   * @param db the database
   * @param maxPending pending states beyond which new flows are refused until some end or expire
   */
  public JdbcStateStore(DataSource db, int maxPending) {
    this.jdbc = new Jdbc(db);
    this.maxPending = maxPending;
  }

  /**
   * Saves a state, unless the table holds {@code maxPending} pending states (as last counted by
   * {@link #countPending}): then the flow answers "try again later" rather than the table growing
   * without bound. No maintenance runs here: expired rows go in the background ({@link
   * JdbcStores}).
   */
  @Override
  public void save(StoredState s) {
    if (full) {
      throw new NotionOAuthException("too many flows in progress; try again later");
    }
    insert("saving a state", s, "");
  }

  /** One insert of a record as it is, consumed or not; {@code tail} ends the statement. */
  private int insert(String what, StoredState s, String tail) {
    return jdbc.update(
        what,
        "INSERT INTO oauth_state (state_hash, binding_hash, context, created_at, expires_at,"
            + " consumed_at) VALUES (?, ?, ?, ?, ?, ?)"
            + tail,
        ps -> {
          ps.setString(1, s.stateHash());
          ps.setString(2, s.bindingHash());
          ps.setString(3, Rows.contextJson(s.context()));
          ps.setLong(4, Rows.millis(s.createdAt()));
          ps.setLong(5, Rows.millis(s.expiresAt()));
          Instant consumed = s.consumedAt();
          Jdbc.setNullable(ps, 6, consumed == null ? null : Rows.millis(consumed));
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

  /**
   * One conditional insert of the used record (SQLite and PostgreSQL both read {@code ON CONFLICT
   * DO NOTHING}); the row count decides the single winner. Not subject to the pending cap: the row
   * is already used, and it goes with the expired ones.
   */
  @Override
  public boolean recordUse(StoredState used) {
    java.util.Objects.requireNonNull(used.consumedAt(), "consumedAt");
    return insert("recording a used state", used, " ON CONFLICT (state_hash) DO NOTHING") == 1;
  }

  /** One update of the used state's row, in the callback's commit. */
  @Override
  public void linkResult(String stateHash, String resultPageId) {
    jdbc.update(
        "linking a result page to its state",
        "UPDATE oauth_state SET result_page_id = ? WHERE state_hash = ?",
        ps -> {
          ps.setString(1, resultPageId);
          ps.setString(2, stateHash);
        });
  }

  @Override
  public Optional<String> linkedResult(String stateHash) {
    return jdbc.queryOne(
            "reading a state's result page",
            "SELECT result_page_id FROM oauth_state WHERE state_hash = ?",
            ps -> ps.setString(1, stateHash),
            rs -> Optional.ofNullable(rs.getString(1)))
        .flatMap(id -> id);
  }

  /**
   * Counts the pending states (unused, unexpired) and remembers whether the cap is reached; called
   * by the maintenance thread, so requests never pay for it.
   */
  public long countPending(Instant now) {
    long pending =
        jdbc.queryOne(
                "counting pending states",
                "SELECT COUNT(*) FROM oauth_state WHERE consumed_at IS NULL AND expires_at > ?",
                ps -> ps.setLong(1, Rows.millis(now)),
                rs -> rs.getLong(1))
            .orElse(0L);
    full = pending >= maxPending;
    return pending;
  }

  @Override
  public int purgeExpired(Instant now) {
    return jdbc.update(
        "purging states",
        "DELETE FROM oauth_state WHERE expires_at <= ?",
        ps -> ps.setLong(1, Rows.millis(now)));
  }
}

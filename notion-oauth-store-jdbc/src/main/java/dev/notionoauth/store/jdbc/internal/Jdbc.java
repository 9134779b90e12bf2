package dev.notionoauth.store.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.notionoauth.NotionOAuthException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC plumbing the three stores share: a connection per unit of work (retried once on a fresh
 * connection when the pooled one turned out dead), transactions, parameterised queries and updates.
 * Failures become a {@link NotionOAuthException} naming what was being done and the SQLState, never
 * the SQL text or values (which could hold secrets). Small enough not to be worth Jdbi.
 */
public final class Jdbc {
  private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

  private final DataSource db;

  /**
   * SQLite admits one writer at a time, and a writer that finds the database locked waits in
   * SQLite's busy handler: sleeps of 1, 2, 5, 10… ms and a retry. Under load those sleeps cost more
   * than the writes (the benchmark's callbacks spent about 0.8 sleeps each). So this process's
   * writers to one SQLite database queue on one lock and SQLite only waits for other processes (the
   * command-line tools). Readers never take it: WAL readers do not block. Keyed by the data source,
   * so every store over one database shares it.
   */
  private static final Map<DataSource, Writers> SQLITE_WRITERS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** This database's writers once known to be SQLite; {@link #NOT_SQLITE} for another database. */
  private volatile @Nullable Writers writers;

  private static final Writers NOT_SQLITE = new Writers();

  /**
   * The lock this process's writers to one SQLite database queue on and, when the stores own the
   * pool, the one connection they write on. SQLite drops a connection's whole page cache whenever
   * another connection changed the database, so writes spread over the pool re-read every page they
   * touch (~40 reads per callback under strace); on one writing connection its cache stays warm
   * (measured: ~10% less CPU per callback). Readers keep using the pool.
   */
  private static final class Writers {
    final Lock lock = new ReentrantLock();

    /** Where the writing connection comes from, or null to borrow one from the pool per write. */
    @Nullable DataSource source;

    /** The writing connection, opened on the first write (guarded by {@link #lock}). */
    @Nullable Connection connection;
  }

  /** Plumbing over a migrated database. */
  public Jdbc(DataSource db) {
    this.db = db;
  }

  /** Work that writes: one at a time per SQLite database (see {@link #SQLITE_WRITERS}). */
  private <T> T write(String what, Work<T> work) {
    Writers w = writers();
    if (w == NOT_SQLITE) {
      return withConnection(what, work);
    }
    w.lock.lock();
    try {
      DataSource source = w.source;
      return source == null ? withConnection(what, work) : onWriter(w, source, what, work);
    } finally {
      w.lock.unlock();
    }
  }

  /** Runs work on the kept writing connection (the caller holds the lock). */
  private static <T> T onWriter(Writers w, DataSource source, String what, Work<T> work) {
    try {
      Connection c = w.connection;
      if (c == null) {
        c = source.getConnection();
        w.connection = c;
      }
      return work.run(c);
    } catch (SQLException e) {
      // a fresh connection for the next write: this one may be in any state
      closeWriter(w);
      throw failure(what, e);
    }
  }

  /**
   * Makes this process's writes to a SQLite pool go through one kept connection from {@code source}
   * (a data source outside the pool). Called by the stores when they open the pool; {@link
   * #releaseWriter} when they close it.
   */
  public static void dedicateWriter(DataSource pool, DataSource source) {
    Writers w = SQLITE_WRITERS.computeIfAbsent(pool, k -> new Writers());
    w.lock.lock();
    try {
      w.source = source;
    } finally {
      w.lock.unlock();
    }
  }

  /** Closes the kept writing connection of a pool, if any (after the last write). */
  public static void releaseWriter(DataSource pool) {
    Writers w = SQLITE_WRITERS.remove(pool);
    if (w != null) {
      w.lock.lock();
      try {
        w.source = null;
        closeWriter(w);
      } finally {
        w.lock.unlock();
      }
    }
  }

  private static void closeWriter(Writers w) {
    Connection c = w.connection;
    w.connection = null;
    if (c != null) {
      closeQuietly(c);
    }
  }

  /** Closes a connection that may be broken; the pool replaces it. */
  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }

  private Writers writers() {
    Writers w = writers;
    if (w != null) {
      return w;
    }
    String url;
    try (Connection c = db.getConnection()) {
      url = c.getMetaData().getURL();
    } catch (SQLException e) {
      return NOT_SQLITE; // undecided (database unreachable): the write fails on its own
    }
    w =
        url != null && url.startsWith("jdbc:sqlite:")
            ? SQLITE_WRITERS.computeIfAbsent(db, k -> new Writers())
            : NOT_SQLITE;
    writers = w;
    return w;
  }

  /** Work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    /** Does the work. */
    T run(Connection connection) throws SQLException;
  }

  /** Sets a statement's parameters. */
  @FunctionalInterface
  public interface Binder {
    /** Sets the parameters. */
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Maps the current row. */
  @FunctionalInterface
  public interface RowMapper<T> {
    /** Maps the row the result set is on. */
    T map(ResultSet rs) throws SQLException;
  }

  /**
   * Runs work on a pooled connection. If that connection turns out to be dead (the database
   * restarted, or dropped its connections) the pool's idle connections are replaced and the work
   * runs once more on a fresh one, so the first request after a database restart does not fail. A
   * write whose answer was lost with its connection is repeated safely: every write here either
   * inserts under a fresh random key (a repeat fails, never duplicates), is conditional (a repeat
   * changes nothing), or is an upsert. Failing to get a connection at all is not retried: the pool
   * has already waited.
   *
   * @param what what is being done, for the error message ("reading a state")
   */
  public <T> T withConnection(String what, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      Connection c;
      try {
        c = db.getConnection();
      } catch (SQLException e) {
        throw failure(what, e);
      }
      try (c) {
        return work.run(c);
      } catch (SQLException e) {
        if (attempt > 1 || !isDeadConnection(e)) {
          throw failure(what, e);
        }
        LOG.info(
            "A pooled database connection was dead (SQLState {}); replacing the pool's idle"
                + " connections and retrying",
            e.getSQLState());
        // one dead connection means the database restarted: its siblings are dead too
        if (db instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
          pool.getHikariPoolMXBean().softEvictConnections();
        }
      }
    }
  }

  /**
   * Runs {@code work} so that the statements it makes on this database from this thread share one
   * commit ({@code OneCommit}). On SQLite each still commits on its own: in WAL mode with {@code
   * synchronous=NORMAL} a commit is no flush (grouping measured no faster), and holding the one
   * writer lock while the step's consumers run would make every other writer wait on them.
   */
  public <T> T inOneCommit(Supplier<T> work) {
    return writers() != NOT_SQLITE ? work.get() : OneCommit.step(db, work);
  }

  /**
   * Runs work in one transaction: committed if it returns, rolled back if it throws. Inside {@link
   * #inOneCommit} it joins that step's transaction instead (undone alone if it throws).
   */
  public <T> T inTransaction(String what, Work<T> work) {
    OneCommit step = OneCommit.on(db);
    if (step != null) {
      return step.run(what, work);
    }
    return write(
        what,
        conn -> {
          boolean auto = conn.getAutoCommit();
          conn.setAutoCommit(false);
          try {
            T result = work.run(conn);
            conn.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            rollbackQuietly(conn);
            throw e;
          } finally {
            restoreAutoCommit(conn, auto);
          }
        });
  }

  /**
   * Runs one statement outside any transaction while none of this process's writers run (on SQLite:
   * a {@code TRUNCATE} checkpoint blocks writers while it waits for readers, and they would
   * otherwise wait in SQLite's sleeping busy handler).
   */
  public void exclusively(String what, String sql) {
    write(
        what,
        conn -> {
          try (java.sql.Statement st = conn.createStatement()) {
            st.execute(sql);
          }
          return Boolean.TRUE;
        });
  }

  /** Runs one update; returns the rows changed. */
  public int update(String what, String sql, Binder binder) {
    OneCommit step = OneCommit.on(db);
    if (step != null) {
      return step.run(what, conn -> update(conn, sql, binder));
    }
    return write(what, conn -> update(conn, sql, binder));
  }

  /** Runs one update on a connection already held (inside a transaction). */
  public static int update(Connection conn, String sql, Binder binder) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    }
  }

  /** Runs one query; returns every row mapped. */
  public <T> List<T> query(String what, String sql, Binder binder, RowMapper<T> mapper) {
    OneCommit step = OneCommit.on(db);
    if (step != null && step.holdsConnection()) {
      return step.run(what, conn -> query(conn, sql, binder, mapper)); // sees the step's writes
    }
    return withConnection(what, conn -> query(conn, sql, binder, mapper));
  }

  /** Runs one query on a connection already held. */
  public static <T> List<T> query(Connection conn, String sql, Binder binder, RowMapper<T> mapper)
      throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      binder.bind(ps);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    }
  }

  /** Runs a query expected to find at most one row. */
  public <T> Optional<T> queryOne(String what, String sql, Binder binder, RowMapper<T> mapper) {
    List<T> rows = query(what, sql, binder, mapper);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Sets a text parameter that may be null. */
  public static void setNullable(PreparedStatement ps, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  /** Sets a number parameter that may be null. */
  public static void setNullable(PreparedStatement ps, int index, @Nullable Long value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  /** A nullable number column. */
  public static @Nullable Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /** Connection exceptions (class 08) and PostgreSQL's shutdown codes (57P01..57P03). */
  public static boolean isDeadConnection(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P0"));
  }

  static NotionOAuthException failure(String what, SQLException e) {
    return new NotionOAuthException(
        "database failure while " + what + " (SQLState " + e.getSQLState() + ")", null, e);
  }

  /**
   * Restoring fails on a dead connection; the pool resets it anyway, and the first failure counts.
   */
  static void restoreAutoCommit(Connection conn, boolean auto) {
    try {
      conn.setAutoCommit(auto);
    } catch (SQLException e) {
      // the connection is gone
    }
  }

  /** A rollback on a dead connection fails too; the original failure is the one worth reporting. */
  static void rollbackQuietly(Connection conn) {
    try {
      conn.rollback();
    } catch (SQLException e) {
      // the connection is gone; the database rolls back on its own
    }
  }
}

package dev.notionoauth.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The transaction one step's writes join ({@code StoreCommits} over JDBC): opened on a pooled
 * connection by the first statement, kept by the calling thread until the step returns, then
 * committed once. Every statement after the first runs behind a savepoint, so one that fails is
 * undone alone and the step can go on (retry, or store its result page elsewhere). If the
 * connection dies after something was written, the whole step fails at its end: nothing of it was
 * kept.
 */
final class OneCommit {
  private static final ThreadLocal<@Nullable OneCommit> CURRENT = new ThreadLocal<>();

  private final DataSource db;

  /** The transaction's connection, opened by its first write. */
  private @Nullable Connection connection;

  /** Something succeeded in the transaction (later statements need a savepoint). */
  private boolean used;

  /** The connection died after writes: the step cannot commit. */
  private boolean lost;

  private OneCommit(DataSource db) {
    this.db = db;
  }

  /** The step the calling thread runs over {@code db}, if any. */
  static @Nullable OneCommit on(DataSource db) {
    OneCommit current = CURRENT.get();
    return current != null && current.db == db ? current : null;
  }

  /** Runs a step: its statements on {@code db} share one commit; a nested step joins the outer. */
  static <T> T step(DataSource db, Supplier<T> work) {
    if (CURRENT.get() != null) {
      return work.get();
    }
    OneCommit step = new OneCommit(db);
    CURRENT.set(step);
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      CURRENT.remove();
      step.end(false);
      throw e;
    }
    CURRENT.remove();
    step.end(true);
    return result;
  }

  /** Whether reads should run here: only once the transaction holds writes they must see. */
  boolean holdsConnection() {
    return connection != null;
  }

  /** Runs statements in the transaction; if they fail, they are undone and nothing else. */
  <T> T run(String what, Jdbc.Work<T> work) {
    if (lost) {
      throw Jdbc.failure(what, new SQLException("this step's connection was lost", "08003"));
    }
    Connection c = connection;
    Savepoint before = null;
    try {
      if (c == null) {
        c = db.getConnection();
        connection = c;
        c.setAutoCommit(false);
      } else if (used) {
        before = c.setSavepoint();
      }
      T result = work.run(c);
      used = true;
      return result;
    } catch (SQLException e) {
      undo(c, before, e);
      throw Jdbc.failure(what, e);
    }
  }

  private void undo(@Nullable Connection c, @Nullable Savepoint before, SQLException cause) {
    if (c == null) {
      return; // no connection: nothing ran
    }
    try {
      if (Jdbc.isDeadConnection(cause)) {
        throw cause;
      }
      if (before != null) {
        c.rollback(before);
      } else {
        c.rollback(); // nothing had succeeded: the transaction starts again
      }
    } catch (SQLException e) {
      // the connection is unusable: what it held is gone, and so is the step if it held writes
      lost = used;
      used = false;
      connection = null;
      Jdbc.closeQuietly(c);
    }
  }

  /** Commits (or rolls back) and returns the connection to the pool. */
  private void end(boolean commit) {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        if (commit) {
          c.commit();
        } else {
          c.rollback();
        }
      } catch (SQLException e) {
        Jdbc.rollbackQuietly(c);
        if (commit) {
          throw Jdbc.failure("committing a step's writes", e);
        }
      } finally {
        Jdbc.restoreAutoCommit(c, true);
        Jdbc.closeQuietly(c);
      }
    }
    if (commit && lost) {
      throw Jdbc.failure(
          "committing a step's writes", new SQLException("the connection was lost", "08003"));
    }
  }
}

package dev.notionoauth.store.jdbc.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * SQLite connections that keep their prepared statements, for the pool to hand out.
 *
 * <p>Why this exists: SQLite compiles a statement's SQL on every {@code prepareStatement}, and
 * neither sqlite-jdbc nor HikariCP caches statements (PostgreSQL's driver does, server side). In
 * the benchmark's profile, compiling the same eight statements per callback was about a sixth of
 * the server's CPU. Each connection here keeps its 64 most recently used statements by SQL text; a
 * statement's {@code close} clears its parameters and leaves it ready for the next use on the same
 * connection (a pooled connection is used by one thread at a time, so this needs no locking).
 * Closing the connection closes them all. Small enough, and narrow enough (one driver, one use),
 * that a general statement-caching layer would be more weight than it saves.
 */
public final class SqliteDataSource implements DataSource {
  private static final int STATEMENTS_PER_CONNECTION = 64;

  private final String url;
  private final Properties properties;
  private final org.sqlite.JDBC driver = new org.sqlite.JDBC();

  /**
   * Connections to {@code url} with the driver's properties (pragmas such as {@code journal_mode}).
   */
  public SqliteDataSource(String url, Properties properties) {
    this.url = url;
    this.properties = (Properties) properties.clone();
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = driver.connect(url, properties);
    if (real == null) {
      throw new SQLException("not a SQLite URL", "08001");
    }
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new CachingConnection(real));
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public @Nullable PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  /**
   * Five seconds: Hikari waits this long for connections being opened when the pool closes (with 0
   * it gave up at once and warned "Timed-out waiting for add connection executor to shutdown"
   * whenever a short-lived pool, such as the {@code check} command's, closed while filling).
   */
  @Override
  public int getLoginTimeout() {
    return 5;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  private static @Nullable Object call(Object target, Method m, Object @Nullable [] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() == null ? e : e.getCause();
    }
  }

  /** A connection whose one-argument {@code prepareStatement} reuses statements. */
  private static final class CachingConnection implements InvocationHandler {
    private final Connection real;
    private final Map<String, PreparedStatement> statements =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= STATEMENTS_PER_CONNECTION) {
              return false;
            }
            closeQuietly(eldest.getValue());
            return true;
          }
        };

    /** Kept statements handed out and not closed yet. */
    private final java.util.Set<PreparedStatement> leased =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    CachingConnection(Connection real) {
      this.real = real;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method m, Object @Nullable [] args)
        throws Throwable {
      String name = m.getName();
      if (name.equals("prepareStatement") && args != null && args.length == 1) {
        return reused((String) args[0]);
      }
      if (name.equals("close")) {
        statements.values().forEach(CachingConnection::closeQuietly);
        statements.clear();
      }
      return call(real, m, args);
    }

    private PreparedStatement reused(String sql) throws SQLException {
      PreparedStatement ps = statements.get(sql);
      if (ps != null && leased.contains(ps)) {
        // the same SQL again while its kept statement is in use: a statement of its own
        return real.prepareStatement(sql);
      }
      if (ps == null || ps.isClosed()) {
        ps = real.prepareStatement(sql);
        statements.put(sql, ps);
      }
      return (PreparedStatement)
          Proxy.newProxyInstance(
              PreparedStatement.class.getClassLoader(),
              new Class<?>[] {PreparedStatement.class},
              new Lease(ps, leased));
    }

    private static void closeQuietly(PreparedStatement ps) {
      try {
        ps.close();
      } catch (SQLException e) {
        // closing with the connection anyway
      }
    }
  }

  /** One use of a kept statement: {@code close} readies it for the next use instead. */
  private static final class Lease implements InvocationHandler {
    private final PreparedStatement ps;
    private final java.util.Set<PreparedStatement> leased;
    private boolean closed;

    Lease(PreparedStatement ps, java.util.Set<PreparedStatement> leased) {
      this.ps = ps;
      this.leased = leased;
      leased.add(ps);
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method m, Object @Nullable [] args)
        throws Throwable {
      switch (m.getName()) {
        case "close":
          if (!closed) {
            closed = true;
            leased.remove(ps);
            ps.clearParameters();
          }
          return null;
        case "isClosed":
          return closed || ps.isClosed();
        default:
          if (closed) {
            throw new SQLException("statement is closed");
          }
          return call(ps, m, args);
      }
    }
  }
}

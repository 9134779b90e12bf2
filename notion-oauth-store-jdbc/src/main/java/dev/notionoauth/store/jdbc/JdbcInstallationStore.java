package dev.notionoauth.store.jdbc;

import dev.notionoauth.AccessToken;
import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.RefreshToken;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.store.jdbc.internal.Rows;
import dev.notionoauth.store.jdbc.internal.TokenCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Installations in the {@code installation} table (with {@code installation_context} for lookups by
 * context value). Tokens are sealed with AES-256-GCM before they reach the database and opened on
 * read; a database file copied away reveals no token. Every write is one transaction.
 */
public final class JdbcInstallationStore implements InstallationStore {
  private static final String COLUMNS =
      "bot_id, workspace_id, workspace_name, workspace_icon, owner, duplicated_template_id,"
          + " context, bound, access_token, refresh_token, key_id, status, token_version,"
          + " created_at, updated_at, refreshed_at";

  private final DataSource db;
  private final @Nullable TokenCipher cipher;

  JdbcInstallationStore(DataSource db, @Nullable TokenCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  private TokenCipher cipher() {
    if (cipher == null) {
      throw new NotionConfigException(
          "no encryption key is configured: set store.encryption-key or store.encryption-key-file");
    }
    return cipher;
  }

  @Override
  public Installation upsert(Installation i) {
    TokenCipher c = cipher();
    String access = c.seal(i.accessToken().value(), i.botId(), "access_token");
    String refresh =
        i.refreshToken() == null
            ? null
            : c.seal(i.refreshToken().value(), i.botId(), "refresh_token");
    return inTransaction(
        "storing an installation",
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "INSERT INTO installation ("
                      + COLUMNS
                      + ", lease_owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?,"
                      + " ?, ?, NULL, NULL) ON CONFLICT (bot_id) DO UPDATE SET workspace_id ="
                      + " excluded.workspace_id, workspace_name = excluded.workspace_name,"
                      + " workspace_icon = excluded.workspace_icon, owner = excluded.owner,"
                      + " duplicated_template_id = excluded.duplicated_template_id, context ="
                      + " excluded.context, bound = excluded.bound, access_token ="
                      + " excluded.access_token, refresh_token = excluded.refresh_token, key_id ="
                      + " excluded.key_id, status = excluded.status, token_version ="
                      + " installation.token_version + 1, updated_at = excluded.updated_at,"
                      + " lease_owner = NULL, lease_until = NULL")) {
            ps.setString(1, i.botId());
            ps.setString(2, i.workspaceId());
            setNullable(ps, 3, i.workspaceName());
            setNullable(ps, 4, i.workspaceIcon());
            ps.setString(5, Rows.ownerJson(i.owner()));
            setNullable(ps, 6, i.duplicatedTemplateId());
            ps.setString(7, Rows.contextJson(i.context()));
            ps.setShort(8, (short) (i.bound() ? 1 : 0));
            ps.setString(9, access);
            setNullable(ps, 10, refresh);
            ps.setString(11, c.currentId());
            ps.setString(12, i.status().name());
            ps.setLong(13, Rows.millis(i.createdAt()));
            ps.setLong(14, Rows.millis(i.updatedAt()));
            setNullable(ps, 15, i.refreshedAt() == null ? null : Rows.millis(i.refreshedAt()));
            ps.executeUpdate();
          }
          writeContext(conn, i.botId(), i.context());
          return read(conn, i.botId()).orElseThrow();
        });
  }

  @Override
  public Optional<Installation> find(String botId) {
    return JdbcStores.withConnection(db, "reading an installation", conn -> read(conn, botId));
  }

  @Override
  public List<Installation> findByWorkspace(String workspaceId) {
    return query(
        "SELECT " + COLUMNS + " FROM installation WHERE workspace_id = ? ORDER BY bot_id",
        ps -> ps.setString(1, workspaceId));
  }

  @Override
  public List<Installation> findByContext(String key, String value) {
    return query(
        "SELECT "
            + prefixed("i.")
            + " FROM installation i JOIN installation_context x ON x.bot_id = i.bot_id WHERE"
            + " x.ctx_key = ? AND x.ctx_value = ? ORDER BY i.bot_id",
        ps -> {
          ps.setString(1, key);
          ps.setString(2, value);
        });
  }

  @Override
  public List<Installation> list(@Nullable String afterBotId, int limit) {
    if (afterBotId == null) {
      return query(
          "SELECT " + COLUMNS + " FROM installation ORDER BY bot_id LIMIT ?",
          ps -> ps.setInt(1, limit));
    }
    return query(
        "SELECT " + COLUMNS + " FROM installation WHERE bot_id > ? ORDER BY bot_id LIMIT ?",
        ps -> {
          ps.setString(1, afterBotId);
          ps.setInt(2, limit);
        });
  }

  /** One installation without opening its tokens (no key needed). */
  public Optional<InstallationSummary> summary(String botId) {
    List<InstallationSummary> found = summaries(" WHERE bot_id = ?", ps -> ps.setString(1, botId));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** A page of installations without opening their tokens (no key needed). */
  public List<InstallationSummary> summaries(@Nullable String afterBotId, int limit) {
    if (afterBotId == null) {
      return summaries(" ORDER BY bot_id LIMIT ?", ps -> ps.setInt(1, limit));
    }
    return summaries(
        " WHERE bot_id > ? ORDER BY bot_id LIMIT ?",
        ps -> {
          ps.setString(1, afterBotId);
          ps.setInt(2, limit);
        });
  }

  private List<InstallationSummary> summaries(String where, Binder binder) {
    String sql =
        "SELECT bot_id, workspace_id, workspace_name, context, bound, status, token_version,"
            + " key_id, refresh_token IS NOT NULL, created_at, updated_at, refreshed_at FROM"
            + " installation"
            + where;
    return JdbcStores.withConnection(
        db,
        "listing installations",
        conn -> {
          try (PreparedStatement ps = conn.prepareStatement(sql)) {
            binder.bind(ps);
            List<InstallationSummary> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long refreshed = rs.getLong(12);
                boolean refreshedNull = rs.wasNull();
                out.add(
                    new InstallationSummary(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        Rows.context(rs.getString(4)),
                        rs.getShort(5) != 0,
                        Installation.Status.valueOf(rs.getString(6)),
                        rs.getLong(7),
                        rs.getString(8),
                        rs.getBoolean(9),
                        Instant.ofEpochMilli(rs.getLong(10)),
                        Instant.ofEpochMilli(rs.getLong(11)),
                        refreshedNull ? null : Instant.ofEpochMilli(refreshed)));
              }
            }
            return out;
          }
        });
  }

  @Override
  public long count() {
    return JdbcStores.withConnection(
        db,
        "counting installations",
        conn -> {
          try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM installation");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public boolean tryLease(
      String botId, long expectedVersion, String owner, Instant until, Instant now) {
    return update(
            "UPDATE installation SET lease_owner = ?, lease_until = ? WHERE bot_id = ? AND"
                + " token_version = ? AND (lease_until IS NULL OR lease_until <= ?)",
            ps -> {
              ps.setString(1, owner);
              ps.setLong(2, Rows.millis(until));
              ps.setString(3, botId);
              ps.setLong(4, expectedVersion);
              ps.setLong(5, Rows.millis(now));
            })
        == 1;
  }

  @Override
  public boolean completeLease(Installation r, String owner) {
    TokenCipher c = cipher();
    String access = c.seal(r.accessToken().value(), r.botId(), "access_token");
    String refresh =
        r.refreshToken() == null
            ? null
            : c.seal(r.refreshToken().value(), r.botId(), "refresh_token");
    return update(
            "UPDATE installation SET access_token = ?, refresh_token = ?, key_id = ?, status = ?,"
                + " token_version = ?, workspace_name = ?, workspace_icon = ?, updated_at = ?,"
                + " refreshed_at = ?, lease_owner = NULL, lease_until = NULL WHERE bot_id = ? AND"
                + " lease_owner = ?",
            ps -> {
              ps.setString(1, access);
              setNullable(ps, 2, refresh);
              ps.setString(3, c.currentId());
              ps.setString(4, r.status().name());
              ps.setLong(5, r.tokenVersion());
              setNullable(ps, 6, r.workspaceName());
              setNullable(ps, 7, r.workspaceIcon());
              ps.setLong(8, Rows.millis(r.updatedAt()));
              setNullable(ps, 9, r.refreshedAt() == null ? null : Rows.millis(r.refreshedAt()));
              ps.setString(10, r.botId());
              ps.setString(11, owner);
            })
        == 1;
  }

  @Override
  public void releaseLease(String botId, String owner) {
    update(
        "UPDATE installation SET lease_owner = NULL, lease_until = NULL WHERE bot_id = ? AND"
            + " lease_owner = ?",
        ps -> {
          ps.setString(1, botId);
          ps.setString(2, owner);
        });
  }

  @Override
  public boolean setStatus(String botId, Installation.Status status, Instant now) {
    return update(
            "UPDATE installation SET status = ?, updated_at = ? WHERE bot_id = ?",
            ps -> {
              ps.setString(1, status.name());
              ps.setLong(2, Rows.millis(now));
              ps.setString(3, botId);
            })
        == 1;
  }

  @Override
  public boolean bind(String botId, FlowContext context, Instant now) {
    return inTransaction(
        "linking an installation",
        conn -> {
          int n;
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "UPDATE installation SET context = ?, bound = 1, updated_at = ? WHERE bot_id = ?")) {
            ps.setString(1, Rows.contextJson(context));
            ps.setLong(2, Rows.millis(now));
            ps.setString(3, botId);
            n = ps.executeUpdate();
          }
          if (n == 1) {
            writeContext(conn, botId, context);
          }
          return n == 1;
        });
  }

  @Override
  public boolean delete(String botId) {
    return inTransaction(
        "deleting an installation",
        conn -> {
          try (PreparedStatement ctx =
                  conn.prepareStatement("DELETE FROM installation_context WHERE bot_id = ?");
              PreparedStatement row =
                  conn.prepareStatement("DELETE FROM installation WHERE bot_id = ?")) {
            ctx.setString(1, botId);
            ctx.executeUpdate();
            row.setString(1, botId);
            return row.executeUpdate() == 1;
          }
        });
  }

  /**
   * Re-seals every token not sealed with the current key, one row per transaction, so it can be
   * interrupted and run again safely.
   *
   * @param progress told how many rows have been looked at so far
   * @param keepGoing asked before each row; false stops early
   * @return how many rows were re-sealed
   */
  public int rotateKeys(IntConsumer progress, BooleanSupplier keepGoing) {
    TokenCipher c = cipher();
    int seen = 0;
    int rotated = 0;
    String after = null;
    while (true) {
      List<InstallationSummary> page = summaries(after, 100);
      if (page.isEmpty()) {
        return rotated;
      }
      for (InstallationSummary s : page) {
        if (!keepGoing.getAsBoolean()) {
          return rotated;
        }
        seen++;
        if (!s.keyId().equals(c.currentId())) {
          Optional<Installation> row = find(s.botId());
          if (row.isPresent()) {
            Installation i = row.get();
            String access = c.seal(i.accessToken().value(), i.botId(), "access_token");
            String refresh =
                i.refreshToken() == null
                    ? null
                    : c.seal(i.refreshToken().value(), i.botId(), "refresh_token");
            rotated +=
                update(
                    "UPDATE installation SET access_token = ?, refresh_token = ?, key_id = ? WHERE"
                        + " bot_id = ? AND key_id = ? AND token_version = ?",
                    ps -> {
                      ps.setString(1, access);
                      setNullable(ps, 2, refresh);
                      ps.setString(3, c.currentId());
                      ps.setString(4, s.botId());
                      ps.setString(5, s.keyId());
                      ps.setLong(6, s.tokenVersion());
                    });
          }
        }
        progress.accept(seen);
      }
      after = page.get(page.size() - 1).botId();
    }
  }

  // ------------------------------------------------------------------ helpers

  private Optional<Installation> read(Connection conn, String botId) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT " + COLUMNS + " FROM installation WHERE bot_id = ?")) {
      ps.setString(1, botId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  private Installation map(ResultSet rs) throws SQLException {
    String botId = rs.getString(1);
    String refresh = rs.getString(10);
    long refreshed = rs.getLong(16);
    boolean refreshedNull = rs.wasNull();
    TokenCipher c = cipher();
    return new Installation(
        botId,
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        Rows.owner(rs.getString(5)),
        rs.getString(6),
        Rows.context(rs.getString(7)),
        rs.getShort(8) != 0,
        new AccessToken(c.open(rs.getString(9), botId, "access_token")),
        refresh == null ? null : new RefreshToken(c.open(refresh, botId, "refresh_token")),
        Installation.Status.valueOf(rs.getString(12)),
        rs.getLong(13),
        Instant.ofEpochMilli(rs.getLong(14)),
        Instant.ofEpochMilli(rs.getLong(15)),
        refreshedNull ? null : Instant.ofEpochMilli(refreshed));
  }

  private static void writeContext(Connection conn, String botId, FlowContext context)
      throws SQLException {
    try (PreparedStatement del =
        conn.prepareStatement("DELETE FROM installation_context WHERE bot_id = ?")) {
      del.setString(1, botId);
      del.executeUpdate();
    }
    if (context.isEmpty()) {
      return;
    }
    try (PreparedStatement ins =
        conn.prepareStatement(
            "INSERT INTO installation_context (bot_id, ctx_key, ctx_value) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, String> e : context.values().entrySet()) {
        ins.setString(1, botId);
        ins.setString(2, e.getKey());
        ins.setString(3, e.getValue());
        ins.addBatch();
      }
      ins.executeBatch();
    }
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface Work<T> {
    T run(Connection conn) throws SQLException;
  }

  /**
   * Restoring fails on a dead connection; the pool resets it anyway, and the first failure counts.
   */
  private static void restoreAutoCommit(Connection conn, boolean auto) {
    try {
      conn.setAutoCommit(auto);
    } catch (SQLException e) {
      // the connection is gone
    }
  }

  /** A rollback on a dead connection fails too; the original failure is the one worth reporting. */
  private static void rollbackQuietly(Connection conn) {
    try {
      conn.rollback();
    } catch (SQLException e) {
      // the connection is gone; the database rolls back on its own
    }
  }

  private List<Installation> query(String sql, Binder binder) {
    return JdbcStores.withConnection(
        db,
        "reading installations",
        conn -> {
          try (PreparedStatement ps = conn.prepareStatement(sql)) {
            binder.bind(ps);
            List<Installation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(map(rs));
              }
            }
            return out;
          }
        });
  }

  private int update(String sql, Binder binder) {
    return JdbcStores.withConnection(
        db,
        "updating an installation",
        conn -> {
          try (PreparedStatement ps = conn.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
          }
        });
  }

  private <T> T inTransaction(String what, Work<T> work) {
    return JdbcStores.withConnection(
        db,
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

  private static void setNullable(PreparedStatement ps, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static void setNullable(PreparedStatement ps, int index, @Nullable Long value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static String prefixed(String prefix) {
    StringBuilder out = new StringBuilder();
    for (String col : COLUMNS.split(",")) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(prefix).append(col.strip());
    }
    return out.toString();
  }
}

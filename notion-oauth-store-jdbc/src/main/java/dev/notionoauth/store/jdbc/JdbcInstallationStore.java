package dev.notionoauth.store.jdbc;

import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.store.jdbc.internal.InstallationRows;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import dev.notionoauth.store.jdbc.internal.Rows;
import dev.notionoauth.store.jdbc.internal.TokenCipher;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installations in the {@code installation} table, with their context in {@code
 * installation_context} rows (indexed for lookups by context value). Tokens are sealed with
 * AES-256-GCM before they reach the database and opened on read; a database file copied away
 * reveals no token. Every write is one transaction.
 *
 * <p>Operators' tools read rows without their tokens through {@link InstallationSummaries} and
 * re-seal tokens under a new key through {@link KeyRotation}.
 */
public final class JdbcInstallationStore implements InstallationStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcInstallationStore.class);

  private final Jdbc jdbc;
  private final InstallationRows rows;
  private final @Nullable TokenCipher cipher;

  JdbcInstallationStore(Jdbc jdbc, InstallationRows rows, @Nullable TokenCipher cipher) {
    this.jdbc = jdbc;
    this.rows = rows;
    this.cipher = cipher;
  }

  private TokenCipher cipher() {
    return TokenCipher.require(cipher);
  }

  /** Writes the row and its context rows; returns it with its new version (nothing read back). */
  @Override
  public Installation upsert(Installation i) {
    SealedTokens sealed = SealedTokens.of(i, cipher());
    return jdbc.inTransaction(
        "storing an installation",
        conn -> {
          Installation stored;
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "INSERT INTO installation (bot_id, workspace_id, workspace_name, workspace_icon,"
                      + " owner, duplicated_template_id, bound, access_token, refresh_token,"
                      + " key_id, status, token_version, created_at, updated_at, refreshed_at,"
                      + " status_since, status_reason, lease_owner, lease_until) VALUES (?, ?, ?,"
                      + " ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, NULL, NULL) ON CONFLICT"
                      + " (bot_id) DO UPDATE SET workspace_id ="
                      + " excluded.workspace_id, workspace_name = excluded.workspace_name,"
                      + " workspace_icon = excluded.workspace_icon, owner = excluded.owner,"
                      + " duplicated_template_id = excluded.duplicated_template_id, bound ="
                      + " excluded.bound, access_token = excluded.access_token, refresh_token ="
                      + " excluded.refresh_token, key_id = excluded.key_id, status ="
                      + " excluded.status, status_since = excluded.status_since, status_reason ="
                      + " excluded.status_reason, token_version = installation.token_version + 1,"
                      + " updated_at = excluded.updated_at, lease_owner = NULL, lease_until ="
                      + " NULL RETURNING token_version, created_at, refreshed_at")) {
            ps.setString(1, i.botId());
            ps.setString(2, i.workspace().id());
            Jdbc.setNullable(ps, 3, i.workspace().name());
            Jdbc.setNullable(ps, 4, i.workspace().icon());
            ps.setString(5, Rows.ownerJson(i.owner()));
            Jdbc.setNullable(ps, 6, i.duplicatedTemplateId());
            ps.setShort(7, (short) (i.bound() ? 1 : 0));
            ps.setString(8, sealed.access());
            Jdbc.setNullable(ps, 9, sealed.refresh());
            ps.setString(10, sealed.keyId());
            ps.setString(11, i.status().name());
            ps.setLong(12, Rows.millis(i.timestamps().created()));
            ps.setLong(13, Rows.millis(i.timestamps().updated()));
            Jdbc.setNullable(
                ps,
                14,
                i.timestamps().refreshed() == null
                    ? null
                    : Rows.millis(i.timestamps().refreshed()));
            ps.setLong(15, Rows.millis(i.health().since()));
            ps.setString(16, i.health().reason());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              Long refreshed = Jdbc.nullableLong(rs, 3);
              stored =
                  i.asStored(
                      rs.getLong(1),
                      Instant.ofEpochMilli(rs.getLong(2)),
                      refreshed == null ? null : Instant.ofEpochMilli(refreshed));
            }
          }
          InstallationRows.writeContext(conn, i.botId(), i.context());
          return stored;
        });
  }

  @Override
  public Optional<Installation> find(String botId) {
    return jdbc.queryOne(
        "reading an installation",
        rows.select() + " WHERE i.bot_id = ?",
        ps -> ps.setString(1, botId),
        rs -> InstallationRows.map(rs, cipher()));
  }

  @Override
  public List<Installation> findByWorkspace(String workspaceId) {
    return query(
        rows.select() + " WHERE i.workspace_id = ? ORDER BY i.bot_id",
        ps -> ps.setString(1, workspaceId));
  }

  @Override
  public List<Installation> findByContext(String key, String value) {
    return query(
        rows.select()
            + " JOIN installation_context c ON c.bot_id = i.bot_id WHERE c.ctx_key = ? AND"
            + " c.ctx_value = ? ORDER BY i.bot_id",
        ps -> {
          ps.setString(1, key);
          ps.setString(2, value);
        });
  }

  @Override
  public List<Installation> list(@Nullable String afterBotId, int limit) {
    return query(
        rows.select() + " WHERE i.bot_id > ? ORDER BY i.bot_id LIMIT ?",
        ps -> {
          ps.setString(1, afterBotId == null ? "" : afterBotId);
          ps.setInt(2, limit);
        });
  }

  /**
   * Rows of a list query; one that cannot be opened with the configured keys (its key was dropped
   * too early) is skipped with a warning naming it, so it never hides the others.
   */
  private List<Installation> query(String sql, Jdbc.Binder binder) {
    List<Optional<Installation>> found =
        jdbc.query(
            "reading installations",
            sql,
            binder,
            rs -> {
              try {
                return Optional.of(InstallationRows.map(rs, cipher()));
              } catch (TokenDecryptionException e) {
                LOG.warn(
                    "Skipped bot_id={}: its tokens cannot be opened with the configured keys (key"
                        + " id {}); configure that key in store.previous-encryption-keys",
                    rs.getString(1),
                    rs.getString(11));
                return Optional.empty();
              }
            });
    return found.stream().flatMap(Optional::stream).toList();
  }

  @Override
  public long count() {
    return jdbc.queryOne(
            "counting installations",
            "SELECT COUNT(*) FROM installation",
            ps -> {},
            rs -> rs.getLong(1))
        .orElse(0L);
  }

  @Override
  public boolean tryLease(
      String botId, long expectedVersion, String owner, Instant until, Instant now) {
    return jdbc.update(
            "leasing an installation",
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
  public boolean completeLease(Installation r, long expectedVersion) {
    SealedTokens sealed = SealedTokens.of(r, cipher());
    return jdbc.update(
            "storing refreshed tokens",
            "UPDATE installation SET access_token = ?, refresh_token = ?, key_id = ?,"
                + " token_version = ?, workspace_name = ?, workspace_icon = ?, updated_at = ?,"
                + " refreshed_at = ?, lease_owner = NULL, lease_until = NULL WHERE bot_id = ? AND"
                + " token_version = ? AND status = 'ACTIVE'",
            ps -> {
              ps.setString(1, sealed.access());
              Jdbc.setNullable(ps, 2, sealed.refresh());
              ps.setString(3, sealed.keyId());
              ps.setLong(4, expectedVersion + 1);
              Jdbc.setNullable(ps, 5, r.workspace().name());
              Jdbc.setNullable(ps, 6, r.workspace().icon());
              ps.setLong(7, Rows.millis(r.timestamps().updated()));
              Jdbc.setNullable(
                  ps,
                  8,
                  r.timestamps().refreshed() == null
                      ? null
                      : Rows.millis(r.timestamps().refreshed()));
              ps.setString(9, r.botId());
              ps.setLong(10, expectedVersion);
            })
        == 1;
  }

  @Override
  public void releaseLease(String botId, String owner) {
    jdbc.update(
        "releasing a lease",
        "UPDATE installation SET lease_owner = NULL, lease_until = NULL WHERE bot_id = ? AND"
            + " lease_owner = ?",
        ps -> {
          ps.setString(1, botId);
          ps.setString(2, owner);
        });
  }

  @Override
  public boolean setHealth(String botId, Installation.Health health) {
    return jdbc.update(
            "updating an installation's health",
            // a revoke also ends any lease and moves the version on: a refresh in flight
            // cannot complete over it (review 2026-12b, M2)
            health.status() == Installation.Status.REVOKED
                ? "UPDATE installation SET status = ?, status_since = ?, status_reason = ?,"
                    + " updated_at = ?, token_version = token_version + 1, lease_owner = NULL,"
                    + " lease_until = NULL WHERE bot_id = ? AND status <> ?"
                // a revoked installation stays revoked (a refresh failing after the revoke must not
                // turn it into NEEDS_REAUTH): only a new authorization, an upsert, changes it
                : "UPDATE installation SET status = ?, status_since = ?, status_reason = ?,"
                    + " updated_at = ? WHERE bot_id = ? AND status <> ? AND status <> 'REVOKED'",
            ps -> {
              ps.setString(1, health.status().name());
              ps.setLong(2, Rows.millis(health.since()));
              ps.setString(3, health.reason());
              ps.setLong(4, Rows.millis(health.since()));
              ps.setString(5, botId);
              ps.setString(6, health.status().name());
            })
        == 1;
  }

  @Override
  public boolean bind(String botId, FlowContext context, Instant now) {
    return jdbc.inTransaction(
        "linking an installation",
        conn -> {
          int n =
              Jdbc.update(
                  conn,
                  "UPDATE installation SET bound = 1, updated_at = ? WHERE bot_id = ? AND bound ="
                      + " 0",
                  ps -> {
                    ps.setLong(1, Rows.millis(now));
                    ps.setString(2, botId);
                  });
          if (n == 1) {
            InstallationRows.writeContext(conn, botId, context);
          }
          return n == 1;
        });
  }

  @Override
  public boolean delete(String botId) {
    return jdbc.inTransaction(
        "deleting an installation",
        conn -> {
          Jdbc.update(
              conn,
              "DELETE FROM installation_context WHERE bot_id = ?",
              ps -> ps.setString(1, botId));
          return Jdbc.update(
                  conn, "DELETE FROM installation WHERE bot_id = ?", ps -> ps.setString(1, botId))
              == 1;
        });
  }
}

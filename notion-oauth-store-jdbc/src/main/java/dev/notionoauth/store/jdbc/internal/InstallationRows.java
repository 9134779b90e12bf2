package dev.notionoauth.store.jdbc.internal;

import dev.notionoauth.AccessToken;
import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.RefreshToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How an installation is laid out in the {@code installation} table and its {@code
 * installation_context} rows: the column list, the row mapper (which opens the sealed tokens), and
 * the context rows. The context is stored once, as rows; queries read it back as one JSON object
 * with the database's own aggregate ({@code json_group_object} on SQLite, {@code json_object_agg}
 * on PostgreSQL).
 */
public final class InstallationRows {
  private final String columns;

  /**
   * The layout for one kind of database.
   *
   * @param sqlite whether the database is SQLite (else PostgreSQL)
   */
  public InstallationRows(boolean sqlite) {
    String aggregate = sqlite ? "json_group_object" : "json_object_agg";
    this.columns =
        "i.bot_id, i.workspace_id, i.workspace_name, i.workspace_icon, i.owner,"
            + " i.duplicated_template_id, (SELECT "
            + aggregate
            + "(x.ctx_key, x.ctx_value) FROM installation_context x WHERE x.bot_id = i.bot_id),"
            + " i.bound, i.access_token, i.refresh_token, i.key_id, i.status, i.token_version,"
            + " i.created_at, i.updated_at, i.refreshed_at, i.status_since, i.status_reason";
  }

  /** {@code SELECT <every column> FROM installation i}, to which a query adds its conditions. */
  public String select() {
    return "SELECT " + columns + " FROM installation i";
  }

  /** The installation on the current row, its tokens opened with the cipher. */
  public static Installation map(ResultSet rs, TokenCipher cipher) throws SQLException {
    String botId = rs.getString(1);
    String refresh = rs.getString(10);
    Long refreshed = Jdbc.nullableLong(rs, 16);
    return Installation.builder()
        .botId(botId)
        .workspace(new Installation.Workspace(rs.getString(2), rs.getString(3), rs.getString(4)))
        .owner(Rows.owner(rs.getString(5)))
        .duplicatedTemplateId(rs.getString(6))
        .context(context(rs.getString(7)))
        .bound(rs.getShort(8) != 0)
        .tokens(
            new Installation.TokenPair(
                new AccessToken(cipher.open(rs.getString(9), botId, "access_token")),
                refresh == null
                    ? null
                    : new RefreshToken(cipher.open(refresh, botId, "refresh_token")),
                rs.getLong(13)))
        .health(health(rs))
        .timestamps(
            new Installation.Timestamps(
                Instant.ofEpochMilli(rs.getLong(14)),
                Instant.ofEpochMilli(rs.getLong(15)),
                refreshed == null ? null : Instant.ofEpochMilli(refreshed)))
        .build();
  }

  /** The health on the current row. */
  public static Installation.Health health(ResultSet rs) throws SQLException {
    return new Installation.Health(
        Installation.Status.valueOf(rs.getString(12)),
        Instant.ofEpochMilli(rs.getLong(17)),
        rs.getString(18));
  }

  /** A context read back from the aggregated JSON (null when the installation has none). */
  public static FlowContext context(@Nullable String json) {
    return json == null ? FlowContext.empty() : Rows.context(json);
  }

  /** Replaces an installation's context rows (inside the caller's transaction). */
  public static void writeContext(Connection conn, String botId, FlowContext context)
      throws SQLException {
    Jdbc.update(
        conn, "DELETE FROM installation_context WHERE bot_id = ?", ps -> ps.setString(1, botId));
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
}

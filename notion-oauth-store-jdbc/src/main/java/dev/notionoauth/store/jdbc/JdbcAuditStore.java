package dev.notionoauth.store.jdbc;

import dev.notionoauth.audit.AuditAction;
import dev.notionoauth.audit.AuditActor;
import dev.notionoauth.audit.AuditEntry;
import dev.notionoauth.audit.AuditQuery;
import dev.notionoauth.spi.AuditStore;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail in the {@code audit_entry} table, shared by every instance on the same database:
 * a batch is one transaction; listings walk the indexes newest first. From {@link
 * JdbcStores#auditStore()}.
 */
public final class JdbcAuditStore implements AuditStore {
  private static final String COLUMNS =
      "id, at, actor_kind, actor_name, address, method, route, bot_id, status, latency_micros";

  private final Jdbc jdbc;

  JdbcAuditStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void append(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    jdbc.inTransaction(
        "writing audit entries",
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "INSERT INTO audit_entry ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEntry e : entries) {
              ps.setString(1, e.id());
              ps.setLong(2, e.at().toEpochMilli());
              ps.setString(3, e.actor().kind().wireName());
              ps.setString(4, e.actor().name());
              ps.setString(5, e.actor().address());
              ps.setString(6, e.action().method());
              ps.setString(7, e.action().route());
              Jdbc.setNullable(ps, 8, e.action().botId());
              ps.setInt(9, e.result().status());
              ps.setLong(10, e.result().latency().toNanos() / 1000);
              ps.addBatch();
            }
            return ps.executeBatch().length;
          }
        });
  }

  @Override
  public List<AuditEntry> list(AuditQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_entry WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    query.bot().ifPresent(v -> where(sql, args, "bot_id = ?", v));
    query.actor().ifPresent(v -> where(sql, args, "actor_name = ?", v));
    query.cursor().ifPresent(v -> where(sql, args, "id < ?", v));
    sql.append(" ORDER BY id DESC LIMIT ").append(query.limit());
    return jdbc.query(
        "listing audit entries",
        sql.toString(),
        ps -> {
          for (int i = 0; i < args.size(); i++) {
            ps.setString(i + 1, args.get(i));
          }
        },
        JdbcAuditStore::entry);
  }

  private static void where(StringBuilder sql, List<String> args, String condition, String value) {
    sql.append(" AND ").append(condition);
    args.add(value);
  }

  @Override
  public int deleteBefore(Instant cutoff) {
    return jdbc.update(
        "deleting old audit entries",
        "DELETE FROM audit_entry WHERE at < ?",
        ps -> ps.setLong(1, cutoff.toEpochMilli()));
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getString(1),
        Instant.ofEpochMilli(rs.getLong(2)),
        new AuditActor(AuditActor.Kind.parse(rs.getString(3)), rs.getString(4), rs.getString(5)),
        new AuditAction(rs.getString(6), rs.getString(7), rs.getString(8)),
        new AuditEntry.Result(rs.getInt(9), Duration.ofNanos(rs.getLong(10) * 1000)));
  }
}

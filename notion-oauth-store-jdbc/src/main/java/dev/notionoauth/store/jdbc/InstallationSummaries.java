package dev.notionoauth.store.jdbc;

import dev.notionoauth.store.jdbc.internal.InstallationRows;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Installations read without their tokens, so without the encryption key: what operators' listing
 * commands show. From {@link JdbcStores#installationSummaries()}.
 */
public final class InstallationSummaries {
  private final Jdbc jdbc;
  private final InstallationRows rows;

  InstallationSummaries(Jdbc jdbc, InstallationRows rows) {
    this.jdbc = jdbc;
    this.rows = rows;
  }

  /** One installation without opening its tokens (no key needed). */
  public Optional<InstallationSummary> find(String botId) {
    List<InstallationSummary> found = query(" WHERE i.bot_id = ?", ps -> ps.setString(1, botId));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * A page of installations without opening their tokens (no key needed), by bot id.
   *
   * @param afterBotId the last bot id of the previous page, or null for the first page
   * @param limit the most to return
   */
  public List<InstallationSummary> page(@Nullable String afterBotId, int limit) {
    return query(
        " WHERE i.bot_id > ? ORDER BY i.bot_id LIMIT ?",
        ps -> {
          ps.setString(1, afterBotId == null ? "" : afterBotId);
          ps.setInt(2, limit);
        });
  }

  private List<InstallationSummary> query(String where, Jdbc.Binder binder) {
    return jdbc.query(
        "listing installations",
        rows.select() + where,
        binder,
        rs -> {
          Long refreshed = Jdbc.nullableLong(rs, 16);
          return new InstallationSummary(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              InstallationRows.context(rs.getString(7)),
              rs.getShort(8) != 0,
              InstallationRows.health(rs),
              rs.getLong(13),
              rs.getString(11),
              rs.getString(10) != null,
              Instant.ofEpochMilli(rs.getLong(14)),
              Instant.ofEpochMilli(rs.getLong(15)),
              refreshed == null ? null : Instant.ofEpochMilli(refreshed));
        });
  }
}

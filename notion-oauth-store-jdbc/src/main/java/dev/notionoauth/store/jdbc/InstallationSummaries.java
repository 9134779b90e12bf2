package dev.notionoauth.store.jdbc;

import dev.notionoauth.Installation;
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

  /**
   * A page of installations matching a search, by bot id (the console's list): {@code text}, when
   * given, is a bot id, any context value, or a part of the workspace name (any case); {@code
   * status}, when given, filters by status.
   *
   * @param afterBotId the last bot id of the previous page, or null for the first page
   */
  public List<InstallationSummary> search(
      @Nullable String text,
      Installation.@Nullable Status status,
      @Nullable String afterBotId,
      int limit) {
    if (text == null || text.isBlank()) {
      StringBuilder where = new StringBuilder(" WHERE i.bot_id > ?");
      if (status != null) {
        where.append(" AND i.status = ?");
      }
      return query(
          where + " ORDER BY i.bot_id LIMIT ?",
          ps -> {
            int n = 1;
            ps.setString(n++, afterBotId == null ? "" : afterBotId);
            if (status != null) {
              ps.setString(n++, status.name());
            }
            ps.setInt(n, limit);
          });
    }
    // each kind of match by its own index (bot id, context value, a scan of the name index only),
    // merged here in bot-id order, then the page read whole
    String t = text.strip();
    String like =
        "%"
            + t.toLowerCase(java.util.Locale.ROOT)
                .replace("!", "!!")
                .replace("%", "!%")
                .replace("_", "!_")
            + "%";
    Jdbc.RowMapper<String[]> pair = rs -> new String[] {rs.getString(1), rs.getString(2)};
    List<String[]> found = new java.util.ArrayList<>();
    found.addAll(
        jdbc.query(
            "searching installations",
            "SELECT bot_id, status FROM installation WHERE bot_id = ?",
            ps -> ps.setString(1, t),
            pair));
    found.addAll(
        jdbc.query(
            "searching installations",
            "SELECT i.bot_id, i.status FROM installation_context c JOIN installation i"
                + " ON i.bot_id = c.bot_id WHERE c.ctx_value = ?",
            ps -> ps.setString(1, t),
            pair));
    found.addAll(
        jdbc.query(
            "searching installations",
            "SELECT bot_id, status FROM installation WHERE LOWER(workspace_name) LIKE ? ESCAPE '!'",
            ps -> ps.setString(1, like),
            pair));
    java.util.TreeSet<String> matches = new java.util.TreeSet<>();
    for (String[] f : found) {
      if ((status == null || status.name().equals(f[1]))
          && (afterBotId == null || f[0].compareTo(afterBotId) > 0)) {
        matches.add(f[0]);
      }
    }
    List<String> page = matches.stream().limit(limit).toList();
    if (page.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", java.util.Collections.nCopies(page.size(), "?"));
    return query(
        " WHERE i.bot_id IN (" + marks + ") ORDER BY i.bot_id",
        ps -> {
          for (int i = 0; i < page.size(); i++) {
            ps.setString(i + 1, page.get(i));
          }
        });
  }

  /**
   * Installations first authorized in each of the {@code hours} before {@code now}, oldest first.
   */
  public long[] createdPerHour(java.time.Instant now, int hours) {
    return perHour(jdbc, "installation", "created_at", now, hours);
  }

  /** The most frequent reasons installations need re-authorization, with their counts. */
  public List<java.util.Map.Entry<String, Long>> topNeedsReauthReasons(int limit) {
    return jdbc.query(
        "counting failure reasons",
        "SELECT status_reason, COUNT(*) FROM installation WHERE status = 'NEEDS_REAUTH'"
            + " GROUP BY status_reason ORDER BY COUNT(*) DESC LIMIT ?",
        ps -> ps.setInt(1, limit),
        rs -> java.util.Map.entry(rs.getString(1), rs.getLong(2)));
  }

  /**
   * Counts per hour of {@code table.column} (epoch ms) over the {@code hours} before {@code now}.
   */
  static long[] perHour(Jdbc jdbc, String table, String column, java.time.Instant now, int hours) {
    long since = now.toEpochMilli() - hours * 3_600_000L;
    long[] counts = new long[hours];
    jdbc.query(
            "counting " + table + " per hour",
            "SELECT h, COUNT(*) FROM (SELECT ("
                + column
                + " - ?) / 3600000 AS h FROM "
                + table
                + " WHERE "
                + column
                + " >= ?) hours GROUP BY h",
            ps -> {
              ps.setLong(1, since);
              ps.setLong(2, since);
            },
            rs -> new long[] {rs.getLong(1), rs.getLong(2)})
        .forEach(
            r -> {
              if (r[0] >= 0 && r[0] < hours) {
                counts[(int) r[0]] += r[1];
              }
            });
    return counts;
  }

  /** How many installations have each status. */
  public java.util.Map<Installation.Status, Long> countByStatus() {
    java.util.Map<Installation.Status, Long> counts =
        new java.util.EnumMap<>(Installation.Status.class);
    for (Installation.Status s : Installation.Status.values()) {
      counts.put(s, 0L);
    }
    jdbc.query(
            "counting installations",
            "SELECT status, COUNT(*) FROM installation GROUP BY status",
            ps -> {},
            rs -> java.util.Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(
            e -> {
              try {
                counts.put(Installation.Status.valueOf(e.getKey()), e.getValue());
              } catch (IllegalArgumentException unknown) {
                // a status a newer version wrote: not counted here
              }
            });
    return counts;
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

package dev.notionoauth.store.jdbc;

import dev.notionoauth.spi.RateLimitStore;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Notion's per-installation and per-workspace token buckets in PostgreSQL's {@code rate_bucket}
 * table, shared by every instance: a call's buckets are locked in name order ({@code FOR UPDATE},
 * so two calls never deadlock), refilled by the database's own clock (instances' clocks may differ)
 * and taken together or not at all, in one transaction. From {@link JdbcStores#sharedRateLimits()};
 * costs one short transaction per call to Notion.
 */
public final class JdbcRateLimitStore implements RateLimitStore {
  private static final String NOW_MICROS =
      "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";

  private final Jdbc jdbc;

  JdbcRateLimitStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  private record Row(double permits, long refilledAt, long pausedUntil, long now) {}

  @Override
  public long tryAcquire(List<Bucket> buckets, long ignoredNow) {
    List<Bucket> ordered = buckets.stream().sorted(Comparator.comparing(Bucket::name)).toList();
    return jdbc.inTransaction(
        "taking a Notion rate permit",
        conn -> {
          List<Row> rows = lock(conn, ordered);
          long waitMicros = 0;
          for (int i = 0; i < ordered.size(); i++) {
            Bucket b = ordered.get(i);
            Row r = rows.get(i);
            double permits = refilled(b, r);
            long w;
            if (r.now() < r.pausedUntil()) {
              w = r.pausedUntil() - r.now();
            } else if (permits >= 1) {
              w = 0;
            } else {
              w = (long) Math.ceil((1 - permits) / b.perSecond() * 1e6);
            }
            waitMicros = Math.max(waitMicros, w);
          }
          if (waitMicros > 0) {
            return waitMicros * 1000;
          }
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "UPDATE rate_bucket SET permits = ?, refilled_at = ? WHERE name = ?")) {
            for (int i = 0; i < ordered.size(); i++) {
              Bucket b = ordered.get(i);
              Row r = rows.get(i);
              ps.setDouble(1, refilled(b, r) - 1);
              ps.setLong(2, r.now());
              ps.setString(3, b.name());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return 0L;
        });
  }

  @Override
  public void pause(Bucket bucket, Duration wait, long ignoredNow) {
    jdbc.inTransaction(
        "pausing a Notion rate bucket",
        conn -> {
          Row r = lock(conn, List.of(bucket)).get(0);
          Jdbc.update(
              conn,
              "UPDATE rate_bucket SET permits = 0, refilled_at = ?,"
                  + " paused_until = GREATEST(paused_until, ?) WHERE name = ?",
              ps -> {
                ps.setLong(1, r.now());
                ps.setLong(2, r.now() + wait.toNanos() / 1000);
                ps.setString(3, bucket.name());
              });
          return 0;
        });
  }

  private static double refilled(Bucket b, Row r) {
    double added = Math.max(0, r.now() - r.refilledAt()) / 1e6 * b.perSecond();
    return Math.min(b.burst(), r.permits() + added);
  }

  /** Creates missing buckets (full) and locks the call's rows, reading the database's time. */
  private static List<Row> lock(Connection conn, List<Bucket> ordered) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO rate_bucket (name, permits, refilled_at, paused_until) VALUES (?, ?, "
                + NOW_MICROS
                + ", 0) ON CONFLICT (name) DO NOTHING")) {
      for (Bucket b : ordered) {
        ps.setString(1, b.name());
        ps.setDouble(2, b.burst());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < ordered.size(); i++) {
      names.append(i == 0 ? "?" : ", ?");
    }
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT name, permits, refilled_at, paused_until, "
                + NOW_MICROS
                + " FROM rate_bucket WHERE name IN ("
                + names
                + ") ORDER BY name COLLATE \"C\" FOR UPDATE")) {
      for (int i = 0; i < ordered.size(); i++) {
        ps.setString(i + 1, ordered.get(i).name());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getDouble(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        }
      }
    }
    if (rows.size() != ordered.size()) { // the names are distinct and were just inserted
      throw new SQLException("rate buckets missing after insert");
    }
    return rows;
  }
}

package dev.notionoauth.store.jdbc;

import dev.notionoauth.store.jdbc.internal.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Callbacks per hour by outcome, summed over every instance that shares the store: the standalone
 * server adds what its callback counters gained every 30 s ({@link #add}); the console's overview
 * reads the last day ({@link #perHour}). Hours older than {@link #RETENTION} are deleted by the
 * store's maintenance. From {@link JdbcStores#callbackHours()}.
 */
public final class CallbackHours {
  /** How long hours are kept. */
  public static final Duration RETENTION = Duration.ofDays(2);

  private static final long HOUR = 3_600_000L;

  /** A callback's outcome, as counted here. */
  public enum Outcome {
    /** A token was stored and handed over. */
    AUTHORIZED,
    /** The user declined at Notion. */
    DENIED,
    /** Anything else: a bad or replayed state, Notion's refusal, a store failure… */
    FAILED
  }

  private final Jdbc jdbc;

  CallbackHours(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Adds {@code callbacks} to the hour {@code at} falls in (one upsert; any instance, any time).
   */
  public void add(Instant at, Outcome outcome, long callbacks) {
    if (callbacks <= 0) {
      return;
    }
    jdbc.update(
        "counting callbacks",
        "INSERT INTO callback_hour (hour_start, outcome, callbacks) VALUES (?, ?, ?)"
            + " ON CONFLICT (hour_start, outcome)"
            + " DO UPDATE SET callbacks = callback_hour.callbacks + excluded.callbacks",
        ps -> {
          ps.setLong(1, Math.floorDiv(at.toEpochMilli(), HOUR) * HOUR);
          ps.setString(2, outcome.name().toLowerCase(Locale.ROOT));
          ps.setLong(3, callbacks);
        });
  }

  /**
   * Each outcome's callbacks in the {@code hours} hours up to and including the one {@code now}
   * falls in, oldest first.
   */
  public Map<Outcome, long[]> perHour(Instant now, int hours) {
    long first = (Math.floorDiv(now.toEpochMilli(), HOUR) - (hours - 1)) * HOUR;
    long[][] byOutcome = new long[Outcome.values().length][hours];
    for (Object[] row :
        jdbc.query(
            "reading callbacks per hour",
            "SELECT hour_start, outcome, callbacks FROM callback_hour WHERE hour_start >= ?",
            ps -> ps.setLong(1, first),
            rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3)})) {
      int i = (int) (((long) row[0] - first) / HOUR);
      for (Outcome o : Outcome.values()) {
        if (i < hours && o.name().equalsIgnoreCase((String) row[1])) {
          byOutcome[o.ordinal()][i] += (long) row[2];
        }
      }
    }
    Map<Outcome, long[]> counts = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      counts.put(o, byOutcome[o.ordinal()]);
    }
    return counts;
  }

  /** Deletes the hours that ended before {@code before}; how many rows went. */
  int purge(Instant before) {
    return jdbc.update(
        "deleting old callback hours",
        "DELETE FROM callback_hour WHERE hour_start < ?",
        ps -> ps.setLong(1, before.toEpochMilli() - HOUR));
  }
}

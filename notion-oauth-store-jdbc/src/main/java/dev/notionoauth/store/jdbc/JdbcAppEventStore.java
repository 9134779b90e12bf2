package dev.notionoauth.store.jdbc;

import dev.notionoauth.appevent.AppEvent;
import dev.notionoauth.appevent.AppEventType;
import dev.notionoauth.appevent.StoredAppEvent;
import dev.notionoauth.spi.AppEventStore;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import dev.notionoauth.store.jdbc.internal.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outbox of events to the app in the {@code app_event} table, shared by every instance on the
 * same database: a claim is one conditional update, so exactly one instance sends each attempt.
 * From {@link JdbcStores#appEventStore()}.
 */
public final class JdbcAppEventStore implements AppEventStore {
  private static final String COLUMNS =
      "id, type, created_at, body, status, attempts, next_attempt_at, last_error";

  private final Jdbc jdbc;

  JdbcAppEventStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void add(StoredAppEvent e) {
    jdbc.update(
        "adding an app event",
        "INSERT INTO app_event ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        ps -> {
          ps.setString(1, e.event().id());
          ps.setString(2, e.event().type().wireName());
          ps.setLong(3, Rows.millis(e.event().createdAt()));
          ps.setString(4, e.event().body());
          ps.setString(5, e.status().name());
          ps.setInt(6, e.attempts());
          ps.setLong(7, Rows.millis(e.nextAttemptAt()));
          Jdbc.setNullable(ps, 8, e.lastError());
        });
  }

  @Override
  public List<StoredAppEvent> due(Instant now, int limit) {
    return jdbc.query(
        "reading due app events",
        "SELECT "
            + COLUMNS
            + " FROM app_event WHERE status = 'PENDING' AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at LIMIT ?",
        ps -> {
          ps.setLong(1, Rows.millis(now));
          ps.setInt(2, limit);
        },
        JdbcAppEventStore::event);
  }

  @Override
  public boolean claim(String id, Instant expected, Instant leaseUntil) {
    return jdbc.update(
            "claiming an app event",
            "UPDATE app_event SET next_attempt_at = ? WHERE id = ? AND status = 'PENDING' AND"
                + " next_attempt_at = ?",
            ps -> {
              ps.setLong(1, Rows.millis(leaseUntil));
              ps.setString(2, id);
              ps.setLong(3, Rows.millis(expected));
            })
        == 1;
  }

  @Override
  public void update(
      String id,
      StoredAppEvent.Status status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String lastError) {
    jdbc.update(
        "updating an app event",
        "UPDATE app_event SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?"
            + " WHERE id = ?",
        ps -> {
          ps.setString(1, status.name());
          ps.setInt(2, attempts);
          ps.setLong(3, Rows.millis(nextAttemptAt));
          Jdbc.setNullable(ps, 4, lastError);
          ps.setString(5, id);
        });
  }

  @Override
  public Optional<StoredAppEvent> find(String id) {
    return jdbc.queryOne(
        "reading an app event",
        "SELECT " + COLUMNS + " FROM app_event WHERE id = ?",
        ps -> ps.setString(1, id),
        JdbcAppEventStore::event);
  }

  @Override
  public List<StoredAppEvent> list(Optional<StoredAppEvent.Status> status, int limit) {
    return jdbc.query(
        "listing app events",
        "SELECT "
            + COLUMNS
            + " FROM app_event"
            + (status.isPresent() ? " WHERE status = ?" : "")
            + " ORDER BY created_at DESC LIMIT ?",
        ps -> {
          int i = 1;
          if (status.isPresent()) {
            ps.setString(i++, status.get().name());
          }
          ps.setInt(i, limit);
        },
        JdbcAppEventStore::event);
  }

  @Override
  public boolean requeue(String id, Instant now) {
    return jdbc.update(
            "replaying an app event",
            "UPDATE app_event SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
                + " last_error = NULL WHERE id = ?",
            ps -> {
              ps.setLong(1, Rows.millis(now));
              ps.setString(2, id);
            })
        == 1;
  }

  private static StoredAppEvent event(ResultSet rs) throws SQLException {
    AppEventType type =
        AppEventType.parse(rs.getString(2))
            .orElseThrow(() -> new SQLException("unknown app event type"));
    return new StoredAppEvent(
        new AppEvent(rs.getString(1), type, Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)),
        StoredAppEvent.Status.valueOf(rs.getString(5)),
        rs.getInt(6),
        Instant.ofEpochMilli(rs.getLong(7)),
        rs.getString(8));
  }
}

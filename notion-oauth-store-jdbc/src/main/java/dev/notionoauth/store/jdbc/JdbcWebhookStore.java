package dev.notionoauth.store.jdbc;

import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import dev.notionoauth.store.jdbc.internal.Rows;
import dev.notionoauth.store.jdbc.internal.TokenCipher;
import dev.notionoauth.webhook.StoredWebhookEvent;
import dev.notionoauth.webhook.WebhookCandidate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link WebhookStore} over JDBC (SQLite or PostgreSQL): events in {@code webhook_event}, one
 * row per Notion event id (the primary key makes a redelivery a no-op, across instances), and the
 * confirmed verification token and the capture window's candidates ({@code webhook_candidate}),
 * sealed with AES-256-GCM under the store's key like installation tokens.
 */
public final class JdbcWebhookStore implements WebhookStore {
  private static final String COLUMNS =
      "id, type, workspace_id, received_at, body, status, attempts, next_attempt_at, last_error,"
          + " installations, kept";
  private static final String TOKEN_ROW = "webhook";
  private static final String TOKEN_COLUMN = "verification_token";

  private final Jdbc jdbc;
  private final @Nullable TokenCipher cipher;

  JdbcWebhookStore(Jdbc jdbc, @Nullable TokenCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  private TokenCipher cipher() {
    return TokenCipher.require(cipher);
  }

  /** The token as stored (sealed), if any. */
  private Optional<String> sealedToken() {
    return jdbc.queryOne(
        "reading the webhook verification token",
        "SELECT token FROM webhook_verification WHERE id = 1 AND token IS NOT NULL",
        ps -> {},
        rs -> rs.getString(1));
  }

  @Override
  public Optional<WebhookVerificationToken> verificationToken() {
    return sealedToken()
        .map(
            stored -> new WebhookVerificationToken(cipher().open(stored, TOKEN_ROW, TOKEN_COLUMN)));
  }

  /**
   * Re-seals the verification token under the current key if it is sealed under an older one
   * ({@code rotate-key}). Candidates are not re-sealed: they live for one capture window.
   *
   * @return true if it was re-sealed
   * @throws TokenDecryptionException if its key is not configured any more
   */
  public boolean resealVerificationToken() {
    TokenCipher c = cipher();
    Optional<String> stored = sealedToken();
    if (stored.isEmpty() || stored.get().startsWith("v1." + c.currentId() + ".")) {
      return false;
    }
    String resealed =
        c.seal(c.open(stored.get(), TOKEN_ROW, TOKEN_COLUMN), TOKEN_ROW, TOKEN_COLUMN);
    return jdbc.update(
            "re-sealing the webhook verification token",
            "UPDATE webhook_verification SET token = ? WHERE id = 1 AND token = ?",
            ps -> {
              ps.setString(1, resealed);
              ps.setString(2, stored.get());
            })
        == 1;
  }

  @Override
  public Optional<Instant> captureOpenUntil() {
    return jdbc.queryOne(
            "reading the capture window",
            "SELECT capture_until FROM webhook_verification WHERE id = 1",
            ps -> {},
            rs -> Optional.ofNullable(Rows.instant(Jdbc.nullableLong(rs, 1))))
        .flatMap(until -> until);
  }

  @Override
  public void openCapture(Instant until) {
    jdbc.inTransaction(
        "opening the capture window",
        c -> {
          Jdbc.update(c, "DELETE FROM webhook_candidate", ps -> {});
          return Jdbc.update(
              c,
              "UPDATE webhook_verification SET capture_until = ? WHERE id = 1",
              ps -> ps.setLong(1, Rows.millis(until)));
        });
  }

  @Override
  public void closeCapture() {
    jdbc.update(
        "closing the capture window",
        "UPDATE webhook_verification SET capture_until = NULL WHERE id = 1",
        ps -> {});
  }

  @Override
  public Optional<Integer> addCandidate(
      WebhookVerificationToken token, Instant receivedAt, String from, int max) {
    // sealed with a fresh nonce, so the sealed text also finds the row again
    String sealed = cipher().seal(token.value(), TOKEN_ROW, TOKEN_COLUMN);
    int added =
        jdbc.update(
            "keeping a webhook verification request",
            "INSERT INTO webhook_candidate (number, token, received_at, remote) SELECT n.next, ?,"
                + " ?, ? FROM (SELECT COALESCE(MAX(number), 0) + 1 AS next, COUNT(*) AS total FROM"
                + " webhook_candidate) n WHERE n.total < ? AND EXISTS (SELECT 1 FROM"
                + " webhook_verification WHERE id = 1 AND capture_until > ?) ON CONFLICT (number)"
                + " DO NOTHING",
            ps -> {
              ps.setString(1, sealed);
              ps.setLong(2, Rows.millis(receivedAt));
              ps.setString(3, from);
              ps.setInt(4, max);
              ps.setLong(5, Rows.millis(receivedAt));
            });
    if (added != 1) {
      return Optional.empty();
    }
    return jdbc.queryOne(
        "numbering a webhook verification request",
        "SELECT number FROM webhook_candidate WHERE token = ?",
        ps -> ps.setString(1, sealed),
        rs -> rs.getInt(1));
  }

  @Override
  public List<WebhookCandidate> candidates() {
    return jdbc.query(
        "listing webhook verification requests",
        "SELECT number, token, received_at, remote FROM webhook_candidate ORDER BY number",
        ps -> {},
        rs ->
            new WebhookCandidate(
                rs.getInt(1),
                new WebhookVerificationToken(
                    cipher().open(rs.getString(2), TOKEN_ROW, TOKEN_COLUMN)),
                Instant.ofEpochMilli(rs.getLong(3)),
                rs.getString(4)));
  }

  @Override
  public boolean confirm(int number, Instant now) {
    return jdbc.inTransaction(
        "confirming the webhook verification token",
        c -> {
          List<String> sealed =
              Jdbc.query(
                  c,
                  "SELECT token FROM webhook_candidate WHERE number = ?",
                  ps -> ps.setInt(1, number),
                  rs -> rs.getString(1));
          if (sealed.isEmpty()) {
            return false;
          }
          Jdbc.update(
              c,
              "UPDATE webhook_verification SET token = ?, received_at = ?, confirmed_at = ?,"
                  + " capture_until = NULL WHERE id = 1",
              ps -> {
                ps.setString(1, sealed.get(0));
                ps.setLong(2, Rows.millis(now));
                ps.setLong(3, Rows.millis(now));
              });
          Jdbc.update(c, "DELETE FROM webhook_candidate", ps -> {});
          return true;
        });
  }

  @Override
  public boolean record(StoredWebhookEvent e) {
    return jdbc.update(
            "storing a webhook event",
            "INSERT INTO webhook_event ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            ps -> {
              ps.setString(1, e.id());
              ps.setString(2, e.type());
              ps.setString(3, e.workspaceId());
              ps.setLong(4, Rows.millis(e.receivedAt()));
              ps.setString(5, e.body());
              ps.setString(6, e.status().name());
              ps.setInt(7, e.attempts());
              ps.setLong(8, Rows.millis(e.nextAttemptAt()));
              Jdbc.setNullable(ps, 9, e.lastError());
              ps.setString(10, String.join(" ", e.installations()));
              ps.setInt(11, e.kept() ? 1 : 0);
            })
        == 1;
  }

  @Override
  public List<StoredWebhookEvent> due(Instant now, int limit) {
    return jdbc.query(
        "reading due webhook events",
        "SELECT "
            + COLUMNS
            + " FROM webhook_event WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY"
            + " next_attempt_at LIMIT ?",
        ps -> {
          ps.setLong(1, Rows.millis(now));
          ps.setInt(2, limit);
        },
        JdbcWebhookStore::event);
  }

  @Override
  public boolean claim(String id, Instant expected, Instant leaseUntil) {
    return jdbc.update(
            "claiming a webhook event",
            "UPDATE webhook_event SET next_attempt_at = ? WHERE id = ? AND status = 'PENDING' AND"
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
      StoredWebhookEvent.Status status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String lastError,
      List<String> installations) {
    jdbc.inTransaction(
        "updating a webhook event",
        conn -> {
          Jdbc.update(
              conn,
              "UPDATE webhook_event SET status = ?, attempts = ?, next_attempt_at = ?,"
                  + " last_error = ?, installations = ? WHERE id = ?",
              ps -> {
                ps.setString(1, status.name());
                ps.setInt(2, attempts);
                ps.setLong(3, Rows.millis(nextAttemptAt));
                Jdbc.setNullable(ps, 4, lastError);
                ps.setString(5, String.join(" ", installations));
                ps.setString(6, id);
              });
          for (String botId : installations) {
            Jdbc.update(
                conn,
                "INSERT INTO webhook_event_route (bot_id, event_id, received_at)"
                    + " SELECT ?, id, received_at FROM webhook_event WHERE id = ?"
                    + " ON CONFLICT (bot_id, event_id) DO NOTHING",
                ps -> {
                  ps.setString(1, botId);
                  ps.setString(2, id);
                });
          }
          return 0;
        });
  }

  /** The newest events routed to one installation (the console's installation page). */
  public List<StoredWebhookEvent> routedTo(String botId, int limit) {
    return jdbc.query(
        "listing an installation's webhook events",
        "SELECT "
            + COLUMNS
            + " FROM webhook_event WHERE id IN (SELECT event_id FROM webhook_event_route"
            + " WHERE bot_id = ? ORDER BY received_at DESC LIMIT ?) ORDER BY received_at DESC",
        ps -> {
          ps.setString(1, botId);
          ps.setInt(2, limit);
        },
        JdbcWebhookStore::event);
  }

  @Override
  public void keep(String id) {
    jdbc.update(
        "keeping a webhook event",
        "UPDATE webhook_event SET kept = 1 WHERE id = ?",
        ps -> ps.setString(1, id));
  }

  @Override
  public Optional<StoredWebhookEvent> find(String id) {
    return jdbc.queryOne(
        "reading a webhook event",
        "SELECT " + COLUMNS + " FROM webhook_event WHERE id = ?",
        ps -> ps.setString(1, id),
        JdbcWebhookStore::event);
  }

  @Override
  public List<StoredWebhookEvent> list(Optional<StoredWebhookEvent.Status> status, int limit) {
    return jdbc.query(
        "listing webhook events",
        "SELECT "
            + COLUMNS
            + " FROM webhook_event"
            + (status.isPresent() ? " WHERE status = ?" : "")
            + " ORDER BY received_at DESC, id LIMIT ?",
        ps -> {
          int i = 1;
          if (status.isPresent()) {
            ps.setString(i++, status.get().name());
          }
          ps.setInt(i, limit);
        },
        JdbcWebhookStore::event);
  }

  @Override
  public long count(StoredWebhookEvent.Status status) {
    return jdbc.queryOne(
            "counting webhook events",
            "SELECT COUNT(*) FROM webhook_event WHERE status = ?",
            ps -> ps.setString(1, status.name()),
            rs -> rs.getLong(1))
        .orElse(0L);
  }

  @Override
  public boolean requeue(String id, Instant now) {
    return jdbc.update(
            "requeueing a webhook event",
            "UPDATE webhook_event SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
                + " last_error = NULL, installations = '' WHERE id = ?",
            ps -> {
              ps.setLong(1, Rows.millis(now));
              ps.setString(2, id);
            })
        == 1;
  }

  @Override
  public int purge(Instant before) {
    String which =
        " FROM webhook_event WHERE kept = 0 AND received_at < ? AND status IN ('DELIVERED',"
            + " 'UNMATCHED')";
    return jdbc.inTransaction(
        "purging old webhook events",
        conn -> {
          Jdbc.update(
              conn,
              "DELETE FROM webhook_event_route WHERE event_id IN (SELECT id" + which + ")",
              ps -> ps.setLong(1, Rows.millis(before)));
          return Jdbc.update(conn, "DELETE" + which, ps -> ps.setLong(1, Rows.millis(before)));
        });
  }

  private static StoredWebhookEvent event(ResultSet rs) throws SQLException {
    String installations = rs.getString(10);
    return new StoredWebhookEvent(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        Instant.ofEpochMilli(rs.getLong(4)),
        rs.getString(5),
        StoredWebhookEvent.Status.valueOf(rs.getString(6)),
        rs.getInt(7),
        Instant.ofEpochMilli(rs.getLong(8)),
        rs.getString(9),
        installations.isEmpty() ? List.of() : Arrays.asList(installations.split(" ")),
        rs.getInt(11) == 1);
  }

  /**
   * Events received in each of the {@code hours} before {@code now}, oldest first (the console).
   */
  public long[] receivedPerHour(Instant now, int hours) {
    return InstallationSummaries.perHour(jdbc, "webhook_event", "received_at", now, hours);
  }
}

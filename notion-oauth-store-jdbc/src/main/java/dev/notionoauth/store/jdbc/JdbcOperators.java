package dev.notionoauth.store.jdbc;

import dev.notionoauth.store.jdbc.internal.Jdbc;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operator console's operators and sessions in the {@code operator} and {@code console_session}
 * tables, shared by every instance: a password is kept only as the hash the caller made (bcrypt), a
 * session only as the SHA-256 of its cookie. From {@link JdbcStores#operators()}; used by the
 * {@code operators} commands and the console.
 */
public final class JdbcOperators {
  private final Jdbc jdbc;

  JdbcOperators(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * An operator as listed.
   *
   * @param name the sign-in name
   * @param createdAt when it was added
   */
  public record Operator(String name, Instant createdAt) {}

  /**
   * A signed-in session.
   *
   * @param operator whose
   * @param csrf the token every state-changing request of this session carries
   * @param createdAt sign-in
   * @param lastSeenAt the last request (written at most once a minute)
   */
  public record Session(String operator, String csrf, Instant createdAt, Instant lastSeenAt) {
    /** Prints the operator only. */
    @Override
    public String toString() {
      return "Session[" + operator + ", csrf=***]";
    }
  }

  /**
   * Adds an operator.
   *
   * @return false, changing nothing, when one with this name exists
   */
  public boolean add(String name, String passwordHash, Instant now) {
    return jdbc.inTransaction(
        "adding an operator",
        conn -> {
          if (!Jdbc.query(
                  conn,
                  "SELECT 1 FROM operator WHERE name = ?",
                  ps -> ps.setString(1, name),
                  rs -> 1)
              .isEmpty()) {
            return false;
          }
          Jdbc.update(
              conn,
              "INSERT INTO operator (name, password_hash, created_at) VALUES (?, ?, ?)",
              ps -> {
                ps.setString(1, name);
                ps.setString(2, passwordHash);
                ps.setLong(3, now.toEpochMilli());
              });
          return true;
        });
  }

  /** Every operator, by name. */
  public List<Operator> list() {
    return jdbc.query(
        "listing operators",
        "SELECT name, created_at FROM operator ORDER BY name",
        ps -> {},
        rs -> new Operator(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))));
  }

  /** The stored password hash of an operator, if there is one by this name. */
  public Optional<String> passwordHash(String name) {
    return jdbc.queryOne(
        "reading an operator",
        "SELECT password_hash FROM operator WHERE name = ?",
        ps -> ps.setString(1, name),
        rs -> rs.getString(1));
  }

  /**
   * Removes an operator and ends their sessions.
   *
   * @return whether there was one
   */
  public boolean remove(String name) {
    return jdbc.inTransaction(
        "removing an operator",
        conn -> {
          Jdbc.update(
              conn, "DELETE FROM console_session WHERE operator = ?", ps -> ps.setString(1, name));
          return Jdbc.update(
                  conn, "DELETE FROM operator WHERE name = ?", ps -> ps.setString(1, name))
              > 0;
        });
  }

  /** Starts a session (its cookie's hash as its id). */
  public void startSession(String idHash, String operator, String csrf, Instant now) {
    jdbc.update(
        "starting a console session",
        "INSERT INTO console_session (id_hash, operator, csrf, created_at, last_seen_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, idHash);
          ps.setString(2, operator);
          ps.setString(3, csrf);
          ps.setLong(4, now.toEpochMilli());
          ps.setLong(5, now.toEpochMilli());
        });
  }

  /** The session with this cookie hash, if it exists. */
  public Optional<Session> session(String idHash) {
    return jdbc.queryOne(
        "reading a console session",
        "SELECT operator, csrf, created_at, last_seen_at FROM console_session WHERE id_hash = ?",
        ps -> ps.setString(1, idHash),
        rs ->
            new Session(
                rs.getString(1),
                rs.getString(2),
                Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4))));
  }

  /** Records a session's use. */
  public void touchSession(String idHash, Instant now) {
    jdbc.update(
        "recording a console session's use",
        "UPDATE console_session SET last_seen_at = ? WHERE id_hash = ?",
        ps -> {
          ps.setLong(1, now.toEpochMilli());
          ps.setString(2, idHash);
        });
  }

  /** Ends a session (sign-out, or expiry). */
  public void endSession(String idHash) {
    jdbc.update(
        "ending a console session",
        "DELETE FROM console_session WHERE id_hash = ?",
        ps -> ps.setString(1, idHash));
  }

  /**
   * Ends the sessions last used before {@code idleSince} or started before {@code startedSince}.
   */
  public int endSessionsBefore(Instant idleSince, Instant startedSince) {
    return jdbc.update(
        "ending old console sessions",
        "DELETE FROM console_session WHERE last_seen_at < ? OR created_at < ?",
        ps -> {
          ps.setLong(1, idleSince.toEpochMilli());
          ps.setLong(2, startedSince.toEpochMilli());
        });
  }
}

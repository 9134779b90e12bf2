package dev.notionoauth.store.jdbc;

import dev.notionoauth.HttpReply;
import dev.notionoauth.spi.ResultPageIds;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import dev.notionoauth.store.jdbc.internal.Rows;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Result pages in the {@code result_page} table, shared by every instance: the redirect after a
 * callback may land on any of them. Only a hash of each page's id is stored; pages expire after a
 * time-to-live (10 minutes); expired ones are deleted in the background ({@link JdbcStores}), never
 * inside a request.
 */
public final class JdbcResultPageStore implements ResultPageStore {
  private final Jdbc jdbc;
  private final Clock clock;
  private final Duration ttl;
  private final int maxPages;
  private volatile boolean full;

  /** The default cap on stored pages. */
  public static final int DEFAULT_MAX_PAGES = 200_000;

  /**
   * Creates the store over a migrated database.
   *
   * @param db the database
   * @param clock the clock for expiry
   * @param ttl how long a page stays
   */
  public JdbcResultPageStore(DataSource db, Clock clock, Duration ttl) {
    this(db, clock, ttl, DEFAULT_MAX_PAGES);
  }

  /**
   * Creates the store over a migrated database, with a cap: once {@code maxPages} live pages were
   * counted, {@link #put} refuses (the adapter then shows the page directly, without storing it).
   */
  public JdbcResultPageStore(DataSource db, Clock clock, Duration ttl, int maxPages) {
    this.jdbc = new Jdbc(db);
    this.clock = clock;
    this.ttl = ttl;
    this.maxPages = maxPages;
  }

  /** Counts live pages and remembers whether the cap is reached (the maintenance thread's job). */
  public long countLive() {
    long live =
        jdbc.queryOne(
                "counting result pages",
                "SELECT COUNT(*) FROM result_page WHERE expires_at > ?",
                ps -> ps.setLong(1, clock.millis()),
                rs -> rs.getLong(1))
            .orElse(0L);
    full = live >= maxPages;
    return live;
  }

  @Override
  public String put(HttpReply reply) {
    if (full) {
      throw new dev.notionoauth.NotionOAuthException("too many result pages stored; not storing");
    }
    String id = ResultPageIds.generate();
    long now = clock.millis();
    jdbc.update(
        "saving a result page",
        "INSERT INTO result_page (id_hash, status, headers, body, expires_at) VALUES (?, ?, ?, ?,"
            + " ?)",
        ps -> {
          ps.setString(1, ResultPageIds.storageKey(id));
          ps.setInt(2, reply.status());
          ps.setString(3, Rows.stringMapJson(reply.headers()));
          ps.setString(4, reply.body());
          ps.setLong(5, now + ttl.toMillis());
        });
    return id;
  }

  /** Deletes expired pages; returns how many (called by the maintenance thread). */
  public int purgeExpired() {
    return jdbc.update(
        "purging result pages",
        "DELETE FROM result_page WHERE expires_at <= ?",
        ps -> ps.setLong(1, clock.millis()));
  }

  @Override
  public Optional<HttpReply> get(String id) {
    return jdbc.queryOne(
        "reading a result page",
        "SELECT status, headers, body FROM result_page WHERE id_hash = ? AND expires_at > ?",
        ps -> {
          ps.setString(1, ResultPageIds.storageKey(id));
          ps.setLong(2, clock.millis());
        },
        rs ->
            new HttpReply(
                rs.getInt(1), Rows.stringMap(rs.getString(2), "stored headers"), rs.getString(3)));
  }
}

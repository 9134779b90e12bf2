package dev.notionoauth.spi;

import java.time.Duration;
import java.util.List;

/**
 * Keeps the client-side token buckets that pace calls to Notion's API: one per installation and one
 * per workspace ({@link dev.notionoauth.ApiLimits}). Called by {@link dev.notionoauth.NotionApi}
 * before every call (so also by the HTTP API's Notion proxy), and when Notion answers 429.
 *
 * <p>Built in: the in-process buckets {@link dev.notionoauth.Installations} uses by default (each
 * instance keeps its own pace); the JDBC store's PostgreSQL buckets in {@code
 * notion-oauth-store-jdbc}, shared by every instance on the database, so two instances together
 * keep one installation within its limit.
 */
public interface RateLimitStore {

  /**
   * A bucket's name and shape.
   *
   * @param name e.g. {@code installation:<bot id>} or {@code workspace:<workspace id>}
   * @param perSecond permits added per second
   * @param burst the most permits kept (a new bucket starts full)
   */
  record Bucket(String name, double perSecond, int burst) {}

  /**
   * Takes one permit from every bucket, or none.
   *
   * @param buckets the call's buckets
   * @param now the caller's monotonic time in nanoseconds; a shared store uses its own clock
   * @return 0 if taken, else the nanoseconds to wait before asking again
   */
  long tryAcquire(List<Bucket> buckets, long now);

  /**
   * Empties a bucket and holds it shut for {@code wait} (Notion's {@code Retry-After}).
   *
   * @param now the caller's monotonic time in nanoseconds; a shared store uses its own clock
   */
  void pause(Bucket bucket, Duration wait, long now);
}

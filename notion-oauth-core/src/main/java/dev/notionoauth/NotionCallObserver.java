package dev.notionoauth;

/**
 * Hears every attempt of every call to Notion, for metrics: which call, Notion's HTTP status (0
 * when no answer came: timeout, broken connection) and how long the attempt took. Called on the
 * calling thread after each attempt; must be fast and must not throw. Never given a token or a
 * body.
 *
 * <p>Set with {@link NotionOAuthClient#observe}; the standalone server and the Spring starter bind
 * it to Micrometer ({@code notion.oauth.notion.calls}).
 */
@FunctionalInterface
public interface NotionCallObserver {
  /** Hears nothing. */
  NotionCallObserver NONE = (call, status, nanos) -> {};

  /**
   * One attempt.
   *
   * @param call {@code exchange}, {@code refresh}, {@code revoke}, {@code introspect} or {@code
   *     api}
   * @param status Notion's HTTP status, or 0 when no answer came
   * @param nanos how long the attempt took
   */
  void onAttempt(String call, int status, long nanos);
}

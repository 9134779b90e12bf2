package dev.notionoauth;

import java.time.Duration;

/**
 * How long one call to Notion may take and how often it is tried: the bounds every call shares,
 * whether an OAuth call ({@link NotionOAuthSettings#calls()}) or an API call ({@link
 * ApiLimits#calls()}). What may be retried is the call's own rule; these only bound it.
 *
 * @param attemptTimeout deadline of one attempt, response body included
 * @param callDeadline deadline of one call, retries and waits included
 * @param maxAttempts attempts per call where a retry is allowed (1 to 10)
 * @param maxRetryAfter the longest {@code Retry-After} of a 429/529 waited out; a longer one fails
 *     at once, the wait in the exception ({@link Duration#ZERO}: never wait)
 * @param maxResponseBytes the largest answer read (at least 1024)
 */
public record CallLimits(
    Duration attemptTimeout,
    Duration callDeadline,
    int maxAttempts,
    Duration maxRetryAfter,
    int maxResponseBytes) {

  /** Checks every bound. */
  public CallLimits {
    if (attemptTimeout.isZero() || attemptTimeout.isNegative()) {
      throw new IllegalArgumentException("attemptTimeout must be positive");
    }
    if (callDeadline.isZero() || callDeadline.isNegative()) {
      throw new IllegalArgumentException("callDeadline must be positive");
    }
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 10");
    }
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter must not be negative");
    }
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
    }
  }

  /**
   * The bounds of a refresh: three times as patient as other OAuth calls (30 s an attempt, 45 s a
   * call with the defaults). Notion rotates refresh tokens, so a refresh whose answer arrives after
   * the client gave up is lost for good (the installation then needs re-authorization); a user is
   * not waiting on a refresh as on a callback's exchange. {@code TokenRefresher}'s lease covers it.
   */
  public CallLimits forRefresh() {
    return new CallLimits(
        attemptTimeout.multipliedBy(3),
        callDeadline.multipliedBy(3),
        maxAttempts,
        maxRetryAfter,
        maxResponseBytes);
  }

  /**
   * The OAuth endpoints' defaults: 10 s an attempt, 15 s a call, 3 attempts, waits of up to 10 s,
   * answers of up to 64 KiB (a token response is well under 2 KiB).
   */
  public static CallLimits oauthDefaults() {
    return new CallLimits(
        Duration.ofSeconds(10), Duration.ofSeconds(15), 3, Duration.ofSeconds(10), 64 * 1024);
  }

  /**
   * The API's defaults: 30 s an attempt, 60 s a call (Notion's own maximum), 3 attempts, waits of
   * up to 10 s, answers of up to 8 MiB.
   */
  public static CallLimits apiDefaults() {
    return new CallLimits(
        Duration.ofSeconds(30), Duration.ofSeconds(60), 3, Duration.ofSeconds(10), 8 * 1024 * 1024);
  }

  /** These limits with another cap on {@code Retry-After} waits. */
  public CallLimits withMaxRetryAfter(Duration value) {
    return new CallLimits(attemptTimeout, callDeadline, maxAttempts, value, maxResponseBytes);
  }
}

package dev.notionoauth;

import java.time.Duration;

/**
 * How {@link NotionApi} paces and bounds calls to Notion's API.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>perInstallation / installationBurst</td><td>3 per second / 10</td><td>client-side
 *       token bucket per installation: Notion's documented average for a connection</td></tr>
 *   <tr><td>perWorkspace / workspaceBurst</td><td>9 per second / 27</td><td>shared by every
 *       installation of one workspace (Notion's per-workspace limit since 2026-06-16 is not
 *       published as a number: set yours)</td></tr>
 *   <tr><td>maxLocalWait</td><td>2 s</td><td>the longest a call waits for a client-side permit;
 *       longer fails at once with {@link NotionRateLimitedException}</td></tr>
 *   <tr><td>maxRetryAfter</td><td>10 s</td><td>the longest {@code Retry-After} of a 429/529 waited
 *       out; longer fails at once, the wait in the exception (it can exceed a minute)</td></tr>
 *   <tr><td>maxAttempts</td><td>3</td><td>attempts per call where a retry is allowed</td></tr>
 *   <tr><td>attemptTimeout / callDeadline</td><td>30 s / 60 s</td><td>one attempt, whole body; one
 *       call, retries and waits included (Notion's own maximum is 60 s)</td></tr>
 *   <tr><td>maxResponseBytes</td><td>8 MiB</td><td>larger answers are refused</td></tr>
 * </table>
 *
 * @param perInstallation permits per second per installation
 * @param installationBurst the most permits an idle installation saves up
 * @param perWorkspace permits per second per workspace
 * @param workspaceBurst the most permits an idle workspace saves up
 * @param maxLocalWait the longest wait for a client-side permit
 * @param maxRetryAfter the longest {@code Retry-After} waited out
 * @param maxAttempts attempts per call where a retry is allowed
 * @param attemptTimeout deadline of one attempt
 * @param callDeadline deadline of one call
 * @param maxResponseBytes the largest answer read
 */
public record ApiLimits(
    double perInstallation,
    int installationBurst,
    double perWorkspace,
    int workspaceBurst,
    Duration maxLocalWait,
    Duration maxRetryAfter,
    int maxAttempts,
    Duration attemptTimeout,
    Duration callDeadline,
    int maxResponseBytes) {

  /** Checks every limit. */
  public ApiLimits {
    if (!(perInstallation > 0) || !(perWorkspace > 0)) {
      throw new IllegalArgumentException("rates must be positive");
    }
    if (installationBurst < 1 || workspaceBurst < 1) {
      throw new IllegalArgumentException("bursts must be at least 1");
    }
    if (maxLocalWait.isNegative() || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("waits must not be negative");
    }
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 10");
    }
    if (attemptTimeout.isZero() || attemptTimeout.isNegative() || callDeadline.isNegative()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
    }
  }

  /** The defaults of the table above. */
  public static ApiLimits defaults() {
    return new ApiLimits(
        3,
        10,
        9,
        27,
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        3,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        8 * 1024 * 1024);
  }

  /** These limits with other client-side rates. */
  public ApiLimits withRates(
      double perInstallation, int installationBurst, double perWorkspace, int workspaceBurst) {
    return new ApiLimits(
        perInstallation,
        installationBurst,
        perWorkspace,
        workspaceBurst,
        maxLocalWait,
        maxRetryAfter,
        maxAttempts,
        attemptTimeout,
        callDeadline,
        maxResponseBytes);
  }

  /** These limits with another cap on waits (client-side permits and Notion's Retry-After). */
  public ApiLimits withWaits(Duration maxLocalWait, Duration maxRetryAfter) {
    return new ApiLimits(
        perInstallation,
        installationBurst,
        perWorkspace,
        workspaceBurst,
        maxLocalWait,
        maxRetryAfter,
        maxAttempts,
        attemptTimeout,
        callDeadline,
        maxResponseBytes);
  }
}

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
 * @param calls the bounds of each call ({@link CallLimits#apiDefaults()})
 */
public record ApiLimits(
    double perInstallation,
    int installationBurst,
    double perWorkspace,
    int workspaceBurst,
    Duration maxLocalWait,
    CallLimits calls) {

  /** Checks every limit. */
  public ApiLimits {
    if (!(perInstallation > 0) || !(perWorkspace > 0)) {
      throw new IllegalArgumentException("rates must be positive");
    }
    if (installationBurst < 1 || workspaceBurst < 1) {
      throw new IllegalArgumentException("bursts must be at least 1");
    }
    if (maxLocalWait.isNegative()) {
      throw new IllegalArgumentException("maxLocalWait must not be negative");
    }
  }

  /** The defaults of the table above. */
  public static ApiLimits defaults() {
    return builder().build();
  }

  /** A builder holding the defaults of the table above. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ApiLimits}; every limit has a default. */
  public static final class Builder {
    private double perInstallation = 3;
    private int installationBurst = 10;
    private double perWorkspace = 9;
    private int workspaceBurst = 27;
    private Duration maxLocalWait = Duration.ofSeconds(2);
    private CallLimits calls = CallLimits.apiDefaults();

    private Builder() {}

    /** Permits per second and burst per installation, and per workspace. */
    public Builder rates(
        double perInstallation, int installationBurst, double perWorkspace, int workspaceBurst) {
      this.perInstallation = perInstallation;
      this.installationBurst = installationBurst;
      this.perWorkspace = perWorkspace;
      this.workspaceBurst = workspaceBurst;
      return this;
    }

    /** The longest wait for a client-side permit. */
    public Builder maxLocalWait(Duration value) {
      this.maxLocalWait = value;
      return this;
    }

    /** The bounds of each call. */
    public Builder calls(CallLimits value) {
      this.calls = value;
      return this;
    }

    /** The longest {@code Retry-After} waited out, keeping the other call bounds. */
    public Builder maxRetryAfter(Duration value) {
      this.calls = calls.withMaxRetryAfter(value);
      return this;
    }

    /** Validates and builds. */
    public ApiLimits build() {
      return new ApiLimits(
          perInstallation, installationBurst, perWorkspace, workspaceBurst, maxLocalWait, calls);
    }
  }
}

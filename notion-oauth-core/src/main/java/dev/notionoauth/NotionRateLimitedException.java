package dev.notionoauth;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Notion kept answering 429 {@code rate_limited} or 529 {@code service_overload} after the
 * configured retries, or asked to wait longer than the configured cap; or (for API calls) the
 * client-side limit of the installation or its workspace would have made the call wait too long
 * ({@link #rateLimitReason()} then starts with {@code client_}). The request was not processed.
 */
public final class NotionRateLimitedException extends NotionApiException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;
  private final @Nullable String rateLimitReason;

  /**
   * Creates the exception.
   *
   * @param error the last error Notion sent
   * @param retryAfter Notion's last {@code Retry-After}, if it sent a usable one
   */
  public NotionRateLimitedException(NotionError error, @Nullable Duration retryAfter) {
    super(
        error,
        "Notion answered HTTP "
            + error.status()
            + " "
            + error.code()
            + (error.rateLimitReason() == null ? "" : " (" + error.rateLimitReason() + ")")
            + (retryAfter == null ? "" : " (retry after " + retryAfter.toSeconds() + " s)"));
    this.retryAfter = retryAfter;
    this.rateLimitReason = error.rateLimitReason();
  }

  /**
   * Which limit was hit: Notion's {@code additional_data.rate_limit_reason}, or {@code
   * client_installation} / {@code client_workspace} for the client-side limits.
   */
  public Optional<String> rateLimitReason() {
    return Optional.ofNullable(rateLimitReason);
  }

  /** How long Notion asked us to wait, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

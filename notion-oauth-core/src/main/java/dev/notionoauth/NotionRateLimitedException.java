package dev.notionoauth;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Notion kept answering 429 {@code rate_limited} or 529 {@code service_overload} after the
 * configured retries, or asked to wait longer than the configured cap. Notion did not process the
 * request.
 */
public final class NotionRateLimitedException extends NotionApiException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

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
            + (retryAfter == null ? "" : " (retry after " + retryAfter.toSeconds() + " s)"));
    this.retryAfter = retryAfter;
  }

  /** How long Notion asked us to wait, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

package dev.notionoauth.emulator;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Notion's refusal of a request: the HTTP status, error code and message it would send. */
final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;
  final @Nullable Duration retryAfter;
  final @Nullable String rateLimitReason;

  Refusal(int status, String code, String message) {
    this(status, code, message, null, null);
  }

  Refusal(
      int status,
      String code,
      String message,
      @Nullable Duration retryAfter,
      @Nullable String rateLimitReason) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.rateLimitReason = rateLimitReason;
  }
}
